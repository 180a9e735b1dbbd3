"""Organisations from CSV: ``name,slug,type,parent_slug`` (parent_slug optional).

Parents may appear after their children in the file: such rows wait until the
end and are stored then, so file order does not matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from django.core.exceptions import ValidationError

from smarterstate.core.importing import Importer, Record, RecordRejected, csv_records

from .. import services
from ..models import Organisation, OrganisationType

REQUIRED_COLUMNS = ("name", "slug", "type")
TYPE_BY_TEXT = {
    **{value: value for value in OrganisationType.values},
    **{label.lower(): value for value, label in OrganisationType.choices},
}


class OrganisationsCSVImporter(Importer):
    name = "organisations"
    upload_kind = "organisations"

    def records(self, stream: IO[bytes], source: str) -> Iterator[Record]:
        waiting: list[Record] = []
        for record in csv_records(stream, source, required=REQUIRED_COLUMNS):
            if self._parent_missing(record):
                waiting.append(record)
                continue
            yield record
        # Each pass stores the rows whose parents are now stored, so a chain of
        # parents listed after their children (grandchild, child, parent) resolves.
        while waiting:
            ready, still_waiting = [], []
            for record in waiting:
                (still_waiting if self._parent_missing(record) else ready).append(record)
            if not ready:
                break
            waiting = still_waiting
            yield from ready
        # Their parents never came: store() rejects them.
        yield from waiting

    @staticmethod
    def _parent_missing(record: Record) -> bool:
        parent_slug = record.data.get("parent_slug") or ""
        if "\x00" in parent_slug:
            # PostgreSQL cannot take NUL in a query: don't look it up, let the row through
            # now so run_import rejects it with its line.
            return False
        return bool(parent_slug) and not Organisation.objects.filter(slug=parent_slug).exists()

    def store(self, record: Record) -> str:
        row = record.data
        organisation_type = TYPE_BY_TEXT.get(row["type"].lower())
        if organisation_type is None:
            raise RecordRejected(
                f"type {row['type']!r} is not one of {', '.join(OrganisationType.values)}",
                field="type",
            )
        parent = None
        if row.get("parent_slug"):
            parent = Organisation.objects.filter(slug=row["parent_slug"]).first()
            if parent is None:
                raise RecordRejected(
                    f"parent_slug {row['parent_slug']!r} is not a known organisation",
                    field="parent_slug",
                )
        fields = {"name": row["name"], "organisation_type": organisation_type, "parent": parent}
        existing = Organisation.objects.filter(slug=row["slug"]).first()
        try:
            if existing is None:
                services.organisation_create(slug=row["slug"], **fields)
                return "created"
            if all(getattr(existing, key) == value for key, value in fields.items()):
                return "unchanged"
            services.organisation_update(organisation=existing, **fields)
            return "updated"
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise RecordRejected(f"{field}: {' '.join(messages)}", field=field) from exc
