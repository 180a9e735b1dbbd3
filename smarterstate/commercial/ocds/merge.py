"""Merging releases with ocdsmerge, using only the schema bundled in the repository.

The schema file is read once per process and handed to ocdsmerge as merge rules, so
ocdsmerge never looks for a schema itself (given no schema it would fetch the latest
from standard.open-contracting.org). The bundled schema has only local ``$ref``s
(``#/definitions/…``); ``load_schema`` refuses one with any other, so resolving them
cannot reach the network either.

``compile_groups`` is what worker processes run: JSON text in, JSON text out, so
little is pickled between processes.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
from ocdsmerge import Merger
from ocdsmerge.exceptions import OCDSMergeError, OCDSMergeWarning
from ocdsmerge.rules import get_merge_rules

SCHEMA_PATH = (
    Path(__file__).resolve().parents[3]
    / "data"
    / "ocds"
    / "schema"
    / "release-schema-1__1__5+uk_extension-only.json"
)


def _refs(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                yield item
            else:
                yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        schema = json.load(handle)
    remote = sorted({ref for ref in _refs(schema) if not ref.startswith("#")})
    if remote:
        raise ValueError(f"{SCHEMA_PATH.name} refers outside itself ({', '.join(remote)})")
    return schema


@lru_cache(maxsize=1)
def merger() -> Merger:
    return Merger(merge_rules=get_merge_rules(load_schema()))


def compiled_release(releases: list[dict[str, Any]]) -> dict[str, Any]:
    """The compiled release of one ocid's releases (in any order: ocdsmerge sorts them by date)."""
    with warnings.catch_warnings():
        # Duplicate ids in arrays are common in real data and merge the way OCDS says;
        # a warning per ocid would drown the progress bar.
        warnings.simplefilter("ignore", OCDSMergeWarning)
        return merger().create_compiled_release(releases)


def versioned_release(releases: list[dict[str, Any]]) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OCDSMergeWarning)
        return merger().create_versioned_release(releases)


def compile_groups(
    groups: list[tuple[str, list[str]]],
) -> list[tuple[str, str | None, str | None]]:
    """Compile each (ocid, [release JSON, …]) group: (ocid, compiled JSON, None) or (ocid, None, error).

    Releases must be listed in the order they were first stored: ocdsmerge's sort by
    date is stable, so that order decides between releases with the same date (as
    the order in the file does for ``ocdskit compile``).
    """
    out: list[tuple[str, str | None, str | None]] = []
    for ocid, texts in groups:
        try:
            compiled = compiled_release([orjson.loads(text) for text in texts])
        except OCDSMergeError as exc:
            out.append((ocid, None, f"{type(exc).__name__}: {exc}"))
            continue
        out.append((ocid, orjson.dumps(compiled).decode(), None))
    return out
