import pytest
from rest_framework.test import APIClient

from smarterstate.capacity.models import RadarDecision, SurveyOrganisation, SurveyResult

from .crosscut import _objects


@pytest.fixture
def world(org_a, org_b, editor_a, editor_b):
    SurveyResult.objects.create(
        year=2024, survey_organisation=SurveyOrganisation.objects.create(code="CS_MEDIAN", name="Median", kind="benchmark"),
        measure_id="cul.try_new_ideas", value=74.972,
    )  # fmt: skip
    return {
        "a": _objects(org_a, editor_a, code="DWP", name="DWP"),
        "b": _objects(org_b, editor_b, code="HMRC", name="HMRC"),
    }


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_editor_records_a_decision_through_the_api(editor_a, world):
    item = world["a"]["item"]
    response = client_for(editor_a).post(
        "/api/v1/capacity/decisions/",
        {"item": item.pk, "action": "decided", "option": "replace"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["option"] == "replace" and response.json()["decided_by"] == "editor-a"
    assert RadarDecision.objects.filter(key=item.key, organisation=item.organisation).count() == 1


def test_a_viewer_may_not_and_another_organisations_item_is_not_found(viewer_a, editor_a, world):
    item = world["a"]["item"]
    response = client_for(viewer_a).post(
        "/api/v1/capacity/decisions/",
        {"item": item.pk, "action": "decided", "option": "replace"},
        format="json",
    )
    assert response.status_code == 403
    other = world["b"]["item"]
    response = client_for(editor_a).post(
        "/api/v1/capacity/decisions/",
        {"item": other.pk, "action": "decided", "option": "replace"},
        format="json",
    )
    assert response.status_code == 400 and "item" in response.json()["errors"]


def test_a_snooze_needs_a_date(editor_a, world):
    response = client_for(editor_a).post(
        "/api/v1/capacity/decisions/",
        {"item": world["a"]["item"].pk, "action": "snoozed", "note": "x"},
        format="json",
    )
    assert response.status_code == 400 and "snooze_until" in response.json()["errors"]


def test_the_radar_is_scoped_and_filtered(viewer_a, analyst, world):
    rows = (
        client_for(viewer_a)
        .get("/api/v1/capacity/radar/", {"kind": "legacy-remediation"})
        .json()["results"]
    )
    assert {r["organisation"] for r in rows} == {"department-for-work-pensions"}
    assert all(r["state"] in ("in-window", "upcoming") for r in rows)
    every = client_for(analyst).get("/api/v1/capacity/radar/").json()["results"]
    assert {r["organisation"] for r in every} == {
        "department-for-work-pensions",
        "hm-revenue-customs",
    }
    assert (
        client_for(viewer_a).get("/api/v1/capacity/radar/", {"horizon": "soon"}).status_code == 400
    )


def test_people_survey_shows_benchmarks_to_everyone_and_rows_to_their_organisation(viewer_a, world):
    rows = (
        client_for(viewer_a)
        .get("/api/v1/capacity/people-survey/", {"measure": "cul.try_new_ideas"})
        .json()["results"]
    )
    assert {r["survey_code"] for r in rows} == {"CS_MEDIAN", "DWP"}


def test_scorecards_cite_their_profile_and_download(viewer_a, world):
    client = client_for(viewer_a)
    rows = client.get("/api/v1/capacity/scorecards/", {"period": "quarter"}).json()["results"]
    assert [r["organisation"] for r in rows] == ["department-for-work-pensions"]
    assert rows[0]["profile_version"] == 1 and len(rows[0]["components"]) == 12
    response = client.get("/api/v1/capacity/scorecards/", {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
