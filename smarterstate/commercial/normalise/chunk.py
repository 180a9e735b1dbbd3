"""Compile and parse a chunk of ocids in one go: what the importer's worker processes run.

A worker already holds every release of each ocid to merge them, which is all that
normalising needs besides the compiled release. Parsing there, next to the merge, leaves
the importer's main process only the database writes, and spares it reading the compiled
releases and their releases back. No database access here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson
from ocdsmerge.exceptions import OCDSMergeError

from smarterstate.core.gcpause import gc_paused

from ..ocds import merge
from .drafts import Draft, PartyBook
from .parse import parse_release_group


@dataclass
class CompiledChunk:
    # (ocid, compiled release JSON, None) or (ocid, None, why it cannot be compiled)
    results: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    parties: PartyBook = field(default_factory=PartyBook)


def compile_and_parse(groups: list[tuple[str, list[str]]]) -> CompiledChunk:
    """Merge each (ocid, [release JSON in stored order, …]) group and parse the result."""
    chunk = CompiledChunk()
    with gc_paused():
        for ocid, texts in groups:
            releases = [orjson.loads(text) for text in texts]
            try:
                compiled = merge.compiled_release(releases)
            except OCDSMergeError as exc:
                chunk.results.append((ocid, None, f"{type(exc).__name__}: {exc}"))
                continue
            chunk.results.append((ocid, orjson.dumps(compiled).decode(), None))
            chunk.drafts.append(parse_release_group(ocid, compiled, releases, chunk.parties))
    return chunk
