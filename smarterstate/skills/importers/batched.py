"""``core.importing.run_import`` without a savepoint per record, for importers whose ``store``
only checks and buffers in memory and writes whole batches itself (training records).

At millions of rows the savepoint per record (two autocommit switches and a commit each)
costs more than everything else together. Counting, rejects, progress and ``--dry-run`` work
as in ``run_import``; a record that raises ``RecordRejected`` has changed nothing, because
``store`` changes nothing in the database. Unlike ``run_import`` it does not look for NUL
characters in every cell: ``store`` must check every value it writes (the training-record
importer writes only ids found by lookup, dates, numbers and a fixed status).
"""

from __future__ import annotations

import sys
import time

from django.db import transaction

from smarterstate.core.importing import (
    Importer,
    ImportReport,
    ProgressCallback,
    RecordRejected,
    open_input,
)


class _DryRunRollback(Exception):
    pass


def run_batched_import(
    importer: Importer,
    paths: list[str],
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    progress_every: int = 5000,
    display_names: dict[str, str] | None = None,
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    started = time.monotonic()
    display_names = display_names or {}

    def consume() -> None:
        for path in paths:
            stream, source = open_input(path, display_names.get(path))
            report.files.append(source)
            try:
                for record in importer.records(stream, source):
                    report.read += 1
                    try:
                        report.count(importer.store(record))
                    except RecordRejected as exc:
                        report.reject(record.position, exc.reason, exc.field)
                    if progress and report.read % progress_every == 0:
                        progress(report, None)
            finally:
                if stream is not sys.stdin.buffer:
                    stream.close()
        importer.finish(report)

    if dry_run:
        try:
            with transaction.atomic():
                consume()
                raise _DryRunRollback
        except _DryRunRollback:
            pass
    else:
        consume()
    report.seconds = time.monotonic() - started
    if progress:
        progress(report, None)
    return report
