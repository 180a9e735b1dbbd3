"""What the cross-cutting tests in tests/ need to know about this pillar.

tests/pillar_plugins.py collects these from every pillar app:

* OBJECT_MAKERS — URL argument → a real object of organisation B (tests/test_authorization_walk.py)
* authz_world(world) — create organisation B's objects and set them as attributes on ``world``
  (it has org_a, org_b and membership_b, whose user is B's editor)
* assert_unchanged(world) — after refused writes, B's objects are as they were
* API_OPERATIONS — every API path of this pillar with its methods (tests/test_openapi.py)
* FUZZ_PATH_KEYS and fuzz_known(...) — real ids the API fuzzer may use for path parameters
* EXPECTED_PAGES — persona → URL regexes the browser crawl must reach (tests/browser/)
* browser_world(world) — data for the browser crawl; returns extra entries for its dict
"""

from __future__ import annotations

import datetime as dt

OBJECT_MAKERS: dict = {
    "framework_pk": lambda w: w.skills_framework_b.pk,
    "role_pk": lambda w: w.skills_role_level_b.role_id,
    "role_level_pk": lambda w: w.skills_role_level_b.pk,
    "person_pk": lambda w: w.skills_person_b.pk,
    "campaign_pk": lambda w: w.skills_campaign_b.pk,
    "skills-framework.pk": lambda w: w.skills_framework_b.pk,
    "skills-skill.pk": lambda w: w.skills_skill_b.pk,
    "skills-role-level.pk": lambda w: w.skills_role_level_b.pk,
    "skills-activity.pk": lambda w: w.skills_activity_b.pk,
    "skills-person.pk": lambda w: w.skills_person_b.pk,
    "skills-subject-access.pk": lambda w: w.skills_person_b.pk,
    "skills-assessment.pk": lambda w: w.skills_assessment_b.pk,
    "skills-training-record.pk": lambda w: w.skills_record_b.pk,
    "skills-campaign.pk": lambda w: w.skills_campaign_b.pk,
}
API_OPERATIONS: dict[str, set[str]] = {
    "/api/v1/skills/frameworks/": {"get"},
    "/api/v1/skills/frameworks/{id}/": {"get"},
    "/api/v1/skills/skills/": {"get"},
    "/api/v1/skills/skills/{id}/": {"get"},
    "/api/v1/skills/role-levels/": {"get"},
    "/api/v1/skills/role-levels/{id}/": {"get"},
    "/api/v1/skills/activities/": {"get"},
    "/api/v1/skills/activities/{id}/": {"get"},
    "/api/v1/skills/people/": {"get"},
    "/api/v1/skills/people/{id}/": {"get", "delete"},
    "/api/v1/skills/subject-access/{id}/": {"get"},
    "/api/v1/skills/assessments/": {"get", "post"},
    "/api/v1/skills/assessments/{id}/": {"get"},
    "/api/v1/skills/training-records/": {"get"},
    "/api/v1/skills/training-records/{id}/": {"get"},
    "/api/v1/skills/campaigns/": {"get"},
    "/api/v1/skills/campaigns/{id}/": {"get"},
    "/api/v1/skills/gaps/": {"get"},
}
FUZZ_PATH_KEYS: dict[str, str] = {
    "/api/v1/skills/frameworks/": "skills_framework",
    "/api/v1/skills/skills/": "skills_skill",
    "/api/v1/skills/role-levels/": "skills_role_level",
    "/api/v1/skills/activities/": "skills_activity",
    "/api/v1/skills/people/": "skills_person",
    "/api/v1/skills/subject-access/": "skills_person",
    "/api/v1/skills/assessments/": "skills_assessment",
    "/api/v1/skills/training-records/": "skills_record",
    "/api/v1/skills/campaigns/": "skills_campaign",
}
ORG_A = "/o/department-for-work-pensions/skills/"
EXPECTED_PAGES: dict[str, list[str]] = {
    "viewer_a": [ORG_A, f"{ORG_A}gaps/", f"{ORG_A}campaigns/", "/skills/compare/"],
    "editor_a": [ORG_A, f"{ORG_A}people/"],
}


def make_organisation_data(org, *, suffix: str, user=None) -> dict:
    """An organisation's own framework (skill, role level), a person with an assessment and a
    training record, and a campaign with its figures."""
    from smarterstate.skills.models import TrainingRecord
    from smarterstate.skills.services.campaigns import campaign_refresh
    from smarterstate.skills.services.gaps import gaps_refresh
    from smarterstate.skills.services.people import assessment_record
    from smarterstate.skills.tests import factories

    framework = factories.framework(
        org, f"all-staff-{suffix}", name=f"All staff {suffix}", applies_to_all_staff=True
    )
    skill = factories.skill(
        framework, f"Data literacy {suffix}", baseline_level=2, awareness="You can read a chart."
    )
    role_level = factories.role_level(
        framework, role=f"Analyst {suffix}", name=f"Senior analyst {suffix}"
    )
    factories.require(role_level, skill, 3)
    person = factories.person(org, f"REF-{suffix}", role_level=role_level, team=f"Team {suffix}")
    factories.person(org, f"REF2-{suffix}", team=f"Team {suffix}")
    assessment = assessment_record(person=person, skill=skill, kind="self", level=1,
                                   assessed_on=dt.date(2024, 1, 10), evidence="Course", assessor=user)  # fmt: skip
    activity = factories.activity(
        f"COURSE-{suffix}", organisation=org, skills=[(skill, 1)], title=f"Data course {suffix}"
    )
    record = TrainingRecord.objects.create(organisation=org, person=person, activity=activity, status="completed",
                                           started_on=dt.date(2024, 1, 5), completed_on=dt.date(2024, 1, 8))  # fmt: skip
    campaign = factories.campaign(org, [activity], name=f"Data month {suffix}", starts_on=dt.date(2024, 1, 1),
                                  ends_on=dt.date(2024, 3, 31), target_participation=50)  # fmt: skip
    campaign_refresh(campaign=campaign)
    gaps_refresh(organisation=org)
    return {"framework": framework, "skill": skill, "role_level": role_level, "person": person,
            "assessment": assessment, "activity": activity, "record": record, "campaign": campaign}  # fmt: skip


def authz_world(world) -> None:
    data = make_organisation_data(world.org_b, suffix="b")
    for key, value in data.items():
        setattr(world, f"skills_{key}_b", value)


def assert_unchanged(world) -> None:
    from smarterstate.skills.models import Assessment, Person

    person = Person.objects.get(pk=world.skills_person_b.pk)
    assert person.grade == "HEO" and person.active
    assert person.reference == "REF-b" and not person.erased and person.team == "Team b"
    assert Assessment.objects.get(pk=world.skills_assessment_b.pk).level == 1
    assert Assessment.objects.filter(person=person).count() == 1


def fuzz_known(*, org_a, org_b, users) -> dict[str, list]:
    from smarterstate.skills.tests import factories

    a = make_organisation_data(org_a, suffix="a")
    b = make_organisation_data(org_b, suffix="b")
    known = {f"skills_{key}": [a[key].pk, b[key].pk] for key in a}
    # Platform-wide records (no organisation) answer "organisation": null, which the
    # schema must allow (response conformance is checked).
    shared = factories.framework(None, "ddat-fuzz", name="DDaT (fuzz)")
    known["skills_framework"].append(shared.pk)
    known["skills_skill"].append(factories.skill(shared, "Shared fuzz skill").pk)
    known["skills_activity"].append(factories.activity("SHARED-FUZZ", organisation=None).pk)
    return known


def browser_world(world: dict) -> dict:
    data = make_organisation_data(world["org_a"], suffix="a", user=world["editor_a"])
    return {f"skills_{key}": value for key, value in data.items()}
