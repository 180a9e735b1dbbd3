"""Importing OCDS releases: store each once, compile the ocids that changed, normalise them.

``ocds_import`` is what the ``import_ocds`` command and the web upload job both run.

1. **Read** every input with ``ocds.reader`` (format detected from the bytes) and
   prepare each release with ``ocds.release`` (checks, 1.0 → 1.1 upgrade, canonical
   hash). Bad releases and malformed JSON are rejects with positions; the run goes on.
   Past the first few thousand lines of JSON lines, worker processes parse and
   prepare chunks of lines while this process stores the previous batch.
2. **Store** releases in batches (``BATCH_SIZE``), one transaction each: one query
   finds the stored hashes of the batch's keys, then new releases are inserted (COPY
   on PostgreSQL, one executemany on SQLite) and changed ones updated in place. Same
   key and hash: unchanged, nothing written. A changed release read later in the
   same run also replaces the earlier one.
3. **Compile** the ocids whose compiled release is missing or stale: the stored
   ``CompiledRelease.releases_digest`` differs from the digest of the ocid's current
   (release id, content hash) pairs. That is found by a scan over release keys, not
   from what this run wrote, so a run that was killed at any moment leaves nothing
   behind: the next run finds its stale ocids and compiles them. Each chunk of
   ocids is compiled, stored and normalised in one transaction. Merging (ocdsmerge)
   is the expensive part, so for big runs it happens in worker processes, which also
   parse the compiled release into normalised rows from the releases they merged
   (``normalise.chunk``), while this process reads the next chunk and writes the last.
4. **Refresh** the indicators once at the end, when anything was compiled or the
   previous run did not finish.

The scan is skipped when this run wrote nothing and the previous run succeeded
(a re-import of unchanged files), which is what makes re-imports cheap.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby, islice
from typing import Any

import orjson
from django.db import connection, transaction
from django.utils import timezone

from smarterstate.core.importing import InputUnreadable
from smarterstate.core.signals import data_changed

from ..models import (
    Amendment,
    Award,
    AwardSupplier,
    CompiledRelease,
    Contract,
    ImportStatus,
    Lot,
    OCDSImport,
    Party,
    Process,
    Release,
)
from ..normalise import save_drafts
from ..normalise.chunk import CompiledChunk, compile_and_parse
from ..ocds import merge, reader
from ..ocds.release import (
    Prepared,
    PreparedRelease,
    prepare_item,
    prepare_lines,
    releases_digest,
)
from .indicators import refresh_indicators
from .mapping import OrganisationIndex

log = logging.getLogger(__name__)

NORMALISED_MODELS = (
    CompiledRelease,
    Process,
    Lot,
    Award,
    AwardSupplier,
    Contract,
    Amendment,
    Party,
)

BATCH_SIZE = 2000  # releases stored per transaction
COMPILE_CHUNK = 250  # ocids compiled, stored and normalised per transaction
LINES_PER_CHUNK = 500  # JSON lines parsed and prepared by a worker at a time
PARALLEL_AFTER_LINES = 5000  # smaller inputs are read in this process: forking costs more
POOL_THRESHOLD = 2000  # fewer ocids than this to compile: worker processes cost more than they save
QUERY_CHUNK = 900  # values in one IN (…): under SQLite's historical limit of 999
RELEASES_LOCK = 0x4F434453  # "OCDS": PostgreSQL advisory lock key for storing releases
MAX_KEPT = 1000  # rejects and replaced releases kept in the report and the import record
ANALYZE_AFTER = 10_000  # rows written by a run past which PostgreSQL's statistics are refreshed


@dataclass
class OCDSImportReport:
    """Counting rule: releases_read = new + unchanged + replaced + rejected."""

    files: list[str] = field(default_factory=list)
    releases_read: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    rejected: int = 0
    ocids_compiled: int = 0
    seconds: float = 0.0
    rejects: list[dict[str, Any]] = field(default_factory=list)
    replaced_releases: list[dict[str, Any]] = field(default_factory=list)
    compile_errors: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False
    import_id: int | None = None
    phase: str = "reading"
    to_compile: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def read(self) -> int:  # what jobs.services reads as progress
        return self.releases_read

    def reject(self, where: reader.Where, reason: str) -> None:
        self.rejected += 1
        if len(self.rejects) < MAX_KEPT:
            self.rejects.append(where.as_dict(reason))

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "releases_read": self.releases_read,
            "new": self.new,
            "unchanged": self.unchanged,
            "replaced": self.replaced,
            "rejected": self.rejected,
            "ocids_compiled": self.ocids_compiled,
            "seconds": round(self.seconds, 3),
            "rejects": self.rejects,
            "replaced_releases": self.replaced_releases,
            "compile_errors": self.compile_errors,
            "dry_run": self.dry_run,
            "import_id": self.import_id,
        }


Progress = Callable[[OCDSImportReport], None]


class _DryRunRollback(Exception):
    pass


def ocds_import(
    *,
    paths: list[str],
    display_names: dict[str, str] | None = None,
    user=None,
    job=None,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
) -> OCDSImportReport:
    """Import OCDS files (``-`` is stdin). Raises InputUnreadable before storing anything
    if an input is missing, empty or not JSON.

    An OCDSImport row records every real run (running → succeeded/failed); a dry run
    does all the work in a transaction that is rolled back, and leaves no record.
    ``workers`` is how many processes merge releases (default: one per core, and none
    for small runs).
    """
    started = time.monotonic()
    display_names = display_names or {}
    sources: list[reader.Source] = []
    try:
        for path in paths:
            sources.append(reader.open_source(path, display_names.get(path)))
    except reader.Unreadable as exc:
        for source in sources:
            source.close()
        raise InputUnreadable(str(exc)) from exc

    report = OCDSImportReport(dry_run=dry_run, started=started)
    if workers is None:
        workers = min(os.cpu_count() or 1, 2)
    try:
        if dry_run:
            try:
                with transaction.atomic():
                    _run(sources, report, None, batch_size, workers, progress)
                    raise _DryRunRollback
            except _DryRunRollback:
                pass
        else:
            record = OCDSImport.objects.create(
                created_by=user, job=job, files=[source.name for source in sources]
            )
            report.import_id = record.pk
            try:
                _run(sources, report, record, batch_size, workers, progress)
            except BaseException as exc:
                _finish(record, report, ImportStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
                raise
            _finish(record, report, ImportStatus.SUCCEEDED)
    finally:
        for source in sources:
            source.close()
    report.seconds = time.monotonic() - started
    return report


def _finish(record: OCDSImport, report: OCDSImportReport, status: str, error: str = "") -> None:
    report.seconds = time.monotonic() - report.started
    _save_counts(record, report, status=status, finished_at=timezone.now(), error=error)


def _save_counts(record: OCDSImport | None, report: OCDSImportReport, **extra: Any) -> None:
    if record is None:
        return
    OCDSImport.objects.filter(pk=record.pk).update(
        releases_read=report.releases_read,
        releases_new=report.new,
        releases_unchanged=report.unchanged,
        releases_replaced=report.replaced,
        releases_rejected=report.rejected,
        ocids_compiled=report.ocids_compiled,
        rejects=report.rejects
        + [
            {"source": e["ocid"], "line": None, "offset": None, "reason": e["reason"]}
            for e in report.compile_errors
        ][: max(0, MAX_KEPT - len(report.rejects))],
        replaced=report.replaced_releases,
        seconds=round(time.monotonic() - report.started, 3),
        **extra,
    )


def _previous_run_succeeded(record: OCDSImport | None) -> bool:
    """Did the run before this one finish? (If it was killed, compiled releases may be stale.)"""
    earlier = OCDSImport.objects.all()
    if record is not None:
        earlier = earlier.exclude(pk=record.pk).filter(pk__lt=record.pk)
    last = earlier.order_by("-pk").only("status").first()
    if last is None:
        # No run on record: only trust an empty table.
        return not Release.objects.exists()
    return last.status == ImportStatus.SUCCEEDED


def _run(
    sources: list[reader.Source],
    report: OCDSImportReport,
    record: OCDSImport | None,
    batch_size: int,
    workers: int,
    progress: Progress | None,
) -> None:
    previous_ok = _previous_run_succeeded(record)
    pool = _Workers(workers)
    try:
        batch: list[tuple[PreparedRelease, reader.Where]] = []
        for source in sources:
            report.files.append(source.name)
            for prepared, where, reason in _prepared(source, pool):
                report.releases_read += 1
                if prepared is None:
                    report.reject(where, reason or "")
                    continue
                batch.append((prepared, where))
                if len(batch) >= batch_size:
                    _store_batch(batch, report, record)
                    batch = []
                    if progress:
                        progress(report)
            if batch:
                _store_batch(batch, report, record)
                batch = []
        if progress:
            progress(report)

        report.phase = "compiling"
        if report.new or report.replaced or not previous_ok:
            if report.new + report.replaced >= ANALYZE_AFTER:
                _analyze(Release)
            with tempfile.TemporaryFile("w+b") as stale:
                report.to_compile = _find_stale_ocids(stale)
                stale.seek(0)
                ocids = (line.rstrip(b"\n").decode() for line in stale)
                _compile(ocids, report, record, pool, progress)
    finally:
        pool.close()
    if report.ocids_compiled >= ANALYZE_AFTER:
        _analyze(*NORMALISED_MODELS)
    if report.ocids_compiled or not previous_ok:
        refresh_indicators()
        # Apps that summarise commercial data (capacity) listen and queue their refresh.
        data_changed.send(sender=Release, what="import:ocds", report=None)


def _analyze(*models) -> None:
    """Refresh PostgreSQL's statistics of tables this run grew a lot.

    Autovacuum gets to them only later (or, under load, not for the whole run): with no
    statistics a lookup of 250 ocids was planned as a parallel scan of all the releases,
    which made the compile phase at 1,000,000 releases twice as slow as on SQLite.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


class _Workers:
    """Worker processes for the CPU-heavy pure steps, started on first need, shared by both phases.

    Workers are forked: "spawn" would re-run the caller's main module (any script
    without a __main__ guard). They only run pure functions (prepare_lines,
    compile_and_parse) and never touch the database connections they inherit; this
    process does every database read and write.
    """

    def __init__(self, count: int):
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, fn, *args) -> Future:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.count, mp_context=multiprocessing.get_context("fork")
            )
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _prepared(source: reader.Source, pool: _Workers) -> Iterator[Prepared]:
    """Every release of a source, prepared, in input order.

    JSON lines past the first PARALLEL_AFTER_LINES are parsed and prepared by the
    workers, a chunk at a time, while this process stores the previous batch.
    """
    if source.format != "jsonl":
        for item in reader.read(source):
            yield prepare_item(item)
        return
    in_flight: deque[Future] = deque()
    lines_read = 0
    try:
        for chunk in reader.json_line_chunks(source, LINES_PER_CHUNK):
            if isinstance(chunk, reader.Problem):
                while in_flight:
                    yield from in_flight.popleft().result()
                yield None, chunk.where, chunk.reason
                continue
            if pool.count > 1 and lines_read >= PARALLEL_AFTER_LINES:
                in_flight.append(pool.submit(prepare_lines, source.name, chunk))
                while len(in_flight) > pool.count * 2:
                    yield from in_flight.popleft().result()
            else:
                yield from prepare_lines(source.name, chunk)
            lines_read += len(chunk)
        while in_flight:
            yield from in_flight.popleft().result()
    finally:
        for future in in_flight:
            future.cancel()


def _chunks(items, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _store_batch(
    batch: list[tuple[PreparedRelease, reader.Where]],
    report: OCDSImportReport,
    record: OCDSImport | None,
) -> None:
    with transaction.atomic():
        _lock_releases()
        _store_batch_locked(batch, report, record)


def _lock_releases() -> None:
    """Concurrent imports take turns per batch, so two cannot both insert one new release.

    SQLite needs nothing: its transactions here are IMMEDIATE, so they already take turns.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RELEASES_LOCK])


def _store_batch_locked(
    batch: list[tuple[PreparedRelease, reader.Where]],
    report: OCDSImportReport,
    record: OCDSImport | None,
) -> None:
    keys = {(p.ocid, p.release_id) for p, _ in batch}
    stored = _stored_hashes(keys)
    current: dict[tuple[str, str], str] = {key: value[1] for key, value in stored.items()}
    to_insert: dict[
        tuple[str, str], tuple[PreparedRelease, str]
    ] = {}  # first-read order, last-read content
    to_update: dict[int, tuple[PreparedRelease, str]] = {}
    for prepared, where in batch:
        key = (prepared.ocid, prepared.release_id)
        known = current.get(key)
        if known == prepared.content_hash:
            report.unchanged += 1
            continue
        if known is None:
            report.new += 1
        else:
            report.replaced += 1
            if len(report.replaced_releases) < MAX_KEPT:
                report.replaced_releases.append(
                    {"ocid": prepared.ocid, "id": prepared.release_id, "source": str(where)}
                )
        current[key] = prepared.content_hash
        if key in stored:
            to_update[stored[key][0]] = (prepared, str(where)[:500])
        else:
            to_insert[key] = (prepared, str(where)[:500])

    import_id = record.pk if record else None
    if to_insert:
        _insert_releases(list(to_insert.values()), import_id)
    if to_update:
        _update_releases(to_update, import_id)
    _save_counts(record, report)


def _stored_hashes(keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, str]]:
    """(ocid, release id) → (pk, content hash) of the keys already stored."""
    stored: dict[tuple[str, str], tuple[int, str]] = {}
    if connection.vendor == "postgresql":
        # Exactly the keys, as two array parameters: fetching every release of the batch's
        # ocids (as IN (…) on ocid must) reads three times the rows, and re-imports wait on it.
        ocids, release_ids = zip(*sorted(keys), strict=True) if keys else ((), ())
        table = connection.ops.quote_name(Release._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT r.ocid, r.release_id, r.id, r.content_hash FROM {table} r "  # noqa: S608
                "JOIN unnest(%s::text[], %s::text[]) AS k(ocid, release_id) "
                "ON r.ocid = k.ocid AND r.release_id = k.release_id",
                [list(ocids), list(release_ids)],
            )
            for ocid, release_id, pk, content_hash in cursor.fetchall():
                stored[(ocid, release_id)] = (pk, content_hash)
        return stored
    for ocids in _chunks(sorted({ocid for ocid, _ in keys}), QUERY_CHUNK):
        for ocid, release_id, pk, content_hash in Release.objects.filter(
            ocid__in=ocids
        ).values_list("ocid", "release_id", "pk", "content_hash"):
            if (ocid, release_id) in keys:
                stored[(ocid, release_id)] = (pk, content_hash)
    return stored


# Releases are written with plain SQL rather than model instances: at a million
# releases, building and compiling ORM inserts costs more than the database does.
_RELEASE_COLUMNS = (
    "ocid",
    "release_id",
    "date",
    "date_text",
    "tags",
    "data",
    "content_hash",
    "source",
    "first_import_id",
    "last_import_id",
)


def _release_values(prepared: PreparedRelease, source: str, import_id: int | None) -> tuple:
    date = connection.ops.adapt_datetimefield_value(prepared.date) if prepared.date else None
    return (
        prepared.ocid,
        prepared.release_id,
        date,
        prepared.date_text,
        orjson.dumps(prepared.tags).decode(),
        prepared.data,
        prepared.content_hash,
        source,
        import_id,
        import_id,
    )


def _insert_releases(rows: list[tuple[PreparedRelease, str]], import_id: int | None) -> None:
    table = connection.ops.quote_name(Release._meta.db_table)
    values = [_release_values(prepared, source, import_id) for prepared, source in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT for many rows.
            with cursor.cursor.copy(
                f"COPY {table} ({', '.join(_RELEASE_COLUMNS)}) FROM STDIN"
            ) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(_RELEASE_COLUMNS))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(_RELEASE_COLUMNS)}) VALUES ({placeholders})",  # noqa: S608 - our table and columns
                values,
            )


def _update_releases(rows: dict[int, tuple[PreparedRelease, str]], import_id: int | None) -> None:
    """Replace changed releases in place (their first_import and row order stay)."""
    table = connection.ops.quote_name(Release._meta.db_table)
    columns = ("date", "date_text", "tags", "data", "content_hash", "source", "last_import_id")
    sql = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE id = %s"  # noqa: S608 - our table and columns
    values = []
    for pk, (prepared, source) in rows.items():
        row = _release_values(prepared, source, import_id)
        values.append((*row[2:8], import_id, pk))
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _find_stale_ocids(out) -> int:
    """Write to ``out`` every ocid whose compiled release is missing or out of date; return how many."""
    count = 0

    def flush(digests: dict[str, str]) -> int:
        stored = dict(
            CompiledRelease.objects.filter(ocid__in=list(digests)).values_list(
                "ocid", "releases_digest"
            )
        )
        stale = [ocid for ocid, digest in digests.items() if stored.get(ocid) != digest]
        for ocid in stale:
            out.write(ocid.encode() + b"\n")
        return len(stale)

    rows = (
        Release.objects.order_by("ocid")
        .values_list("ocid", "release_id", "content_hash")
        .iterator(chunk_size=10_000)
    )
    digests: dict[str, str] = {}
    for ocid, group in groupby(rows, key=lambda row: row[0]):
        digests[ocid] = releases_digest([(row[1], row[2]) for row in group])
        if len(digests) >= QUERY_CHUNK:
            count += flush(digests)
            digests = {}
    if digests:
        count += flush(digests)
    return count


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


def normalise_parsed(chunk: CompiledChunk, organisations: OrganisationIndex) -> None:
    """Write the normalised rows the workers parsed (a seam the tests watch)."""
    save_drafts(chunk.drafts, chunk.parties, organisations)


def _compile(
    ocids: Iterator[str],
    report: OCDSImportReport,
    record: OCDSImport | None,
    pool: _Workers,
    progress: Progress | None,
) -> None:
    organisations = OrganisationIndex.load()
    if pool.count < 2 or report.to_compile < POOL_THRESHOLD:
        for chunk in _chunks(ocids, COMPILE_CHUNK):
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
        for chunk in _chunks(ocids, COMPILE_CHUNK):
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
        _lock_releases()
        if failed:
            # A clean run would have neither a compiled release nor a process for these.
            CompiledRelease.objects.filter(ocid__in=failed).delete()
            Process.objects.filter(ocid__in=failed).delete()
        if rows:
            _write_compiled(rows)
            normalise_parsed(chunk, organisations)
        report.ocids_compiled += len(rows)
        _save_counts(record, report)


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


def versioned_release(ocid: str) -> dict[str, Any] | None:
    """The versioned release of an ocid, merged now from its stored releases (None if there are none)."""
    texts = list(Release.objects.filter(ocid=ocid).order_by("pk").values_list("data", flat=True))
    if not texts:
        return None
    return merge.versioned_release([orjson.loads(text) for text in texts])


def ocds_import_job_start(*, upload, user, organisation=None):
    """Save an uploaded OCDS file and queue a background import of it; returns the Job."""
    from smarterstate.jobs.models import Job
    from smarterstate.jobs.services import enqueue_job, save_upload

    from ..tasks import run_ocds_import_job

    job = Job.objects.create(
        organisation=organisation,
        kind="import:ocds",
        description=f"OCDS import: {upload.name}",
        created_by=user,
    )
    path = save_upload(job, upload)
    job.arguments = {"importer": "ocds", "paths": [path]}
    job.save(update_fields=["arguments"])
    # Enqueue only once the job row is committed, or a fast worker could miss it.
    transaction.on_commit(lambda: enqueue_job(job, run_ocds_import_job))
    return job
