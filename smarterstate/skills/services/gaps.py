"""Gap analysis, pre-aggregated into ``GapCell`` per organisation × team × profession × grade × skill.

Required levels come from a person's role level and from the organisation's frameworks that
apply to all staff (the higher wins). The assessed level is the line manager's assessment,
else the person's own, raised by completed learning that evidences the skill.

A required skill nobody has assessed (no assessment, no evidencing learning) is *not assessed*,
not a gap: ``assessed`` counts the people × skills with a level, ``met`` those at or above the
required level, and ``gap`` adds up the missing levels of the assessed ones only. The pages show
the assessed share (assessed / required) and coverage (met / assessed) as separate measures.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from ..models import (
    ActivitySkill,
    Assessment,
    AssessmentKind,
    GapCell,
    GapSummary,
    Person,
    RoleLevelSkill,
    Skill,
    TrainingRecord,
    TrainingStatus,
)

VALUE_FIELDS = ("required", "assessed", "met", "gap")


def baseline_requirements(organisation) -> dict[int, int]:
    return dict(
        Skill.objects.filter(
            framework__organisation=organisation,
            framework__applies_to_all_staff=True,
            active=True,
            baseline_level__isnull=False,
        ).values_list("pk", "baseline_level")
    )


def role_requirements(role_level_ids) -> dict[int, dict[int, int]]:
    requirements: dict[int, dict[int, int]] = defaultdict(dict)
    for role_level_id, skill_id, level in (
        RoleLevelSkill.objects.filter(
            role_level_id__in=role_level_ids, level__isnull=False, skill__active=True
        )
        .order_by()
        .values_list("role_level_id", "skill_id", "level")
    ):
        requirements[role_level_id][skill_id] = level
    return requirements


def assessed_levels(organisation, person_ids=None, skill_ids=None) -> dict[tuple[int, int], int]:
    """(person, skill) → level: the manager's assessment wins over the person's own;
    completed learning that evidences a skill raises it. ``skill_ids``: only the learning
    that evidences these skills is read (a course evidencing every organisation's skills
    would otherwise be read once for each)."""
    levels: dict[tuple[int, int], int] = {}
    # No ordering: the models' default orderings join people, organisations and skills.
    assessments = Assessment.objects.filter(person__organisation=organisation).order_by()
    if person_ids is not None:
        assessments = assessments.filter(person_id__in=person_ids)
    manager: dict[tuple[int, int], int] = {}
    for person_id, skill_id, kind, level in assessments.values_list(
        "person_id", "skill_id", "kind", "level"
    ):
        if kind == AssessmentKind.MANAGER:
            manager[(person_id, skill_id)] = level
        else:
            levels.setdefault((person_id, skill_id), level)
    levels.update(manager)
    # The activities that evidence skills, then their completed records by the (activity,
    # organisation) index, rather than a join of every record of the organisation.
    evidences: dict[int, list[tuple[int, int]]] = defaultdict(list)
    links = ActivitySkill.objects.order_by()
    if skill_ids is not None:
        links = links.filter(skill_id__in=sorted(skill_ids))
    for activity_id, skill_id, level in links.values_list("activity_id", "skill_id", "level"):
        evidences[activity_id].append((skill_id, level))
    if not evidences:
        return levels
    evidence = TrainingRecord.objects.filter(
        activity_id__in=sorted(evidences),
        organisation=organisation,
        status=TrainingStatus.COMPLETED,
    ).order_by()
    if person_ids is not None:
        evidence = evidence.filter(person_id__in=person_ids)
    for person_id, activity_id in evidence.values_list("person_id", "activity_id").iterator(
        chunk_size=20_000
    ):
        for skill_id, level in evidences[activity_id]:
            key = (person_id, skill_id)
            if level > levels.get(key, 0):
                levels[key] = level
    return levels


def person_gaps(person: Person) -> list[dict]:
    """Each skill the person needs: required, assessed, gap."""
    required = dict(baseline_requirements(person.organisation))
    if person.role_level_id:
        for skill_id, level in role_requirements([person.role_level_id])[
            person.role_level_id
        ].items():
            required[skill_id] = max(level, required.get(skill_id, 0))
    assessed = assessed_levels(person.organisation, [person.pk])
    skills = Skill.objects.in_bulk(list(required))
    rows = []
    for skill_id, level in required.items():
        # None: not assessed, which is neither a gap nor met.
        have = assessed.get((person.pk, skill_id))
        rows.append({"skill": skills[skill_id], "required": level, "assessed": have,
                     "gap": None if have is None else max(level - have, 0)})  # fmt: skip
    return sorted(rows, key=lambda row: (row["gap"] is None, -(row["gap"] or 0), row["skill"].name))


@transaction.atomic
def gaps_refresh(*, organisation) -> int:
    """Recompute the organisation's gap cells. Returns how many cells it stored."""
    people = list(
        Person.objects.filter(organisation=organisation, active=True)
        .order_by()
        .values_list("pk", "team", "profession", "grade", "role_level_id")
    )
    baseline = baseline_requirements(organisation)
    by_role = role_requirements({row[4] for row in people if row[4]})
    needed = set(baseline).union(*by_role.values())
    assessed = assessed_levels(organisation, skill_ids=needed)
    # Per cell: [required, assessed, met, gap], in VALUE_FIELDS' order.
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for person_id, team, profession, grade, role_level_id in people:
        required = baseline
        if role_level_id and by_role.get(role_level_id):
            required = {**baseline}
            for skill_id, level in by_role[role_level_id].items():
                required[skill_id] = max(level, required.get(skill_id, 0))
        for skill_id, level in required.items():
            have = assessed.get((person_id, skill_id))
            cell = cells[(team, profession, grade, skill_id)]
            cell[0] += 1
            if have is None:
                continue  # not assessed: not a gap
            cell[1] += 1
            cell[2] += have >= level
            cell[3] += max(level - have, 0)
    _store_summaries(organisation, cells)
    _write_changes(GapCell, organisation, ("team", "profession", "grade", "skill_id"), cells)
    return len(cells)


def _store_summaries(organisation, cells: dict[tuple, list[int]]) -> None:
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (team, profession, grade, skill_id), values in cells.items():
        for key in (
            ("all", "", None),
            ("team", team, None),
            ("profession", profession, None),
            ("grade", grade, None),
            ("skill", "", skill_id),
            ("team-skill", team, skill_id),
        ):
            total = sums[key]
            for index in range(4):
                total[index] += values[index]
    _write_changes(GapSummary, organisation, ("dimension", "value", "skill_id"), sums)


def _write_changes(model, organisation, key_fields: tuple[str, ...], rows: dict) -> None:
    """Make the organisation's rows of ``model`` equal ``rows`` (key → VALUE_FIELDS' values):
    rows already stored with those values are kept as they are; only changed, gone and new
    ones are written. An import touching a few people of a large organisation rewrites a few
    rows, not all of them."""
    wanted = {key: tuple(values) for key, values in rows.items()}
    stale = []
    stored = model.objects.filter(organisation=organisation).values_list(
        "pk", *key_fields, *VALUE_FIELDS
    )
    width = len(key_fields)
    for pk, *row in stored.iterator(chunk_size=20_000):
        key, values = tuple(row[:width]), tuple(row[width:])
        if wanted.get(key) == values:
            del wanted[key]  # kept; a second stored row with the key is stale
        else:
            stale.append(pk)
    for start in range(0, len(stale), 900):  # SQLite's ~1,000 parameters a query
        model.objects.filter(pk__in=stale[start : start + 900]).delete()
    model.objects.bulk_create(
        [
            model(
                organisation=organisation,
                **dict(zip(key_fields, key, strict=True)),
                **dict(zip(VALUE_FIELDS, values, strict=True)),
            )  # fmt: skip
            for key, values in wanted.items()
        ],
        batch_size=2000,
    )
