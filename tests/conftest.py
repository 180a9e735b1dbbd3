"""Fixtures for the cross-cutting tests in tests/."""

import pytest

from smarterstate.jobs.models import Job
from smarterstate.organisations.models import Membership
from tests.test_authorization_walk import World


@pytest.fixture
def world(personas, org_a, org_b, editor_b):
    return World(
        org_a=org_a,
        org_b=org_b,
        membership_b=Membership.objects.get(user=editor_b, organisation=org_b),
        job_b=Job.objects.create(
            organisation=org_b, kind="import:test", description="B's import", created_by=editor_b
        ),
    )
