"""Training records from sources other than a file (the Learning Record Store), through the same
importer as the CSV upload, so both merge records by the same rules."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from smarterstate.core.importing import ImportReport, RecordRejected

from ..importers.training_csv import TrainingRecordsImporter
from ..models import TrainingOrigin, TrainingRecord


def training_records_store(
    *, rows: list[dict], source: str, origin: str, refresh: bool = False
) -> tuple[ImportReport, TrainingRecordsImporter]:
    """Store rows with the CSV's columns (person, activity, status, date, hours, organisation).

    Returns the report (created / updated / unchanged / rejected with reasons) and the importer,
    whose ``touched_orgs`` and ``touched_activities`` say which summaries the records change.
    ``refresh`` recomputes those summaries now (imports do); the LRS defers it. ``origin`` is a
    ``TrainingOrigin``: records only statements wrote can be rebuilt when one is voided."""
    importer = TrainingRecordsImporter(refresh=refresh, origin=origin)
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


def training_records_withdraw(*, pairs: set[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Delete the records of these (person, activity) pairs that only xAPI statements wrote
    (``TrainingOrigin.STATEMENTS``), when a statement behind them is voided; an import's record is
    never touched. Returns (organisation, person, activity) of each record deleted: the caller
    rebuilds them from the statements that remain and refreshes their summaries."""
    if not pairs:
        return []
    match = Q()
    for person_id, activity_id in pairs:
        match |= Q(person_id=person_id, activity_id=activity_id)
    found = list(
        TrainingRecord.objects.filter(match, origin=TrainingOrigin.STATEMENTS).values_list(
            "pk", "organisation_id", "person_id", "activity_id"
        )
    )
    if found:
        TrainingRecord.objects.filter(pk__in=[row[0] for row in found]).delete()
    return [row[1:] for row in found]
