"""``normalise_ocids``: rebuild the normalised rows of some ocids from their stored compiled
releases and releases (the importer instead parses in its workers, from the releases it merged)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import orjson
from django.db import transaction

from smarterstate.commercial.models import (
    CompiledRelease,
    Process,
    Release,
)
from smarterstate.commercial.services.mapping import OrganisationIndex

from .drafts import PartyBook
from .parse import by_date, first_values, needs_history, parse_compiled
from .save import batched, save_drafts

CHUNK_SIZE = 1000


def normalise_ocids(ocids: Iterable[str], *, chunk_size: int = CHUNK_SIZE) -> None:
    """Rebuild the normalised rows of these ocids from their compiled releases.

    An ocid without a compiled release loses its process (and children).
    """
    unique = sorted(set(ocids))
    if not unique:
        return
    organisations = OrganisationIndex.load()
    for batch in batched(unique, chunk_size):
        _normalise_chunk(batch, organisations)


@transaction.atomic
def _normalise_chunk(ocids: list[str], organisations: OrganisationIndex) -> None:
    # In ocid order, as the importer parses them: when releases disagree about a party (its
    # name, SME flag), the last ocid read wins, so the order decides.
    compiled = dict(
        CompiledRelease.objects.filter(ocid__in=ocids).order_by("ocid").values_list("ocid", "data")
    )
    missing = [ocid for ocid in ocids if ocid not in compiled]
    if missing:
        Process.objects.filter(ocid__in=missing).delete()

    # Stored order (id), then date order in Python: the same order as the importer's workers
    # use (parse_release_group), whichever database this is.
    facts: dict[str, list[tuple[datetime | None, list[str]]]] = defaultdict(list)
    for ocid, date, tags in (
        Release.objects.filter(ocid__in=list(compiled))
        .order_by("ocid", "id")
        .values_list("ocid", "date", "tags")
    ):
        facts[ocid].append((date, tags if isinstance(tags, list) else []))

    parsed: dict[str, dict[str, Any]] = {}
    for ocid, text in compiled.items():
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            continue
        if isinstance(data, dict):
            parsed[ocid] = data

    need_history = [
        ocid for ocid, data in parsed.items() if needs_history(data, len(facts.get(ocid, ())))
    ]
    history: dict[str, list[tuple[datetime | None, str]]] = defaultdict(list)
    if need_history:
        for ocid, date, text in (
            Release.objects.filter(ocid__in=need_history)
            .order_by("ocid", "id")
            .values_list("ocid", "date", "data")
        ):
            history[ocid].append((date, text))

    book = PartyBook()
    drafts = [
        parse_compiled(
            ocid,
            data,
            by_date(facts.get(ocid, []), _date),
            book,
            first_values(text for _, text in by_date(history[ocid], _date))
            if ocid in history
            else None,
        )
        for ocid, data in parsed.items()
    ]
    save_drafts(drafts, book, organisations)


def _date(pair: tuple[datetime | None, Any]) -> datetime | None:
    return pair[0]
