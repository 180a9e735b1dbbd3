"""Harmonised measure ids for Civil Service People Survey columns.

Published codes were renumbered over the years (B55 "I believe I would be supported if I try
a new idea" was B59 before 2017; B46 "safe to challenge" was B49), so a value is never stored
against its B-code alone. Two tables bundled in ``data/csps/`` give the id:

* ``csps_measures_lookup.csv``: (year, published code) → numeric id, for 2009–2024;
* ``csps_questions_ref.csv``: numeric id → text id (``cul.try_new_ideas``), a regular
  expression that matches the measure's label, and the label.

A column is recognised by its code in its year first, and by its label's pattern when the
year or the code is not in the lookup (theme columns published without a code, newer years).
Pure Python, no Django.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[3] / "data" / "csps"
QUESTIONS_REF = DATA_DIR / "csps_questions_ref.csv"
MEASURES_LOOKUP = DATA_DIR / "csps_measures_lookup.csv"

# Sub-answers published as separate columns of one question (E01 yes / no / prefer not to say).
RESPONSE_SUFFIXES = {"yes": "yes", "no": "no", "pnts": "prefer-not-to-say"}
RESPONSE_IN_LABEL = (
    (re.compile(r"\(%\s*(selecting\s*)?'?yes'?\)", re.I), "yes"),
    (re.compile(r"\(%\s*(selecting\s*)?'?no'?\)", re.I), "no"),
    (re.compile(r"prefer not to say", re.I), "prefer-not-to-say"),
)


@dataclass(frozen=True)
class Measure:
    uid: str  # the harmonised text id, e.g. "cul.try_new_ideas"
    number: str  # its numeric id, e.g. "3.01.002.00"
    label: str
    pattern: re.Pattern

    @property
    def theme(self) -> str:
        return self.uid.split(".", 1)[0]


@cache
def measures() -> dict[str, Measure]:
    """Every harmonised measure by its numeric id."""
    with open(QUESTIONS_REF, encoding="utf-8-sig", newline="") as handle:
        return {
            row["uid_num"]: Measure(
                uid=row["uid_txt"],
                number=row["uid_num"],
                label=row["label"],
                pattern=re.compile(row["regex"], re.I),
            )
            for row in csv.DictReader(handle)
        }


@cache
def by_uid() -> dict[str, Measure]:
    return {measure.uid: measure for measure in measures().values()}


@cache
def lookup() -> dict[tuple[int, str], str]:
    """(year, lower-case published code) → numeric id."""
    with open(MEASURES_LOOKUP, encoding="utf-8-sig", newline="") as handle:
        return {
            (int(row["year"]), row["measure"].strip().lower()): row["uid"].strip()
            for row in csv.DictReader(handle)
        }


@cache
def lookup_years() -> frozenset[int]:
    return frozenset(year for year, _ in lookup())


def _by_code(year: int, code: str) -> Measure | None:
    number = lookup().get((year, code.lower()))
    return measures().get(number) if number else None


def _by_label(label: str) -> Measure | None:
    text = " ".join(label.lower().split())
    # Labels carry notes such as "(% strongly agree or agree)" and "[note 1]": match the
    # statement itself, and prefer the most specific pattern (the longest match) on ties.
    text = re.sub(r"\[note \d+\]", "", text).strip()
    best: tuple[int, Measure] | None = None
    for measure in measures().values():
        if measure.uid.startswith("meta.") and not re.search(r"response|count", text):
            continue
        match = measure.pattern.search(text)
        if match and (best is None or len(match.group(0)) > best[0]):
            best = (len(match.group(0)), measure)
    return best[1] if best else None


def response_of(code: str, label: str) -> tuple[str, str]:
    """Split a sub-answer off a code (``E01_yes``) or read it from the label (``(% yes)``)."""
    base, _, suffix = code.rpartition("_")
    if base and suffix.lower() in RESPONSE_SUFFIXES:
        return base, RESPONSE_SUFFIXES[suffix.lower()]
    for pattern, response in RESPONSE_IN_LABEL:
        if pattern.search(label):
            return code, response
    return code, ""


def harmonise(year: int, code: str, label: str) -> tuple[Measure | None, str]:
    """The measure a column holds, and its sub-answer ("" for most).

    By code in its year when the lookup knows the year; by the label's pattern otherwise.
    """
    code = code.strip()
    base, response = response_of(code, label) if code else ("", "")
    if code and year in lookup_years():
        measure = _by_code(year, code) or (_by_code(year, base) if base != code else None)
        if measure is not None:
            return measure, response
        if code.lower() in ("hse_index", "perma_index"):
            return _by_code(year, code.lower()), ""
        # A code the lookup does not know for this year is not guessed from its label:
        # questions are reworded, and a wrong match would join two different series.
        return None, response
    measure = _by_label(label) if label else None
    if measure is None and code:
        measure = _by_label(code)
    return measure, response


def measure_id(measure: Measure, response: str) -> str:
    """The id values are stored under: the harmonised id, plus the sub-answer when there is one."""
    return f"{measure.uid}:{response}" if response else measure.uid
