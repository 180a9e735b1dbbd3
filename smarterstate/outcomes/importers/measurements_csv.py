"""Measurements from CSV: one row per outcome and date.

Columns: ``outcome`` (the outcome's id), ``date`` (YYYY-MM-DD), ``value``; optional ``unit``
(checked against the outcome's) and ``note``. A row for an unknown outcome (or, for a web
upload, another organisation's), in the wrong unit or with a bad date is rejected with its
line and field. Idempotent: the same file again is all unchanged.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from smarterstate.core.importing import Importer, RecordRejected, csv_records, parse_date
from smarterstate.organisations.models import Organisation

from ..models import MeasurementSource, Outcome
from ..services.outcomes import measurement_record

REQUIRED = ("outcome", "date", "value")


class MeasurementsCSVImporter(Importer):
    name = "measurements"
    upload_kind = "outcome-measurements"

    def __init__(self, organisation: str | None = None, user_id: int | None = None):
        self.organisation = Organisation.objects.get(slug=organisation) if organisation else None
        self.user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        self._outcomes: dict[str, Outcome | None] = {}

    def records(self, stream, source):
        return csv_records(stream, source, required=REQUIRED)

    def _outcome(self, key: str) -> Outcome:
        if key not in self._outcomes:
            outcomes = Outcome.objects.all()
            if self.organisation is not None:
                outcomes = outcomes.filter(organisation=self.organisation)
            found = None
            if key.isdigit() and len(key) < 19:
                found = outcomes.filter(pk=int(key)).first()
            self._outcomes[key] = found
        outcome = self._outcomes[key]
        if outcome is None:
            raise RecordRejected(f"outcome {key!r} is not a known outcome", field="outcome")
        return outcome

    def store(self, record) -> str:
        row = record.data
        outcome = self._outcome(row.get("outcome", ""))
        day = parse_date(row.get("date", ""), "date")
        unit = row.get("unit")
        try:
            _, result = measurement_record(
                outcome=outcome,
                date=day,
                value=row.get("value", ""),
                unit=unit if unit else None,
                note=row.get("note", "")[:500],
                source=MeasurementSource.CSV,
                user=self.user,
            )
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise RecordRejected(f"{field}: {' '.join(messages)}", field=field) from exc
        return result
