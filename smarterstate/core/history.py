"""The "History" view of any record kept by django-simple-history: who changed what, when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model

HISTORY_PAGE_SIZE = 100


@dataclass
class HistoryEntry:
    when: Any
    who: str
    action: str
    changes: list[tuple[str, str, str]]  # field label, old value, new value


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _display(record, field_name: str) -> str:
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname, None)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value if value is not None else ""))
    if field.is_relation:
        related = getattr(record, field.name, None)
        return str(related) if related is not None else ""
    return "" if value is None else str(value)


def _label(model, field_name: str) -> str:
    return str(model._meta.get_field(field_name).verbose_name).capitalize()


def history_entries(obj: Model) -> list[HistoryEntry]:
    """Newest first, each with the fields that changed from the previous version."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-pk")[
            : HISTORY_PAGE_SIZE + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:HISTORY_PAGE_SIZE]):
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is None or record.history_type != "~":
            changes = []
            if record.history_type == "+":
                changes = [
                    (_label(obj, f.name), "", _display(record, f.name))
                    for f in obj._meta.concrete_fields
                    if hasattr(record, f.attname) and not f.primary_key
                ]
        else:
            delta = record.diff_against(previous)
            changes = [
                (_label(obj, c.field), _display(previous, c.field), _display(record, c.field))
                for c in delta.changes
            ]
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "System",
                action=ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
    return entries
