"""Shared test fixtures: the six personas and two organisations.

Org A (Department for Work and Pensions) has an admin, an editor and a viewer;
org B (HM Revenue & Customs) has an editor. A central analyst reads both.
Later pillars add their own factories and, for the URL walk, kwarg makers
(tests/test_authorization_walk.py).
"""

import pytest

from smarterstate.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.2 s a user; tests only need passwords to check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org_a(db):
    return OrganisationFactory(
        name="Department for Work and Pensions", slug="department-for-work-pensions"
    )


@pytest.fixture
def org_b(db):
    return OrganisationFactory(
        name="HM Revenue & Customs",
        slug="hm-revenue-customs",
        organisation_type="non-ministerial-department",
    )


@pytest.fixture
def admin_a(org_a):
    return MembershipFactory(organisation=org_a, role="admin", user__username="admin-a").user


@pytest.fixture
def editor_a(org_a):
    return MembershipFactory(organisation=org_a, role="editor", user__username="editor-a").user


@pytest.fixture
def viewer_a(org_a):
    return MembershipFactory(organisation=org_a, role="viewer", user__username="viewer-a").user


@pytest.fixture
def editor_b(org_b):
    return MembershipFactory(organisation=org_b, role="editor", user__username="editor-b").user


@pytest.fixture
def analyst(db):
    return UserFactory(username="analyst", is_central_analyst=True)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def personas(admin_a, editor_a, viewer_a, editor_b, analyst):
    return {
        "admin_a": admin_a,
        "editor_a": editor_a,
        "viewer_a": viewer_a,
        "editor_b": editor_b,
        "analyst": analyst,
        "anonymous": None,
    }
