"""People CSV: one row per member of staff of one organisation (pseudonymous references).

Columns: ``reference``, ``grade``, ``profession``, ``team`` (required); ``line_manager_reference``,
``role_level`` (a role level's name in the DDaT or the organisation's frameworks), ``location``.
A re-import updates in place; people missing from the file are leavers.

Read in batches: each batch loads its stored people in one query, ``store`` only checks and
compares in memory, and the batch's joiners and changed people are written in bulk with their
history rows (``services.people.people_write``). Because ``store`` writes nothing, a rejected
row has changed nothing and ``run_import`` needs no savepoint per row. Afterwards only this
organisation's gaps and its rows of the campaigns targeting it are refreshed.
"""

from __future__ import annotations

from itertools import islice

from django.core.exceptions import ValidationError

from smarterstate.core.importing import Importer, ImportReport, Record, RecordRejected, csv_records
from smarterstate.organisations.models import Organisation

from ..models import Person, RoleLevel
from ..services.people import MOVE_FIELDS, PERSON_FIELDS, people_mark_leavers, people_write

REQUIRED = ("reference", "grade", "profession", "team")
LIMITS = {"reference": 64, "grade": 50, "profession": 100, "team": 200,
          "line_manager_reference": 64, "location": 100}  # fmt: skip
BATCH = 2000
# Checked on each row by LIMITS and the role level lookup: full_clean would query both
# foreign keys once a row.
NOT_CLEANED = ["organisation", "role_level"]


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
    savepoint_per_record = False

    def __init__(self, organisation: str | Organisation):
        self.organisation = (
            organisation
            if isinstance(organisation, Organisation)
            else Organisation.objects.get(slug=organisation)
        )
        self.seen: set[str] = set()
        self.outcomes = {"joiners": 0, "movers": 0, "leavers": 0}
        self.levels = role_level_lookup(self.organisation)
        self.people: dict[str, Person] = {}  # the batch's stored people, and this file's joiners
        self.created: dict[str, Person] = {}
        self.updated: dict[str, Person] = {}

    def records(self, stream, source):
        rows = csv_records(stream, source, required=REQUIRED)
        while batch := list(islice(rows, BATCH)):
            self._load(batch)
            yield from batch
            self._flush()

    def _load(self, batch: list[Record]) -> None:
        references = {record.data.get("reference", "") for record in batch} - {""}
        # A reference seen in an earlier batch: the person is already held (or just written).
        wanted = sorted(r for r in references if r not in self.people and "\x00" not in r)
        for start in range(0, len(wanted), 900):  # SQLite's ~1,000 parameters a query
            for person in Person.objects.filter(
                organisation=self.organisation, reference__in=wanted[start : start + 900]
            ):
                self.people[person.reference] = person

    def _flush(self) -> None:
        if self.created or self.updated:
            people_write(created=self.created.values(), updated=self.updated.values())
        self.created, self.updated = {}, {}
        # Keep only what a later batch may name again: the references of this file's rows
        # are few next to the organisation's people, and a re-read costs a query anyway.
        if len(self.people) > 4 * BATCH:
            self.people = {}

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
        self._check(reference, values)
        return self._merge(reference, values)

    def _check(self, reference: str, values: dict) -> None:
        """The model's own checks, on a copy, before anything held in memory changes."""
        try:
            Person(organisation=self.organisation, reference=reference, **values).full_clean(
                exclude=NOT_CLEANED, validate_unique=False
            )
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise RecordRejected(f"{field}: {' '.join(messages)}", field=field) from None

    def _merge(self, reference: str, values: dict) -> str:
        person = self.people.get(reference)
        if person is None:
            person = Person(organisation=self.organisation, reference=reference, **values)
            self.people[reference] = self.created[reference] = person
            self.outcomes["joiners"] += 1
            return "created"
        changed = [name for name in PERSON_FIELDS if getattr(person, name) != values[name]]
        rejoined = not person.active
        if not changed and not rejoined:
            return "unchanged"
        for name in changed:
            setattr(person, name, values[name])
        person.active, person.left_at = True, None
        if reference not in self.created:
            self.updated[reference] = person
        if rejoined:
            self.outcomes["joiners"] += 1
        elif set(changed) & set(MOVE_FIELDS):
            self.outcomes["movers"] += 1
        return "updated"

    def finish(self, report: ImportReport) -> None:
        if report.read:  # an empty file is not everyone leaving
            self.outcomes["leavers"] = people_mark_leavers(
                organisation=self.organisation, seen=self.seen
            )
        report.extra.update(self.outcomes)
        if report.created or report.updated or self.outcomes["leavers"]:
            from ..services.refresh import skills_refresh

            skills_refresh(organisations=[self.organisation.pk])
