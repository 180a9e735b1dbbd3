"""What the cross-cutting tests need to know about the Learning Record Store's pages
(see smarterstate/skills/tests/crosscut.py for the names). The xAPI endpoint itself is
authenticated by platform credentials and tested in test_statements_resource.py and test_documents.py."""

from __future__ import annotations

OBJECT_MAKERS: dict = {
    "platform_pk": lambda w: w.lrs_platform_b.pk,
    "identity_pk": lambda w: w.lrs_identity_b.pk,
}
ORG_A = "/o/department-for-work-pensions/skills/learning-records/"
EXPECTED_PAGES: dict[str, list[str]] = {
    "viewer_a": [f"{ORG_A}platforms/", f"{ORG_A}statements/", f"{ORG_A}learners/"],
}


def make_organisation_data(org, *, suffix: str) -> dict:
    """A learning platform that has sent a completion from an unknown learner."""
    from smarterstate.learningrecords.models import LearnerIdentity
    from smarterstate.learningrecords.services.learning import learning_from_statements
    from smarterstate.learningrecords.services.platforms import platform_register
    from smarterstate.learningrecords.services.statements import statements_store

    platform = platform_register(organisation=org, name=f"LMS {suffix}").platform
    result = statements_store(platform=platform, v2=True, statements=[{
        "actor": {"mbox": f"mailto:learner-{suffix}@example.com", "name": f"Learner {suffix}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-GB": "completed"}},
        "object": {"id": f"https://learning.example.gov.uk/course-{suffix}"},
    }])  # fmt: skip
    learning_from_statements(platform=platform, statements=result.created)
    identity = LearnerIdentity.objects.get(organisation=org)
    return {"platform": platform, "identity": identity}


def authz_world(world) -> None:
    for key, value in make_organisation_data(world.org_b, suffix="b").items():
        setattr(world, f"lrs_{key}_b", value)


def assert_unchanged(world) -> None:
    from smarterstate.learningrecords.models import LearnerIdentity, LearningPlatform

    assert LearningPlatform.objects.get(pk=world.lrs_platform_b.pk).revoked_at is None
    assert LearnerIdentity.objects.get(pk=world.lrs_identity_b.pk).person_id is None


def fuzz_known(*, org_a, org_b, users) -> dict[str, list]:
    return {}


def browser_world(world: dict) -> dict:
    data = make_organisation_data(world["org_a"], suffix="a")
    return {f"lrs_{key}": value for key, value in data.items()}
