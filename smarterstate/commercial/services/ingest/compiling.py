"""Compiling stale ocids: merge their releases (in worker processes for big runs), store the
compiled releases and their normalised rows, one chunk of ocids per transaction."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from itertools import groupby

from django.db import connection, transaction
from django.utils import timezone

from ...models import CompiledRelease, OCDSImport, Process, Release
from ...normalise import save_drafts
from ...normalise.chunk import CompiledChunk, compile_and_parse
from ...ocds.release import releases_digest
from ..mapping import OrganisationIndex
from .releases import chunks, lock_releases
from .report import MAX_KEPT, OCDSImportReport, Progress, save_counts
from .workers import Workers

COMPILE_CHUNK = 250  # ocids compiled, stored and normalised per transaction
POOL_THRESHOLD = 2000  # fewer ocids than this to compile: worker processes cost more than they save


def _fetch_groups(
    ocids: list[str],
) -> tuple[list[tuple[str, list[str]]], dict[str, tuple[str, int]]]:
    """Each ocid's releases as JSON text, in the order they were first stored, and its digest."""
    rows = (
        Release.objects.filter(ocid__in=ocids)
        .order_by("ocid", "pk")
        .values_list("ocid", "release_id", "content_hash", "data")
    )
    groups: list[tuple[str, list[str]]] = []
    digests: dict[str, tuple[str, int]] = {}
    for ocid, group in groupby(rows, key=lambda row: row[0]):
        group = list(group)
        groups.append((ocid, [row[3] for row in group]))
        digests[ocid] = (releases_digest([(row[1], row[2]) for row in group]), len(group))
    return groups, digests


def normalise_parsed(chunk: CompiledChunk, organisations: OrganisationIndex) -> set[int]:
    """Write the normalised rows the workers parsed (a seam the tests watch); returns the
    parties whose SME/VCSE flags changed."""
    return save_drafts(chunk.drafts, chunk.parties, organisations)


def _note_scopes(ocids: list[str], report: OCDSImportReport) -> None:
    """Add the buyers and organisations of these ocids' processes to the touched scopes."""
    for buyer_id, organisation_id in (
        Process.objects.filter(ocid__in=ocids).values_list("buyer_id", "organisation_id").distinct()
    ):
        if buyer_id is not None:
            report.touched_buyers.add(buyer_id)
        if organisation_id is not None:
            report.touched_organisations.add(organisation_id)


def compile_stale(
    ocids: Iterator[str],
    report: OCDSImportReport,
    record: OCDSImport | None,
    pool: Workers,
    progress: Progress | None,
) -> None:
    organisations = OrganisationIndex.load()
    if pool.count < 2 or report.to_compile < POOL_THRESHOLD:
        for chunk in chunks(ocids, COMPILE_CHUNK):
            groups, digests = _fetch_groups(chunk)
            _store_compiled(compile_and_parse(groups), digests, report, record, organisations)
            if progress:
                progress(report)
        return

    # Workers merge and parse a few chunks ahead while this process reads the next and
    # writes the last.
    in_flight: deque[tuple[Future, dict[str, tuple[str, int]]]] = deque()

    def store_oldest() -> None:
        future, waiting = in_flight.popleft()
        _store_compiled(future.result(), waiting, report, record, organisations)
        if progress:
            progress(report)

    try:
        for chunk in chunks(ocids, COMPILE_CHUNK):
            groups, digests = _fetch_groups(chunk)
            in_flight.append((pool.submit(compile_and_parse, groups), digests))
            while len(in_flight) > pool.count * 2:
                store_oldest()
        while in_flight:
            store_oldest()
    finally:
        for future, _ in in_flight:
            future.cancel()


def _store_compiled(
    chunk: CompiledChunk,
    digests: dict[str, tuple[str, int]],
    report: OCDSImportReport,
    record: OCDSImport | None,
    organisations: OrganisationIndex,
) -> None:
    """Store a chunk's compiled releases and their normalised rows in one transaction."""
    now = timezone.now()
    rows = []
    failed = []
    for ocid, compiled, error in chunk.results:
        if compiled is None:
            failed.append(ocid)
            if len(report.compile_errors) < MAX_KEPT:
                report.compile_errors.append({"ocid": ocid, "reason": f"cannot compile: {error}"})
            continue
        digest, count = digests[ocid]
        rows.append((ocid, compiled, digest, count, now))
    with transaction.atomic():
        lock_releases()
        ocids = [ocid for ocid, _, _ in chunk.results]
        _note_scopes(ocids, report)  # before: a process may move to another buyer
        if failed:
            # A clean run would have neither a compiled release nor a process for these.
            CompiledRelease.objects.filter(ocid__in=failed).delete()
            Process.objects.filter(ocid__in=failed).delete()
        if rows:
            _write_compiled(rows)
            report.flags_changed.update(normalise_parsed(chunk, organisations) or ())
            _note_scopes(ocids, report)  # after
        report.ocids_compiled += len(rows)
        save_counts(record, report)


_COMPILED_COLUMNS = ("ocid", "data", "releases_digest", "release_count", "compiled_at")


def _write_compiled(rows: list[tuple]) -> None:
    """Insert or replace compiled releases: COPY when none of them is stored yet (a first
    import), else one upsert."""
    table = connection.ops.quote_name(CompiledRelease._meta.db_table)
    columns = ", ".join(_COMPILED_COLUMNS)
    with connection.cursor() as cursor:
        if (
            connection.vendor == "postgresql"
            and not CompiledRelease.objects.filter(ocid__in=[row[0] for row in rows]).exists()
        ):
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        now = connection.ops.adapt_datetimefield_value(rows[0][4])
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s) "  # noqa: S608
            "ON CONFLICT (ocid) DO UPDATE SET "
            "data = excluded.data, releases_digest = excluded.releases_digest, "
            "release_count = excluded.release_count, compiled_at = excluded.compiled_at",
            [(*row[:4], now) for row in rows],
        )
