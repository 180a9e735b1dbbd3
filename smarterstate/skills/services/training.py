"""Training records from sources other than a file (the Learning Record Store), through the same
importer as the CSV upload, so both merge records by the same rules."""

from __future__ import annotations

from django.db import transaction

from smarterstate.core.importing import ImportReport, RecordRejected

from ..importers.training_csv import TrainingRecordsImporter


def training_records_store(
    *, rows: list[dict], source: str, refresh: bool = False
) -> tuple[ImportReport, TrainingRecordsImporter]:
    """Store rows with the CSV's columns (person, activity, status, date, hours, organisation).

    Returns the report (created / updated / unchanged / rejected with reasons) and the importer,
    whose ``touched_orgs`` and ``touched_activities`` say which summaries the records change.
    ``refresh`` recomputes those summaries now (imports do); the LRS defers it."""
    importer = TrainingRecordsImporter(refresh=refresh)
    report = ImportReport()
    # One transaction: the importer then writes each batch itself, on this connection.
    with transaction.atomic():
        for record in importer.rows(rows, source):
            report.read += 1
            try:
                report.count(importer.store(record))
            except RecordRejected as exc:
                report.reject(record.position, exc.reason, exc.field)
        importer.finish(report)
    return report, importer
