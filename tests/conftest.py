"""Fixtures for the cross-cutting tests in tests/."""

import pytest

from smarterstate.organisations.models import Membership
from tests.pillar_plugins import hooks
from tests.test_authorization_walk import World


@pytest.fixture
def world(personas, org_a, org_b, editor_b):
    world = World(
        org_a=org_a,
        org_b=org_b,
        membership_b=Membership.objects.get(user=editor_b, organisation=org_b),
    )
    for authz_world in hooks("authz_world"):  # every app adds B's objects
        authz_world(world)
    return world
