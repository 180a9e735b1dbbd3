"""The commercial API: public OCDS data for everyone signed in; reviews scoped by organisation."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from smarterstate.commercial.models import ContractReview
from smarterstate.commercial.services.reviews import contract_review_create
from smarterstate.commercial.tests.factories import (
    AwardFactory,
    BuyerMappingFactory,
    CompiledReleaseFactory,
    ContractFactory,
    IndicatorValueFactory,
    PartyFactory,
    ProcessFactory,
)

BASE = "/api/v1/commercial"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def buyer_a(org_a):
    return BuyerMappingFactory(organisation=org_a, party__name="Pensions Buyer").party


def test_anonymous_callers_are_refused():
    response = APIClient().get(f"{BASE}/processes/")
    assert response.status_code in (401, 403)


def test_processes_filter_by_buyer_supplier_method_and_dates(db, editor_b, buyer_a):
    acme = PartyFactory(name="Acme Ltd")
    open_award = AwardFactory(process__buyer=buyer_a, suppliers=[acme])
    direct = ProcessFactory(buyer=buyer_a, direct=True, first_award_date=None, tendering=True)
    ProcessFactory()  # another buyer's
    client = api(editor_b)

    def ids(**params):
        return {p["id"] for p in client.get(f"{BASE}/processes/", params).json()["results"]}

    assert ids(buyer=buyer_a.pk) == {open_award.process_id, direct.pk}
    assert ids(supplier=acme.pk) == {open_award.process_id}
    assert ids(method="direct") == {direct.pk}
    assert ids(buyer=buyer_a.pk, date_from="2024-06-15") == {open_award.process_id}
    assert ids(buyer=buyer_a.pk, date_to="2024-06-15") == {direct.pk}
    bad = client.get(f"{BASE}/processes/", {"date_from": "soon"})
    assert bad.status_code == 400 and "date_from" in bad.json()["errors"]


def test_a_process_comes_with_its_compiled_release(db, editor_b, buyer_a):
    award = AwardFactory(process__buyer=buyer_a)
    ContractFactory(process=award.process, award=award)
    CompiledReleaseFactory(
        ocid=award.process.ocid, payload={"ocid": award.process.ocid, "tag": ["compiled"]}
    )
    body = api(editor_b).get(f"{BASE}/processes/{award.process_id}/").json()
    assert body["compiled_release"]["tag"] == ["compiled"]
    assert body["awards"][0]["suppliers"][0]["name"]
    assert len(body["contracts"]) == 1
    # No organisation is named: which body a buyer maps to is read on organisation pages.
    assert "organisation" not in body


def test_suppliers_and_buyers_are_listed(db, viewer_a, buyer_a):
    supplier = PartyFactory(name="Acme Ltd")
    assert [s["name"] for s in api(viewer_a).get(f"{BASE}/suppliers/").json()["results"]] == [
        "Acme Ltd"
    ]
    assert api(viewer_a).get(f"{BASE}/suppliers/{supplier.pk}/").status_code == 200
    assert [b["id"] for b in api(viewer_a).get(f"{BASE}/buyers/").json()["results"]] == [buyer_a.pk]


def test_organisation_indicators_are_shown_only_to_readers(
    db, viewer_a, editor_b, analyst, org_a, buyer_a
):
    mine = IndicatorValueFactory(scope_kind="organisation", buyer=None, organisation=org_a)
    public = IndicatorValueFactory(buyer=buyer_a, code="L1")

    def listed(user):
        return {v["id"] for v in api(user).get(f"{BASE}/indicators/").json()["results"]}

    assert listed(viewer_a) == {mine.pk, public.pk}
    assert listed(editor_b) == {public.pk}
    assert listed(analyst) == {mine.pk, public.pk}
    assert api(editor_b).get(f"{BASE}/indicators/{mine.pk}/").status_code == 404
    filtered = api(viewer_a).get(f"{BASE}/indicators/", {"code": "L1"}).json()["results"]
    assert [v["id"] for v in filtered] == [public.pk]


def test_crunch_points_are_listed_soonest_first(db, viewer_a, org_a, buyer_a):
    process = ProcessFactory(buyer=buyer_a)
    later = ContractFactory(process=process, period_end=timezone.now() + dt.timedelta(days=200))
    sooner = ContractFactory(process=process, period_end=timezone.now() + dt.timedelta(days=40))
    ContractFactory(process=process, period_end=timezone.now() + dt.timedelta(days=900))
    results = (
        api(viewer_a).get(f"{BASE}/crunch-points/", {"organisation": org_a.slug}).json()["results"]
    )
    assert [c["id"] for c in results] == [sooner.pk, later.pk]
    assert results[0]["months_left"] in (1, 2)


def test_imports_are_listed(db, viewer_a):
    from smarterstate.commercial.models import OCDSImport

    run = OCDSImport.objects.create(status="succeeded", releases_read=5)
    assert api(viewer_a).get(f"{BASE}/imports/{run.pk}/").json()["releases_read"] == 5


def test_editors_of_the_buying_organisation_write_reviews(
    db, editor_a, viewer_a, editor_b, analyst, buyer_a, org_a
):
    contract = ContractFactory(process=ProcessFactory(buyer=buyer_a), value=6_000_000)
    payload = {
        "contract": contract.pk,
        "review_date": "2025-01-10",
        "kpis_recorded": 1,
        "exit_plan_exists": True,
    }
    for refused in (viewer_a, analyst):
        assert api(refused).post(f"{BASE}/reviews/", payload, format="json").status_code == 403
    assert api(editor_b).post(f"{BASE}/reviews/", payload, format="json").status_code == 404
    assert not ContractReview.objects.exists()
    response = api(editor_a).post(f"{BASE}/reviews/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["organisation"] == org_a.slug
    assert body["score"] == round(100 / 7) and body["kpi_gap"] is True
    assert body["next_review_date"] == "2025-07-10"
    review_url = f"{BASE}/reviews/{body['id']}/"
    assert api(viewer_a).get(review_url).status_code == 200
    assert api(editor_b).get(review_url).status_code == 404
    assert api(viewer_a).patch(review_url, {"kpis_recorded": 5}, format="json").status_code == 403
    changed = api(editor_a).patch(review_url, {"kpis_recorded": 5}, format="json").json()
    assert changed["kpi_gap"] is False and changed["kpis_recorded"] == 5
    assert api(editor_a).delete(review_url).status_code == 204


def test_reviews_are_listed_only_for_readable_organisations(db, viewer_a, editor_b, org_b):
    contract = ContractFactory(
        process=ProcessFactory(buyer=BuyerMappingFactory(organisation=org_b).party)
    )
    contract_review_create(contract=contract, user=editor_b, kpis_recorded=0)
    assert api(viewer_a).get(f"{BASE}/reviews/").json()["count"] == 0
    assert api(editor_b).get(f"{BASE}/reviews/").json()["count"] == 1


def test_notes_belong_to_the_organisation_that_wrote_them(
    db, editor_a, viewer_a, editor_b, analyst, org_a, buyer_a
):
    process = ProcessFactory(buyer=buyer_a)
    payload = {"process": process.pk, "organisation": org_a.slug, "text": "Ask about the exit plan"}
    for refused in (viewer_a, analyst):
        assert api(refused).post(f"{BASE}/notes/", payload, format="json").status_code == 403
    # A's slug, which B's editor cannot read, answers as an unknown one.
    refused = api(editor_b).post(f"{BASE}/notes/", payload, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["organisation"] == [
        f"Object with slug={org_a.slug} does not exist."
    ]
    assert (
        api(editor_a)
        .post(f"{BASE}/notes/", {**payload, "text": " "}, format="json")
        .json()["errors"]
    )
    response = api(editor_a).post(f"{BASE}/notes/", payload, format="json")
    assert response.status_code == 201, response.json()
    note = response.json()
    assert note["author"] == editor_a.username and note["organisation"] == org_a.slug

    assert api(viewer_a).get(f"{BASE}/notes/?process={process.pk}").json()["count"] == 1
    assert api(viewer_a).get(f"{BASE}/notes/?process={process.pk + 1}").json()["count"] == 0
    assert api(viewer_a).get(f"{BASE}/notes/?process=x").status_code == 400
    assert api(editor_b).get(f"{BASE}/notes/").json()["count"] == 0
    assert api(editor_b).get(f"{BASE}/notes/{note['id']}/").status_code == 404
    assert api(viewer_a).delete(f"{BASE}/notes/{note['id']}/").status_code == 403
    assert api(editor_a).delete(f"{BASE}/notes/{note['id']}/").status_code == 204
