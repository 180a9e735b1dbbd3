"""Writes for organisations and memberships (organisations/services.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smarterstate.organisations import services
from smarterstate.organisations.models import Membership, Organisation
from smarterstate.organisations.tests.factories import UserFactory


def test_organisation_create_validates_before_saving(db):
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(name="Bad", slug="not a slug", organisation_type="other")
    assert "slug" in caught.value.message_dict
    assert not Organisation.objects.exists()


def test_organisation_update_refuses_a_cycle(org_a, org_b):
    services.organisation_update(organisation=org_b, parent=org_a)
    with pytest.raises(ValidationError):
        services.organisation_update(organisation=org_a, parent=org_b)
    org_a.refresh_from_db()
    assert org_a.parent is None


def test_membership_create_refuses_an_unknown_role(org_a):
    with pytest.raises(ValidationError, match="role"):
        services.membership_create(organisation=org_a, user=UserFactory(), role="owner")


def test_the_last_admin_cannot_be_demoted(org_a, admin_a):
    membership = Membership.objects.get(user=admin_a)
    with pytest.raises(ValidationError) as caught:
        services.membership_update(membership=membership, role="editor")
    assert caught.value.message_dict == {"role": ["An organisation must keep at least one admin."]}
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_an_admin_can_be_demoted_when_another_admin_remains(org_a, admin_a, editor_a):
    services.membership_update(membership=Membership.objects.get(user=editor_a), role="admin")
    services.membership_update(membership=Membership.objects.get(user=admin_a), role="viewer")
    assert dict(org_a.memberships.values_list("user__username", "role")) == {
        "admin-a": "viewer",
        "editor-a": "admin",
    }


def test_the_last_admin_cannot_be_removed(org_a, admin_a):
    with pytest.raises(ValidationError, match="at least one admin"):
        services.membership_delete(membership=Membership.objects.get(user=admin_a))
    assert Membership.objects.filter(user=admin_a).exists()


def test_other_admins_of_other_organisations_do_not_count(org_a, org_b, admin_a):
    services.membership_create(organisation=org_b, user=UserFactory(), role="admin")
    with pytest.raises(ValidationError):
        services.membership_delete(membership=Membership.objects.get(user=admin_a))
