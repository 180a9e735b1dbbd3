"""The API under /api/v1/ai/: scoped like the pages, same rules as the services."""

import json

import pytest
from rest_framework.test import APIClient

from smarterstate.ai import atrs
from smarterstate.ai.models import RecordStatus, UseCase

from .factories import dpia_required, make_assessment, make_record, make_use_case

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


NEW_USE_CASE = {
    "name": "Letters summariser",
    "purpose": "Summarises letters.",
    "owner": "Letters team",
    "senior_responsible_owner": "Director",
    "phase": "pre-deployment",
    "kind": "generative",
}


def test_use_cases_are_scoped_and_written_through_the_service(
    org_a, org_b, editor_a, editor_b, viewer_a
):
    make_use_case(org_b, name="Revenue risk model")
    response = api(editor_a).post(
        "/api/v1/ai/use-cases/", {**NEW_USE_CASE, "organisation": org_a.slug}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["dpia_screening"] == "Not screened"
    names = [row["name"] for row in api(editor_a).get("/api/v1/ai/use-cases/").json()["results"]]
    assert names == ["Letters summariser"]
    refused = api(viewer_a).post(
        "/api/v1/ai/use-cases/", {**NEW_USE_CASE, "organisation": org_a.slug}, format="json"
    )
    assert refused.status_code == 403
    # Another organisation's slug answers exactly as one that does not exist.
    other, unknown = (
        api(editor_a).post(
            "/api/v1/ai/use-cases/", {**NEW_USE_CASE, "organisation": slug}, format="json"
        )
        for slug in (org_b.slug, "no-such-organisation")
    )
    assert other.status_code == unknown.status_code == 400
    assert other.json() == json.loads(
        unknown.content.decode().replace("no-such-organisation", org_b.slug)
    )


def test_production_without_a_dpia_is_a_400_naming_the_fields(org_a, editor_a):
    use_case = make_use_case(org_a)
    dpia_required(use_case)
    response = api(editor_a).patch(
        f"/api/v1/ai/use-cases/{use_case.pk}/", {"phase": "production"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "DPIA reference" in errors["phase"][0]
    assert set(errors) >= {"dpia_reference", "dpia_completed_on"}
    assert UseCase.objects.get(pk=use_case.pk).phase == "pre-deployment"


def test_assessments_and_answers(org_a, editor_a, viewer_a):
    use_case = make_use_case(org_a)
    response = api(editor_a).post(
        "/api/v1/ai/assessments/",
        {"use_case": use_case.pk, "framework": "ai_cyber_security"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["checklist"]["version"] == "2025" and len(body["answers"]) == 13
    answer_id = body["answers"][0]["id"]
    assert (
        api(viewer_a)
        .patch(f"/api/v1/ai/answers/{answer_id}/", {"answer": "yes"}, format="json")
        .status_code
        == 403
    )
    changed = api(editor_a).patch(
        f"/api/v1/ai/answers/{answer_id}/",
        {"answer": "yes", "evidence": "Threat model"},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["answer"] == "yes"


def test_records_prefill_export_atrs_and_publish_only_when_complete(org_a, editor_a, admin_a):
    use_case = make_use_case(org_a)
    created = api(editor_a).post("/api/v1/ai/records/", {"use_case": use_case.pk}, format="json")
    assert created.status_code == 201, created.json()
    record = created.json()
    assert list(record["atrs"]) == atrs.attributes()
    assert record["atrs"]["title"] == use_case.name
    assert any(line.startswith("Tier 1:") for line in record["missing"])
    refused = api(admin_a).post("/api/v1/ai/publications/", {"record": record["id"]}, format="json")
    assert refused.status_code == 400
    assert "Contact email" in str(refused.json()["errors"])
    from .factories import FULL_CONTENT

    api(editor_a).patch(
        f"/api/v1/ai/records/{record['id']}/", {"content": FULL_CONTENT}, format="json"
    )
    assert (
        api(editor_a)
        .post("/api/v1/ai/publications/", {"record": record["id"]}, format="json")
        .status_code
        == 403
    )
    published = api(admin_a).post(
        "/api/v1/ai/publications/", {"record": record["id"]}, format="json"
    )
    assert published.status_code == 201 and published.json()["status"] == RecordStatus.PUBLISHED


def test_unknown_atrs_fields_are_a_400(org_a, editor_a):
    record = make_record(make_use_case(org_a))
    response = api(editor_a).patch(
        f"/api/v1/ai/records/{record.pk}/", {"content": {"not_a_field": "x"}}, format="json"
    )
    assert response.status_code == 400


def test_other_organisations_records_cannot_be_published(org_a, org_b, admin_a, editor_b):
    record = make_record(make_use_case(org_b, name="Revenue risk model"))
    response = api(admin_a).post("/api/v1/ai/publications/", {"record": record.pk}, format="json")
    # Answered as an id that does not exist: another organisation's records are not revealed.
    assert response.status_code == 400
    assert response.json()["errors"]["record"] == [
        f'Invalid pk "{record.pk}" - object does not exist.'
    ]


def test_checklists_are_readable_by_anyone_signed_in(org_a, viewer_a):
    make_assessment(make_use_case(org_a))
    body = api(viewer_a).get("/api/v1/ai/checklists/").json()
    assert {row["framework"] for row in body["results"]} >= {"ai_playbook", "ico_dpia_screening"}


def test_a_use_case_cannot_link_another_organisations_system(org_a, org_b, editor_a):
    from smarterstate.lifecycle.models import System

    theirs = System.objects.create(organisation=org_b, name="Tax platform")
    ours = System.objects.create(organisation=org_a, name="Claims platform")
    use_case = make_use_case(org_a)
    refused = api(editor_a).patch(
        f"/api/v1/ai/use-cases/{use_case.pk}/", {"systems": [theirs.pk]}, format="json"
    )
    assert refused.status_code == 400 and "systems" in refused.json()["errors"]
    # The answer names nothing of B's and is the answer for an id that does not exist (issue 13).
    assert "Tax platform" not in refused.content.decode()
    missing = api(editor_a).patch(
        f"/api/v1/ai/use-cases/{use_case.pk}/", {"systems": [987_654_321]}, format="json"
    )
    assert (refused.status_code, refused.content.decode().replace(str(theirs.pk), "<id>")) == (
        missing.status_code,
        missing.content.decode().replace("987654321", "<id>"),
    )
    done = api(editor_a).patch(
        f"/api/v1/ai/use-cases/{use_case.pk}/", {"systems": [ours.pk]}, format="json"
    )
    assert done.status_code == 200 and done.json()["systems"] == [ours.pk]


def test_submission_and_sign_off_through_the_api(org_a, org_b, editor_a, admin_a, editor_b):
    assessment = make_assessment(make_use_case(org_a), answer="yes", overrides={"2": ""})
    assert (
        api(editor_b)
        .post("/api/v1/ai/submissions/", {"assessment": assessment.pk}, format="json")
        .status_code
        == 400  # as for an id that does not exist
    )
    submitted = api(editor_a).post(
        "/api/v1/ai/submissions/", {"assessment": assessment.pk}, format="json"
    )
    assert submitted.status_code == 201 and submitted.json()["status"] == "submitted"
    sign_off = {"assessment": assessment.pk, "decision": "approve"}
    assert api(editor_a).post("/api/v1/ai/sign-offs/", sign_off, format="json").status_code == 403
    refused = api(admin_a).post("/api/v1/ai/sign-offs/", sign_off, format="json")
    assert refused.status_code == 400
    assert "2. You use AI lawfully, ethically and responsibly" in str(refused.json()["errors"])
    returned = api(admin_a).post(
        "/api/v1/ai/sign-offs/",
        {**sign_off, "decision": "return", "notes": "Answer item 2"},
        format="json",
    )
    assert returned.json()["status"] == "needs-changes"
    answer = assessment.answers.get(answer="")
    api(editor_a).patch(f"/api/v1/ai/answers/{answer.pk}/", {"answer": "partly"}, format="json")
    api(editor_a).post("/api/v1/ai/submissions/", {"assessment": assessment.pk}, format="json")
    approved = api(admin_a).post("/api/v1/ai/sign-offs/", sign_off, format="json")
    assert approved.status_code == 201 and approved.json()["status"] == "approved"
    assert approved.json()["review_date"]
