"""Fixtures for the cross-cutting tests in tests/."""

import pytest

from smarterstate.commercial.models import OCDSImport
from smarterstate.commercial.services.reviews import contract_review_create, process_note_create
from smarterstate.commercial.tests.factories import (
    AwardFactory,
    BuyerMappingFactory,
    ContractFactory,
    IndicatorValueFactory,
    PartyFactory,
)
from smarterstate.jobs.models import Job
from smarterstate.organisations.models import Membership
from tests.pillar_plugins import plugins
from tests.test_authorization_walk import World


@pytest.fixture
def world(personas, org_a, org_b, editor_b):
    # Commercial data of organisation B: its buyer's process, award, contract and review.
    buyer_b = BuyerMappingFactory(organisation=org_b, party__name="Revenue Buyer").party
    supplier_b = PartyFactory(name="Revenue Supplier Ltd")
    award_b = AwardFactory(process__buyer=buyer_b, suppliers=[supplier_b])
    contract_b = ContractFactory(process=award_b.process, award=award_b)
    review_b = contract_review_create(
        contract=contract_b, user=editor_b, kpis_recorded=2, notes="B's review"
    )
    world = World(
        org_a=org_a,
        org_b=org_b,
        membership_b=Membership.objects.get(user=editor_b, organisation=org_b),
        job_b=Job.objects.create(
            organisation=org_b, kind="import:test", description="B's import", created_by=editor_b
        ),
        buyer_b=buyer_b,
        supplier_b=supplier_b,
        process_b=award_b.process,
        contract_b=contract_b,
        review_b=review_b,
        note_b=process_note_create(
            process=award_b.process, organisation=org_b, user=editor_b, text="B's note"
        ),
        indicator_b=IndicatorValueFactory(
            scope_kind="organisation", buyer=None, organisation=org_b
        ),
        import_b=OCDSImport.objects.create(status="succeeded", files=["releases.jsonl"]),
    )
    for plugin in plugins():  # later pillars add B's objects
        plugin.authz_world(world)
    return world
