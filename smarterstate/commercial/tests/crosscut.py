"""What the cross-cutting tests in tests/ need to know about the commercial pillar.

tests/pillar_plugins.py collects these from every app (see smarterstate/ai/tests/crosscut.py
for the full list of names).
"""

from __future__ import annotations

OBJECT_MAKERS: dict = {
    "party_pk": lambda w: w.buyer_b.pk,
    "ocid": lambda w: w.process_b.ocid,
    "process_pk": lambda w: w.process_b.pk,
    "contract_pk": lambda w: w.contract_b.pk,
    "review_pk": lambda w: w.review_b.pk,
    "import_pk": lambda w: w.import_b.pk,
    "commercial-process.pk": lambda w: w.process_b.pk,
    "commercial-buyer.pk": lambda w: w.buyer_b.pk,
    "commercial-supplier.pk": lambda w: w.supplier_b.pk,
    "commercial-indicator.pk": lambda w: w.indicator_b.pk,
    "commercial-import.pk": lambda w: w.import_b.pk,
    "commercial-review.pk": lambda w: w.review_b.pk,
    "commercial-note.pk": lambda w: w.note_b.pk,
}
API_OPERATIONS: dict[str, set[str]] = {
    "/api/v1/commercial/processes/": {"get"},
    "/api/v1/commercial/processes/{id}/": {"get"},
    "/api/v1/commercial/buyers/": {"get"},
    "/api/v1/commercial/buyers/{id}/": {"get"},
    "/api/v1/commercial/suppliers/": {"get"},
    "/api/v1/commercial/suppliers/{id}/": {"get"},
    "/api/v1/commercial/indicators/": {"get"},
    "/api/v1/commercial/indicators/{id}/": {"get"},
    "/api/v1/commercial/imports/": {"get"},
    "/api/v1/commercial/imports/{id}/": {"get"},
    "/api/v1/commercial/crunch-points/": {"get"},
    "/api/v1/commercial/reviews/": {"get", "post"},
    "/api/v1/commercial/reviews/{id}/": {"get", "patch", "delete"},
    "/api/v1/commercial/notes/": {"get", "post"},
    "/api/v1/commercial/notes/{id}/": {"get", "delete"},
}
EXPECTED_PAGES: dict[str, list[str]] = {
    "viewer_a": [
        "/o/department-for-work-pensions/commercial/",
        "/o/department-for-work-pensions/commercial/processes/",
        "/o/department-for-work-pensions/commercial/contracts/",
        "/o/department-for-work-pensions/commercial/crunch-points/",
        "/o/department-for-work-pensions/commercial/reviews/",
        r"/o/department-for-work-pensions/commercial/contracts/\d+/reviews/",
        "/commercial/processes/",
        r"/commercial/processes/ocds-.+/",
        "/commercial/buyers/",
        r"/commercial/buyers/\d+/",
        "/commercial/suppliers/",
        r"/commercial/suppliers/\d+/",
        "/commercial/imports/",
        r"/commercial/imports/\d+/",
        "/commercial/mapping/",
        "/commercial/compare/",
    ],
}


def authz_world(world) -> None:
    """B's buyer with a process, award, contract and supplier; B's review of the contract and
    note on the process; B's organisation-level indicator value; an import."""
    from smarterstate.commercial.models import OCDSImport
    from smarterstate.commercial.services.reviews import contract_review_create, process_note_create

    from .factories import (
        AwardFactory,
        BuyerMappingFactory,
        ContractFactory,
        IndicatorValueFactory,
        PartyFactory,
    )

    editor_b = world.membership_b.user
    world.buyer_b = BuyerMappingFactory(organisation=world.org_b, party__name="Revenue Buyer").party
    world.supplier_b = PartyFactory(name="Revenue Supplier Ltd")
    award_b = AwardFactory(process__buyer=world.buyer_b, suppliers=[world.supplier_b])
    world.process_b = award_b.process
    world.contract_b = ContractFactory(process=award_b.process, award=award_b)
    world.review_b = contract_review_create(
        contract=world.contract_b, user=editor_b, kpis_recorded=2, notes="B's review"
    )
    world.note_b = process_note_create(
        process=award_b.process, organisation=world.org_b, user=editor_b, text="B's note"
    )
    world.indicator_b = IndicatorValueFactory(
        scope_kind="organisation", buyer=None, organisation=world.org_b
    )
    world.import_b = OCDSImport.objects.create(status="succeeded", files=["releases.jsonl"])


def assert_unchanged(world) -> None:
    world.review_b.refresh_from_db()
    assert world.review_b.kpis_recorded == 2
    assert world.review_b.notes == "B's review"
    world.note_b.refresh_from_db()


def fuzz_known(*, org_a, org_b, users) -> dict[str, list]:
    return {}


def browser_world(world: dict) -> dict:
    """A buyer of org A with a process (releases, award, contract ending soon), a review,
    an indicator value with its drill-down, an import with a reject, and an unmapped buyer."""
    import datetime as dt

    from django.utils import timezone

    from smarterstate.commercial.models import OCDSImport
    from smarterstate.commercial.services.reviews import contract_review_create

    from .factories import (
        AwardFactory,
        BuyerFactory,
        BuyerMappingFactory,
        CompiledReleaseFactory,
        ContractFactory,
        IndicatorValueFactory,
        PartyFactory,
        ProcessFactory,
        ReleaseFactory,
    )

    org_a, editor_a = world["org_a"], world["editor_a"]
    now = timezone.now()
    buyer = BuyerMappingFactory(organisation=org_a, party__name="Pensions Buying Unit").party
    process = ProcessFactory(
        buyer=buyer,
        title="Case management platform",
        first_award_date=now - dt.timedelta(days=60),
        tender_start=now - dt.timedelta(days=120),
        notice_types=["UK4", "UK6"],
    )
    award = AwardFactory(
        process=process, suppliers=[PartyFactory(name="Acme Digital Ltd", is_sme=True)]
    )
    contract = ContractFactory(
        process=process,
        award=award,
        title="Platform support",
        period_end=now + dt.timedelta(days=90),
    )
    ReleaseFactory(ocid=process.ocid, release_id="tender-1", tags=["tender"])
    CompiledReleaseFactory(ocid=process.ocid, payload={"ocid": process.ocid, "tag": ["compiled"]})
    review = contract_review_create(contract=contract, user=editor_a, kpis_recorded=1, notes="Fine")
    today = timezone.localdate()
    IndicatorValueFactory(
        code="A3",
        scope_kind="organisation",
        buyer=None,
        organisation=org_a,
        period_kind="r12",
        period_label=f"12m to {today.isoformat()}",
        period_start=today - dt.timedelta(days=364),
        period_end=today + dt.timedelta(days=1),
        value=100.0,
        covered=1,
        total=1,
    )
    ProcessFactory(buyer=BuyerFactory(name="Unmapped Council"))
    OCDSImport.objects.create(
        status="succeeded",
        files=["releases.jsonl"],
        releases_read=3,
        releases_new=2,
        releases_rejected=1,
        rejects=[{"source": "releases.jsonl", "line": 3, "offset": None, "reason": "No ocid"}],
    )
    return {"buyer": buyer, "process": process, "contract": contract, "review": review}
