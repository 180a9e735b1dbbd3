"""Pure lifecycle rules, free of Django: purl/cpe bases, matching a version to a release
cycle, the status of a cycle on a date, and LITRAF scoring (docs/domain.md §3).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from packageurl import PackageURL

from smarterstate.core.dates import add_months

# -- identifiers ------------------------------------------------------------------------


def base_purl(purl: str) -> str | None:
    """``pkg:type/namespace/name`` without version, qualifiers or subpath; None if not a purl."""
    if not purl or not purl.startswith("pkg:"):
        return None
    try:
        parsed = PackageURL.from_string(purl.strip())
    except ValueError:
        return None
    return PackageURL(type=parsed.type, namespace=parsed.namespace, name=parsed.name).to_string()


def purl_family(purl: str) -> str | None:
    """``pkg:type/namespace`` of a purl with a namespace (the "family" of packages published
    together, e.g. every ``org.eclipse.jetty`` module); None without a namespace or if not a purl.
    """
    if not purl or not purl.startswith("pkg:"):
        return None
    try:
        parsed = PackageURL.from_string(purl.strip())
    except ValueError:
        return None
    if not parsed.namespace:
        return None
    # Encoded as base_purl encodes it (``pkg:npm/%40acme``), so families and packages compare.
    return PackageURL(type=parsed.type, namespace=parsed.namespace, name="x").to_string()[:-2]


def mapping_key(text: str) -> str | None:
    """A purl family or package as a mapping names it, encoded as matching compares it:
    ``pkg:npm/@acme`` → ``pkg:npm/%40acme``; None if it is neither."""
    text = (text or "").strip().rstrip("/")
    path = re.sub(r"^(@|%40)", "", text[4:].partition("/")[2])  # an npm scope's own "@"
    if "@" in path or "?" in text or "#" in text:
        return None  # a version, qualifiers or subpath: not a family or package
    return purl_family(text + "/x")


def base_cpe(cpe: str) -> str | None:
    """``vendor:product`` of a CPE 2.2 URI (cpe:/a:vendor:product…) or 2.3 string, lower case."""
    if not cpe:
        return None
    text = cpe.strip().lower()
    if text.startswith("cpe:2.3:"):
        parts = text.split(":")
        return f"{parts[3]}:{parts[4]}" if len(parts) > 4 else None
    if text.startswith("cpe:/"):
        parts = text[5:].split(":")
        return f"{parts[1]}:{parts[2]}" if len(parts) > 2 else None
    return None


def clean_version(version: str) -> str:
    """Versions as packages write them: ``v7.30.6`` → ``7.30.6``."""
    version = (version or "").strip()
    if re.match(r"^[vV]\d", version):
        version = version[1:]
    return version


def match_cycle(version: str, cycle_names: Iterable[str]) -> str | None:
    """The longest cycle name equal to the version or a prefix of it ending at a dot.

    ``9.4.18.v20190429`` → ``9.4`` (not ``9``); ``5.2.18.Final`` among 5.3…5.6 → None.
    """
    version = clean_version(version)
    if not version:
        return None
    best = None
    for name in cycle_names:
        if (version == name or version.startswith(name + ".")) and (
            best is None or len(name) > len(best)
        ):
            best = name
    return best


# -- dates and statuses -----------------------------------------------------------------


STATUSES = ("eol", "eol-3m", "eol-6m", "eol-12m", "undecided", "maintained", "not-covered")
STATUS_LABELS = {
    "eol": "Past end of life",
    "eol-3m": "End of life within 3 months",
    "eol-6m": "End of life within 6 months",
    "eol-12m": "End of life within 12 months",
    "undecided": "End of life not decided",
    "maintained": "Maintained",
    "not-covered": "Not in the catalogue",
}
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}


@dataclass(frozen=True)
class Lifecycle:
    """The dates that decide a cycle's status, after any local override."""

    is_eol: bool | None = None
    eol_from: dt.date | None = None
    eoas_from: dt.date | None = None
    is_eoes: bool | None = None
    eoes_from: dt.date | None = None
    overridden: tuple[str, ...] = ()


def status_on(lifecycle: Lifecycle | None, day: dt.date) -> str:
    """One of STATUSES for a cycle on ``day``.

    A date wins over the vendor's flag (flags are computed on the day the catalogue was
    built); with no date, ``isEol`` true means it already ended, false means not decided.
    """
    if lifecycle is None:
        return "not-covered"
    end = lifecycle.eol_from
    if end is None:
        return "eol" if lifecycle.is_eol else "undecided"
    if end <= day:
        return "eol"
    for months in (3, 6, 12):
        if end <= add_months(day, months):
            return f"eol-{months}m"
    return "maintained"


def worst(statuses: Iterable[str]) -> str | None:
    return min(statuses, key=STATUS_RANK.__getitem__, default=None)


# -- LITRAF -----------------------------------------------------------------------------

TWO_PLACES = Decimal("0.01")
RED_THRESHOLD = Decimal(16)
LEGACY_THRESHOLD = 3


def group_score(values: Iterable[int]) -> Decimal:
    """(mean + max) / 2 of a criteria group, to two places."""
    numbers = [Decimal(v) for v in values]
    if not numbers:
        raise ValueError("a group needs at least one score")
    mean = sum(numbers) / len(numbers)
    return ((mean + max(numbers)) / 2).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RiskScore:
    likelihood: Decimal
    impact: Decimal
    risk: Decimal
    red_rated: bool
    legacy: bool


def litraf_score(likelihood: Mapping[str, int], impact: Mapping[str, int]) -> RiskScore:
    """Risk = likelihood group × impact group (max 30); red-rated at 16 or more; legacy when
    any likelihood criterion scores 3 or more."""
    lik = group_score(likelihood.values())
    imp = group_score(impact.values())
    risk = (lik * imp).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return RiskScore(
        likelihood=lik,
        impact=imp,
        risk=risk,
        red_rated=risk >= RED_THRESHOLD,
        legacy=any(v >= LEGACY_THRESHOLD for v in likelihood.values()),
    )
