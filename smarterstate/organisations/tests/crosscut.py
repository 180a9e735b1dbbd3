"""What the cross-cutting tests in tests/ need to know about organisations and memberships.

tests/pillar_plugins.py collects these from every app (see smarterstate/ai/tests/crosscut.py
for the full list of names). The walk's world starts with org_a, org_b and membership_b (B's
editor's membership); this app's own pages and API take them from there.
"""

from __future__ import annotations

OBJECT_MAKERS: dict = {
    "org_slug": lambda w: w.org_b.slug,
    "membership_pk": lambda w: w.membership_b.pk,
    "organisation.slug": lambda w: w.org_b.slug,
    "membership.pk": lambda w: w.membership_b.pk,
}
API_OPERATIONS: dict[str, set[str]] = {
    "/api/v1/organisations/": {"get", "post"},
    "/api/v1/organisations/{slug}/": {"get", "put", "patch", "delete"},
    "/api/v1/memberships/": {"get", "post"},
    "/api/v1/memberships/{id}/": {"get", "patch", "delete"},
}
FUZZ_PATH_KEYS: dict[str, str] = {
    "/api/v1/organisations/": "organisation",
    "/api/v1/memberships/": "membership",
}
# Request body fields the fuzzer may fill with real values (field → key of fuzz_known).
FUZZ_BODY_KEYS: dict[str, str] = {
    "slug": "organisation",
    "parent": "parent",
    "organisation": "organisation",
    "username": "username",
    "name": "name",
}
EXPECTED_PAGES: dict[str, list[str]] = {
    "anonymous": ["/accounts/login/"],
    "viewer_a": [
        "/o/department-for-work-pensions/",
        "/o/department-for-work-pensions/members/",
        "/o/department-for-work-pensions/history/",
        "/o/department-for-work-pensions/outcomes/",
        "/o/department-for-work-pensions/capacity/",
        r"/o/department-for-work-pensions/members/\d+/history/",
        "/api/",
    ],
    "editor_a": [
        "/",
        "/organisations/",
        "/organisations/switch/",
        "/o/child-maintenance-service/",
        "/o/department-for-work-pensions/members/",
        "/o/department-for-work-pensions/skills/",
    ],
}


def assert_unchanged(world) -> None:
    world.membership_b.refresh_from_db()
    assert world.membership_b.role == "editor"
    world.org_b.refresh_from_db()
    assert world.org_b.name == "HM Revenue & Customs"


def fuzz_known(*, org_a, org_b, users) -> dict[str, list]:
    from smarterstate.organisations.models import Membership

    from .factories import OrganisationFactory

    child = OrganisationFactory(name="Child of A", slug="child-of-a", parent=org_a)
    return {
        "organisation": [org_a.slug, org_b.slug, child.slug],
        "parent": [org_a.slug, org_b.slug, child.slug, None],
        "membership": list(Membership.objects.values_list("pk", flat=True)),
        "username": [user.username for user in users.values()],
        "name": [org_a.name, org_b.name, "A new body"],
    }


def browser_world(world: dict) -> dict:
    from .factories import MembershipFactory, OrganisationFactory, UserFactory

    agency = OrganisationFactory(
        name="Child Maintenance Service",
        slug="child-maintenance-service",
        organisation_type="executive-agency",
        parent=world["org_a"],
    )
    MembershipFactory(organisation=agency, user=world["editor_a"], role="viewer")
    UserFactory(username="newcomer", first_name="New", last_name="Comer")
    return {"agency": agency}
