"""The API applies the same rules as the services, and the same permissions as the pages."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from smarterstate.outcomes.models import FundEntry, Initiative, Measurement
from smarterstate.outcomes.services import pilots

from . import factories as f

API = "/api/v1/outcomes"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_editors_create_initiatives_for_their_organisation_only(org_a, org_b, editor_a, viewer_a):
    body = {"organisation": org_a.slug, "name": "Find a job", "kind": "service"}
    response = client_for(editor_a).post(f"{API}/initiatives/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["flagged"] is True
    assert client_for(viewer_a).post(f"{API}/initiatives/", body, format="json").status_code == 403
    # Another organisation's slug answers exactly as one that does not exist.
    other, unknown = (
        client_for(editor_a).post(
            f"{API}/initiatives/", {**body, "organisation": slug}, format="json"
        )
        for slug in (org_b.slug, "no-such-organisation")
    )
    assert other.status_code == unknown.status_code == 400
    assert other.json()["errors"] == {
        "organisation": [f"Object with slug={org_b.slug} does not exist."]
    }
    assert unknown.json()["errors"] == {
        "organisation": ["Object with slug=no-such-organisation does not exist."]
    }


def test_the_phase_cannot_be_patched(org_a, editor_a):
    init = f.initiative(org_a)
    response = client_for(editor_a).patch(
        f"{API}/initiatives/{init.pk}/", {"phase": "live"}, format="json"
    )
    assert response.status_code == 400
    assert "phase" in response.json()["errors"]


def test_lists_show_only_readable_organisations(org_a, org_b, viewer_a, analyst):
    f.initiative(org_a, name="Ours")
    f.initiative(org_b, name="Theirs")
    names = [i["name"] for i in client_for(viewer_a).get(f"{API}/initiatives/").json()["results"]]
    assert names == ["Ours"]
    flagged = client_for(analyst).get(f"{API}/initiatives/", {"flagged": "true"}).json()
    assert flagged["count"] == 2


def test_measurement_ingestion_names_the_bad_field(org_a, editor_a):
    outcome = f.outcome(f.initiative(org_a))
    client = client_for(editor_a)
    good = {"outcome": outcome.pk, "date": f.TODAY.isoformat(), "value": "55", "unit": "%"}
    response = client.post(f"{API}/measurements/", good, format="json")
    assert response.status_code == 201 and response.json()["result"] == "created"
    assert client.post(f"{API}/measurements/", good, format="json").json()["result"] == "unchanged"
    for change, field in [
        ({"unit": "days"}, "unit"),
        ({"date": "2025-02-30"}, "date"),
        ({"outcome": 999999}, "outcome"),
    ]:
        response = client.post(f"{API}/measurements/", good | change, format="json")
        assert response.status_code == 400 and field in response.json()["errors"], (
            change,
            response.json(),
        )
    assert Measurement.objects.count() == 1


def test_measurements_for_another_organisations_outcome_are_refused(org_b, editor_a):
    outcome = f.outcome(f.initiative(org_b))
    body = {"outcome": outcome.pk, "date": f.TODAY.isoformat(), "value": "1"}
    # Answered as for an outcome that does not exist (no 404-versus-400 oracle).
    response = client_for(editor_a).post(f"{API}/measurements/", body, format="json")
    assert response.status_code == 400
    assert "does not exist" in str(response.json()["errors"]["outcome"])
    assert not Measurement.objects.exists()


def test_the_api_refuses_a_gate_for_an_initiative_with_no_measurable_outcome(org_a, editor_a):
    init = f.initiative(org_a, kind="project")
    body = {"initiative": init.pk, "to_phase": "alpha", "decision": "go", "panel": "Board"}
    response = client_for(editor_a).post(f"{API}/gate-reviews/", body, format="json")
    assert response.status_code == 400
    assert "Outcome first" in response.json()["errors"]["decision"][0]
    f.outcome(init)
    response = client_for(editor_a).post(f"{API}/gate-reviews/", body, format="json")
    assert response.status_code == 201, response.json()
    init.refresh_from_db()
    assert init.phase == "alpha"


def test_a_service_gate_through_the_api_carries_the_assessment_and_conditions(org_a, editor_a):
    init = f.measured_initiative(org_a)
    body = {
        "initiative": init.pk,
        "to_phase": "alpha",
        "decision": "go-with-conditions",
        "panel": "GDS panel",
        "points": f.all_points(except_=(12,)),
        "conditions": [
            {
                "text": "Open the code",
                "owner": "Tech lead",
                "due_date": (f.TODAY + dt.timedelta(days=30)).isoformat(),
            }
        ],
    }
    response = client_for(editor_a).post(f"{API}/gate-reviews/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert len(data["points"]) == 14 and data["conditions"][0]["owner"] == "Tech lead"


def test_stop_decisions_release_money_and_allocations_cannot_overdraw(org_a, editor_a):
    pilot = f.pilot(org_a, budget=Decimal("1000"))
    client = client_for(editor_a)
    response = client.post(
        f"{API}/pilot-decisions/",
        {"pilot": pilot.pk, "decision": "stop", "evidence": "No uptake"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    target = f.initiative(org_a)
    over = {
        "organisation": org_a.slug,
        "kind": "allocation",
        "amount": "1000.01",
        "initiative": target.pk,
    }
    response = client.post(f"{API}/fund-entries/", over, format="json")
    assert response.status_code == 400 and "amount" in response.json()["errors"]
    response = client.post(f"{API}/fund-entries/", over | {"amount": "1000.00"}, format="json")
    assert response.status_code == 201
    assert response.json()["balance_after"] == "0.00"
    release = {"organisation": org_a.slug, "kind": "release", "amount": "5"}
    assert client.post(f"{API}/fund-entries/", release, format="json").status_code == 400
    assert FundEntry.objects.count() == 2


def test_pilots_can_be_listed_by_state(org_a, viewer_a):
    f.pilot(org_a, name="Late", days_left=-1)
    f.pilot(org_a, name="On time", days_left=5)
    results = client_for(viewer_a).get(f"{API}/pilots/", {"state": "overdue"}).json()["results"]
    assert [(p["name"], p["overdue"]) for p in results] == [("Late", True)]


def test_the_analyst_reads_but_cannot_write(org_a, analyst):
    pilots.fund_deposit(organisation=org_a, amount=Decimal("10"))
    client = client_for(analyst)
    assert client.get(f"{API}/fund-entries/").json()["count"] == 1
    body = {"organisation": org_a.slug, "name": "X", "kind": "project"}
    assert client.post(f"{API}/initiatives/", body, format="json").status_code == 403
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("kind", ["commercial.Process", "nonsense.Thing"])
def test_links_are_validated_by_the_service(org_a, editor_a, kind):
    from smarterstate.commercial.tests.factories import ProcessFactory

    process = ProcessFactory()
    init = f.initiative(org_a)
    body = {"initiative": init.pk, "kind": kind, "identifier": process.ocid}
    response = client_for(editor_a).post(f"{API}/links/", body, format="json")
    if kind == "commercial.Process":
        assert response.status_code == 201, response.json()
        assert response.json()["kind"] == "commercial.Process"
    else:
        assert response.status_code == 400 and "kind" in response.json()["errors"]


def test_pilots_start_through_the_api_with_money_from_the_fund(org_a, editor_a):
    pilots.fund_deposit(organisation=org_a, amount=Decimal("1000"))
    body = {
        "organisation": org_a.slug,
        "name": "Webchat",
        "hypothesis": "Webchat cuts calls.",
        "timebox_start": f.TODAY.isoformat(),
        "timebox_end": (f.TODAY + dt.timedelta(days=90)).isoformat(),
        "budget": "5000",
        "from_fund": "1000.01",
    }
    client = client_for(editor_a)
    response = client.post(f"{API}/pilots/", body, format="json")
    assert response.status_code == 400 and "from_fund" in response.json()["errors"]
    response = client.post(f"{API}/pilots/", body | {"from_fund": "1000"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["budget"] == "6000.00"
    assert Initiative.objects.get(name="Webchat").kind == "pilot"
