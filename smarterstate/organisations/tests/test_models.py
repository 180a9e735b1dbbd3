"""Organisation and Membership models: the tree stays a tree."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from smarterstate.organisations.models import Membership, Organisation
from smarterstate.organisations.tests.factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def chain(db):
    root = OrganisationFactory(name="Root", slug="root")
    child = OrganisationFactory(name="Child", slug="child", parent=root)
    grandchild = OrganisationFactory(name="Grandchild", slug="grandchild", parent=child)
    return root, child, grandchild


def test_clean_accepts_an_ordinary_parent(chain):
    root, child, _grandchild = chain
    OrganisationFactory.build(name="New", slug="new", parent=child).full_clean()


def test_clean_rejects_an_organisation_under_itself(chain):
    root, *_ = chain
    root.parent = root
    with pytest.raises(ValidationError) as caught:
        root.full_clean()
    assert caught.value.message_dict == {"parent": ["An organisation cannot sit under itself."]}


def test_clean_rejects_an_organisation_under_its_own_descendant(chain):
    root, _child, grandchild = chain
    root.parent = grandchild
    with pytest.raises(ValidationError, match="cannot sit under itself"):
        root.full_clean()


def test_clean_stops_at_a_cycle_already_in_the_database(chain):
    root, child, _grandchild = chain
    # A cycle written behind the model's back (say by raw SQL) must not hang clean().
    Organisation.objects.filter(pk=root.pk).update(parent=child)
    newcomer = OrganisationFactory.build(
        name="New", slug="new", parent=Organisation.objects.get(pk=child.pk)
    )
    with pytest.raises(ValidationError, match="cycle"):
        newcomer.full_clean()
    assert [org.slug for org in newcomer.ancestors()] == ["root", "child"]


def test_ancestors_run_from_the_top_down(chain):
    root, child, grandchild = chain
    assert grandchild.ancestors() == [root, child]
    assert root.ancestors() == []


def test_an_organisation_with_children_cannot_be_deleted(chain):
    from django.db.models import ProtectedError

    root, *_ = chain
    with pytest.raises(ProtectedError):
        root.delete()


def test_a_user_has_one_membership_per_organisation(org_a, viewer_a):
    with pytest.raises(IntegrityError):
        MembershipFactory(organisation=org_a, user=viewer_a, role="admin")


def test_membership_reads_as_user_role_and_organisation(viewer_a, org_a):
    membership = Membership.objects.get(user=viewer_a)
    assert str(membership) == "Test Viewer-A — Viewer of Department for Work and Pensions"
    assert org_a.get_absolute_url() == "/o/department-for-work-pensions/"
