"""People: upserts from imports (joiners, movers, leavers) and assessments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import Assessment, Person

# A change to any of these makes someone a mover; other fields are updated quietly.
MOVE_FIELDS = ("grade", "profession", "team", "role_level_id", "line_manager_reference")
PERSON_FIELDS = (*MOVE_FIELDS, "location")
# What an import writes to a stored person (joiners coming back are made active again).
WRITTEN_FIELDS = (*PERSON_FIELDS, "active", "left_at", "updated_at")
WRITE_BATCH = 1000


@transaction.atomic
def person_upsert(*, organisation, reference: str, values: dict) -> tuple[Person, str]:
    """Create or update one person. Returns (person, "joiner" | "mover" | "updated" | "unchanged")."""
    person = Person.objects.filter(organisation=organisation, reference=reference).first()
    if person is None:
        person = Person(organisation=organisation, reference=reference, **values)
        person.full_clean(validate_unique=False)
        person.save()
        return person, "joiner"
    changed = [name for name in PERSON_FIELDS if getattr(person, name) != values.get(name, "")]
    rejoined = not person.active
    if not changed and not rejoined:
        return person, "unchanged"
    for name in changed:
        setattr(person, name, values.get(name, ""))
    person.active, person.left_at = True, None
    person.full_clean(validate_unique=False)
    person.save()
    if rejoined:
        return person, "joiner"
    return person, "mover" if set(changed) & set(MOVE_FIELDS) else "updated"


@transaction.atomic
def people_write(*, created: Collection[Person], updated: Collection[Person]) -> None:
    """Write an import's batch: new people in bulk and changed people in bulk, each with its
    history row (as ``save`` would write, by the same user), not one row at a time."""
    if created:
        bulk_create_with_history(list(created), Person, batch_size=WRITE_BATCH)
    if updated:
        now = timezone.now()
        for person in updated:
            person.updated_at = now  # auto_now is not applied by bulk updates
        bulk_update_with_history(
            list(updated), Person, fields=list(WRITTEN_FIELDS), batch_size=WRITE_BATCH
        )


@transaction.atomic
def people_mark_leavers(*, organisation, seen: set[str]) -> int:
    """Everyone active in the organisation not in ``seen`` has left. Returns how many."""
    # Erased people are anonymous rows no file can name: they stay as they were erased.
    active = Person.objects.filter(organisation=organisation, active=True, erased=False)
    ids = sorted(
        pk for pk, reference in active.values_list("pk", "reference") if reference not in seen
    )
    now = timezone.now()
    for start in range(0, len(ids), WRITE_BATCH):
        leavers = list(Person.objects.filter(pk__in=ids[start : start + WRITE_BATCH]))
        for person in leavers:
            person.active, person.left_at, person.updated_at = False, now, now
        bulk_update_with_history(
            leavers, Person, fields=["active", "left_at", "updated_at"], batch_size=WRITE_BATCH
        )
    return len(ids)


@transaction.atomic
def assessment_record(
    *, person: Person, skill, kind: str, level: int, assessed_on: dt.date, evidence: str = "",
    assessor=None,
) -> Assessment:  # fmt: skip
    """Record a person's latest self or line-manager assessment of a skill (history keeps earlier ones)."""
    assessment = Assessment.objects.filter(
        person=person, skill=skill, kind=kind
    ).first() or Assessment(person=person, skill=skill, kind=kind)
    assessment.level, assessment.assessed_on = level, assessed_on
    assessment.evidence, assessment.assessor = evidence, assessor
    assessment.full_clean(validate_unique=False)
    assessment.save()
    return assessment
