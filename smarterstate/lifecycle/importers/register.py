"""Systems and components from CSV or XLSX, with the same columns as the list exports.

Idempotent: a system is found by name in its organisation (updated if any value differs,
else unchanged); a component by system, name, version and purl.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import ValidationError

from smarterstate.core.importing import (
    Importer,
    InputUnreadable,
    Position,
    Record,
    RecordRejected,
    csv_records,
    parse_date,
)
from smarterstate.core.uploads import check_zip
from smarterstate.organisations.models import Organisation

from ..models import Component, ComponentSource, Criticality, Hosting, Phase, System
from ..services.matching import CatalogueIndex
from ..services.register import component_create, system_create, system_update

SYSTEM_COLUMNS = {
    "Name": "name",
    "Description": "description",
    "Owner": "owner",
    "Criticality": "criticality",
    "Users": "users",
    "Hosting": "hosting",
    "Annual cost": "annual_cost",
    "Phase": "phase",
    "Plan from": "plan_date",
    "Phase in from": "phase_in_date",
    "Active from": "active_date",
    "Phase out from": "phase_out_date",
    "End of life from": "end_of_life_date",
    "Exit plan": "exit_plan",
    "Open standards notes": "open_standards_notes",
}
COMPONENT_COLUMNS = {
    "System": "system",
    "Name": "name",
    "Version": "version",
    "Purl": "purl",
    "CPE": "cpe",
    "Where used": "where_used",
}
CHOICES = {
    "criticality": Criticality,
    "hosting": Hosting,
    "phase": Phase,
}


def xlsx_records(stream: IO[bytes], source: str, required: list[str]) -> Iterator[Record]:
    from openpyxl import load_workbook

    data = io.BytesIO(stream.read())  # bounded by the upload limits of the stream
    check_zip(data, kind=RegisterImporter.upload_kind, source=source)
    try:
        workbook = load_workbook(data, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad workbook
        raise InputUnreadable(f"{source}: not a readable XLSX workbook ({exc})") from exc
    rows = workbook.active.iter_rows(values_only=True)
    headers = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    missing = [name for name in required if name not in headers]
    if missing:
        raise InputUnreadable(f"{source}, row 1: missing column(s) {', '.join(missing)}")
    for number, row in enumerate(rows, start=2):
        if not any(cell not in (None, "") for cell in row):
            continue
        values = {}
        for header, cell in zip(headers, row, strict=False):
            if header:
                if hasattr(cell, "date") and callable(cell.date):
                    cell = cell.date().isoformat()
                values[header] = "" if cell is None else str(cell).strip()
        yield Record(Position(source, line=number), values)


def table_records(stream: IO[bytes], source: str, required: list[str]) -> Iterator[Record]:
    """CSV or XLSX (an XLSX is a zip file: it starts with PK)."""
    if stream.peek(2)[:2] == b"PK":
        yield from xlsx_records(stream, source, required)
    else:
        yield from csv_records(stream, source, required=required)


def _choice(value: str, choices, column: str) -> str:
    for key, label in choices.choices:
        if value.lower() in (key, str(label).lower()):
            return key
    allowed = ", ".join(str(label) for _, label in choices.choices)
    raise RecordRejected(f"{column} {value!r} is not one of: {allowed}", field=column)


def system_values(row: dict) -> dict:
    values: dict = {}
    for column, field in SYSTEM_COLUMNS.items():
        if column not in row:
            continue
        raw = (row[column] or "").strip()
        if field in CHOICES:
            if raw:
                values[field] = _choice(raw, CHOICES[field], column)
        elif field == "users":
            values[field] = None
            if raw:
                try:
                    values[field] = int(float(raw))
                except (ValueError, OverflowError) as exc:
                    raise RecordRejected(f"{column} {raw!r} is not a number", field=column) from exc
        elif field == "annual_cost":
            values[field] = None
            if raw:
                try:
                    values[field] = Decimal(raw.replace(",", "").replace("£", ""))
                except InvalidOperation as exc:
                    raise RecordRejected(
                        f"{column} {raw!r} is not an amount", field=column
                    ) from exc
        elif field.endswith("_date"):
            values[field] = parse_date(raw[:10], column) if raw else None
        else:
            values[field] = raw
    if not values.get("name"):
        raise RecordRejected("Name is empty", field="Name")
    return values


def _rejected(exc: ValidationError) -> RecordRejected:
    if hasattr(exc, "error_dict"):
        field, messages = next(iter(exc.message_dict.items()))
        return RecordRejected(f"{field}: {' '.join(messages)}", field=field)
    return RecordRejected(" ".join(exc.messages))


class RegisterImporter(Importer):
    """Options: organisation slug and kind ("systems" or "components")."""

    upload_kind = "lifecycle-register"

    def __init__(self, organisation: str, kind: str = "systems"):
        try:
            self.organisation = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist as exc:
            raise InputUnreadable(f"No organisation {organisation!r}") from exc
        if kind not in ("systems", "components"):
            raise InputUnreadable(f"Unknown kind {kind!r}: systems or components")
        self.kind = kind
        self.name = f"lifecycle {kind}"
        self.index: CatalogueIndex | None = None

    def records(self, stream: IO[bytes], source: str) -> Iterator[Record]:
        required = ["Name"] if self.kind == "systems" else ["System", "Name"]
        yield from table_records(stream, source, required)

    def store(self, record: Record) -> str:
        try:
            if self.kind == "systems":
                return self._store_system(record.data)
            return self._store_component(record.data)
        except ValidationError as exc:
            raise _rejected(exc) from exc

    def _store_system(self, row: dict) -> str:
        values = system_values(row)
        system = System.objects.filter(organisation=self.organisation, name=values["name"]).first()
        if system is None:
            system_create(organisation=self.organisation, **values)
            return "created"
        if all(getattr(system, k) == v for k, v in values.items()):
            return "unchanged"
        system_update(system=system, **values)
        return "updated"

    def _store_component(self, row: dict) -> str:
        system_name = row.get("System", "").strip()
        system = System.objects.filter(organisation=self.organisation, name=system_name).first()
        if system is None:
            raise RecordRejected(f"There is no system called {system_name!r}", field="System")
        values = {
            field: (row.get(column) or "").strip()
            for column, field in COMPONENT_COLUMNS.items()
            if field != "system"
        }
        if not values["name"]:
            raise RecordRejected("Name is empty", field="Name")
        if Component.objects.filter(
            system=system,
            name=values["name"],
            version=values["version"],
            purl=values["purl"],
            source=ComponentSource.MANUAL,
        ).exists():
            return "unchanged"
        self.index = self.index or CatalogueIndex.load()
        component_create(system=system, index=self.index, **values)
        return "created"
