"""People: upserts from imports (joiners, movers, leavers) and assessments."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..models import Assessment, Person

# A change to any of these makes someone a mover; other fields are updated quietly.
MOVE_FIELDS = ("grade", "profession", "team", "role_level_id", "line_manager_reference")
PERSON_FIELDS = (*MOVE_FIELDS, "location")


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
def people_mark_leavers(*, organisation, seen: set[str]) -> int:
    """Everyone active in the organisation not in ``seen`` has left. Returns how many."""
    # Erased people are anonymous rows no file can name: they stay as they were erased.
    leavers = Person.objects.filter(organisation=organisation, active=True, erased=False).exclude(
        reference__in=seen
    )
    now = timezone.now()
    count = 0
    for person in leavers.iterator():
        person.active, person.left_at = False, now
        person.save(update_fields=["active", "left_at", "updated_at"])
        count += 1
    return count


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
