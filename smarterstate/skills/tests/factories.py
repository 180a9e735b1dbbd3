"""Small builders for skills tests (plain functions: the models need few fields)."""

from __future__ import annotations

import datetime as dt

from smarterstate.skills.models import (
    ActivitySkill,
    Campaign,
    Framework,
    LearningActivity,
    Person,
    Role,
    RoleFamily,
    RoleLevel,
    RoleLevelSkill,
    Skill,
)


def framework(organisation=None, slug="test-framework", **fields) -> Framework:
    return Framework.objects.create(
        organisation=organisation, slug=slug, name=fields.pop("name", slug), **fields
    )


def role_level(
    fw: Framework, *, family="Data", role="Data scientist", name="Data scientist"
) -> RoleLevel:
    fam, _ = RoleFamily.objects.get_or_create(framework=fw, name=family)
    rol, _ = Role.objects.get_or_create(family=fam, name=role)
    return RoleLevel.objects.create(role=rol, name=name, seniority=40)


def skill(fw: Framework, name="Data literacy", **fields) -> Skill:
    return Skill.objects.create(framework=fw, name=name, **fields)


def require(level: RoleLevel, sk: Skill, at: int) -> RoleLevelSkill:
    return RoleLevelSkill.objects.create(role_level=level, skill=sk, level=at)


def person(organisation, reference="P1", **fields) -> Person:
    defaults = {"grade": "HEO", "profession": "Digital", "team": "Platform"}
    return Person.objects.create(
        organisation=organisation, reference=reference, **{**defaults, **fields}
    )


def activity(code="OBT-1", organisation=None, skills=(), **fields) -> LearningActivity:
    act = LearningActivity.objects.create(
        code=code, organisation=organisation, title=fields.pop("title", code), **fields
    )
    for sk, level in skills:
        ActivitySkill.objects.create(activity=act, skill=sk, level=level)
    return act


def campaign(organisation, activities=(), **fields) -> Campaign:
    values = {
        "name": "One Big Thing",
        "starts_on": dt.date(2023, 10, 1),
        "ends_on": dt.date(2023, 12, 31),
    }
    camp = Campaign.objects.create(organisation=organisation, **{**values, **fields})
    camp.activities.set(activities)
    return camp
