"""One OCDS import run, from the opened sources to the refreshed indicators (``ocds_import``)."""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone

from smarterstate.core.importing import InputUnreadable
from smarterstate.core.liveness import heartbeat
from smarterstate.core.signals import data_changed

from ...models import (
    Amendment,
    Award,
    AwardSupplier,
    CompiledRelease,
    Contract,
    ImportStatus,
    LatestActivityStamp,
    Lot,
    OCDSImport,
    Party,
    Process,
    Release,
)
from ...ocds import reader
from ...ocds.release import PreparedRelease
from ..import_runs import import_run_heartbeat, import_run_start
from ..refresh import refresh_indicators
from .compiling import compile_stale
from .releases import BATCH_SIZE, QUERY_CHUNK, chunks, store_batch
from .report import OCDSImportReport, Progress, save_counts
from .stale import find_stale_ocids
from .workers import Workers, prepared_releases

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

PROGRESS_EVERY_SECONDS = 1.0  # at most one progress update of a job a second
ANALYZE_AFTER = 10_000  # rows written by a run past which PostgreSQL's statistics are refreshed


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
            record = import_run_start(user=user, job=job, files=[source.name for source in sources])
            report.import_id = record.pk
            try:
                with heartbeat(lambda: import_run_heartbeat(run_id=record.pk)):
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
    save_counts(record, report, status=status, finished_at=timezone.now(), error=error)


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
    # Latest activity dates are current for every buyer now; after this run's writes, only
    # the touched buyers' need rebuilding (ADR 0007's trigger clears the stamp meanwhile).
    activity_was_current = LatestActivityStamp.objects.exists()
    pool = Workers(workers)
    try:
        batch: list[tuple[PreparedRelease, reader.Where]] = []
        for source in sources:
            report.files.append(source.name)
            notes: Counter[str] = Counter()
            for prepared, where, reason in prepared_releases(source, pool):
                report.releases_read += 1
                if prepared is None:
                    report.reject(where, reason or "")
                    continue
                notes.update(prepared.notes)
                batch.append((prepared, where))
                if len(batch) >= batch_size:
                    store_batch(batch, report, record)
                    batch = []
                    if progress:
                        progress(report)
            if batch:
                store_batch(batch, report, record)
                batch = []
            report.note_file(source.name, notes)
        if progress:
            progress(report)

        report.phase = "compiling"
        if report.new or report.replaced or not previous_ok:
            if report.new + report.replaced >= ANALYZE_AFTER:
                _analyze(Release)
            with tempfile.TemporaryFile("w+b") as stale:
                if previous_ok and report.written_ocids is not None:
                    # Everything else was compiled by the runs before, which all finished:
                    # only what this run wrote can be stale (a daily feed skips the scan of
                    # every stored release, ~10 s at 1,000,000).
                    report.to_compile = len(report.written_ocids)
                    stale.writelines(ocid.encode() + b"\n" for ocid in sorted(report.written_ocids))
                else:
                    report.to_compile = find_stale_ocids(stale)
                stale.seek(0)
                ocids = (line.rstrip(b"\n").decode() for line in stale)
                compile_stale(ocids, report, record, pool, progress)
    finally:
        pool.close()
    if report.ocids_compiled >= ANALYZE_AFTER:
        _analyze(*NORMALISED_MODELS)
    if report.ocids_compiled or not previous_ok:
        if previous_ok:
            # Only the scopes this run touched (refresh_indicators does all of them when
            # the stored rows are from another day).
            _touch_suppliers_scopes(report)
            refresh_indicators(
                buyers=report.touched_buyers,
                organisations=report.touched_organisations,
                activity_was_current=activity_was_current,
            )
        else:
            refresh_indicators()
        # Apps that summarise commercial data (capacity) listen and queue their refresh.
        data_changed.send(sender=Release, what="import:ocds", report=None)


def _touch_suppliers_scopes(report: OCDSImportReport) -> None:
    """A supplier's SME/VCSE flag counts in every scope it supplies (A5): touch them all."""
    for chunk in chunks(sorted(report.flags_changed), QUERY_CHUNK):
        for buyer_id, organisation_id in (
            AwardSupplier.objects.filter(party_id__in=chunk)
            .values_list("award__process__buyer_id", "award__process__organisation_id")
            .distinct()
        ):
            if buyer_id is not None:
                report.touched_buyers.add(buyer_id)
            if organisation_id is not None:
                report.touched_organisations.add(organisation_id)


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


def ocds_import_for_job(
    *, job, paths: list[str], display_names: dict[str, str], progress: Progress
) -> OCDSImportReport:
    """Run an upload's import for its background job (jobs.registry calls this).

    Progress is passed on at most once a second: a batch is stored every few
    milliseconds, and each update rewrites the job's report.
    """
    last = 0.0

    def on_progress(report: OCDSImportReport) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY_SECONDS:
            last = now
            progress(report)

    return ocds_import(
        paths=paths, display_names=display_names, user=job.created_by, job=job, progress=on_progress
    )
