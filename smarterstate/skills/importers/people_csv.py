"""People CSV: one row per member of staff of one organisation (pseudonymous references).

Columns: ``reference``, ``grade``, ``profession``, ``team`` (required); ``line_manager_reference``,
``role_level`` (a role level's name in the DDaT or the organisation's frameworks), ``location``.
A re-import updates in place; people missing from the file are leavers.
"""

from __future__ import annotations

from smarterstate.core.importing import Importer, ImportReport, Record, RecordRejected, csv_records
from smarterstate.organisations.models import Organisation

from ..models import RoleLevel
from ..services.people import people_mark_leavers, person_upsert

REQUIRED = ("reference", "grade", "profession", "team")
LIMITS = {"reference": 64, "grade": 50, "profession": 100, "team": 200,
          "line_manager_reference": 64, "location": 100}  # fmt: skip


def role_level_lookup(organisation) -> dict[str, int | None]:
    """Role level name (lower case) → id; None where two roles share the name."""
    lookup: dict[str, int | None] = {}
    levels = RoleLevel.objects.filter(active=True, role__family__framework__organisation=None)
    levels = levels | RoleLevel.objects.filter(
        active=True, role__family__framework__organisation=organisation
    )
    for pk, name in levels.values_list("pk", "name"):
        key = name.lower()
        lookup[key] = None if key in lookup else pk
    return lookup


class PeopleCSVImporter(Importer):
    name = "people"
    upload_kind = "skills-people"

    def __init__(self, organisation: str | Organisation):
        self.organisation = (
            organisation
            if isinstance(organisation, Organisation)
            else Organisation.objects.get(slug=organisation)
        )
        self.seen: set[str] = set()
        self.outcomes = {"joiners": 0, "movers": 0, "leavers": 0}
        self.levels = role_level_lookup(self.organisation)

    def records(self, stream, source):
        return csv_records(stream, source, required=REQUIRED)

    def store(self, record: Record) -> str:
        data = record.data
        reference = data.get("reference", "")
        if reference:
            self.seen.add(reference)  # even if rejected below: a bad row is not a leaver
        for column, limit in LIMITS.items():
            if len(data.get(column, "")) > limit:
                raise RecordRejected(f"{column} is longer than {limit} characters", field=column)
        if not reference:
            raise RecordRejected("reference is empty", field="reference")
        if data.get("line_manager_reference") == reference:
            raise RecordRejected(
                "a person cannot be their own line manager", field="line_manager_reference"
            )
        role_level_id = None
        if name := data.get("role_level", ""):
            if name.lower() not in self.levels:
                raise RecordRejected(f"unknown role level {name!r}", field="role_level")
            role_level_id = self.levels[name.lower()]
            if role_level_id is None:
                raise RecordRejected(
                    f"role level {name!r} is in more than one role", field="role_level"
                )
        values = {column: data.get(column, "") for column in LIMITS if column != "reference"}
        values["role_level_id"] = role_level_id
        _, outcome = person_upsert(
            organisation=self.organisation, reference=reference, values=values
        )
        if outcome == "joiner":
            self.outcomes["joiners"] += 1
            return "created"
        if outcome == "mover":
            self.outcomes["movers"] += 1
        return "unchanged" if outcome == "unchanged" else "updated"

    def finish(self, report: ImportReport) -> None:
        if report.read:  # an empty file is not everyone leaving
            self.outcomes["leavers"] = people_mark_leavers(
                organisation=self.organisation, seen=self.seen
            )
        report.extra.update(self.outcomes)
        from ..services.gaps import gaps_refresh

        gaps_refresh(organisation=self.organisation)
