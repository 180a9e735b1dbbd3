"""The organisation pages, their permissions, and the public ATRS pages (tested for leaks)."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from smarterstate.ai import atrs
from smarterstate.ai.models import AssessmentStatus, Phase, RecordStatus, UseCase
from smarterstate.ai.services.assessments import assessment_submit
from smarterstate.ai.services.records import record_publish, record_update

from .factories import dpia_required, make_assessment, make_record, make_use_case

pytestmark = pytest.mark.django_db

SECRET = "INTERNAL-ONLY-NOTE"


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def org_url(name, org, **kwargs):
    return reverse(f"ai:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def published(org_a, admin_a):
    use_case = make_use_case(org_a)
    record = make_record(use_case)
    record_update(record=record, user=admin_a, content=record.content, internal_notes=SECRET)
    return record_publish(record=record, user=admin_a)


def test_the_dashboard_counts_use_cases_assessments_dpias_and_records(org_a, viewer_a, published):
    dpia_required(published.use_case)
    response = client_for(viewer_a).get(org_url("index", org_a))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["use_cases"] == 1
    assert summary["dpias_required"] == 1 and summary["dpias_missing"] == 1
    assert summary["records_published"] == 1
    assert b"Use cases by phase" in response.content and b"<svg" in response.content


def test_viewers_read_but_cannot_register(org_a, viewer_a, editor_a):
    assert client_for(viewer_a).get(org_url("use-cases", org_a)).status_code == 200
    assert client_for(viewer_a).get(org_url("use-case-add", org_a)).status_code == 403
    response = client_for(editor_a).post(
        org_url("use-case-add", org_a),
        {
            "name": "Benefit letters summariser",
            "purpose": "Summarises letters.",
            "owner": "Letters team",
            "senior_responsible_owner": "Director",
            "phase": "pre-deployment",
            "kind": "generative",
            "risk_level": "low",
        },
    )
    assert response.status_code == 302
    assert UseCase.objects.filter(organisation=org_a, name="Benefit letters summariser").exists()


def test_other_organisations_use_cases_answer_404(org_a, org_b, editor_b):
    use_case = make_use_case(org_a)
    client = client_for(editor_b)
    assert client.get(org_url("use-case", org_a, use_case_pk=use_case.pk)).status_code == 404
    assert client.get(org_url("use-case", org_b, use_case_pk=use_case.pk)).status_code == 404


def test_the_edit_page_refuses_production_without_a_dpia_and_lists_what_is_missing(org_a, editor_a):
    use_case = make_use_case(org_a)
    dpia_required(use_case)
    data = {
        "name": use_case.name,
        "purpose": use_case.purpose,
        "owner": use_case.owner,
        "senior_responsible_owner": use_case.senior_responsible_owner,
        "phase": "production",
        "kind": use_case.kind,
        "risk_level": use_case.risk_level,
    }
    response = client_for(editor_a).post(
        org_url("use-case-edit", org_a, use_case_pk=use_case.pk), data
    )
    assert response.status_code == 200
    assert "Missing: DPIA reference, DPIA completed on" in response.content.decode()
    use_case.refresh_from_db()
    assert use_case.phase == Phase.PRE_DEPLOYMENT


def test_answering_submitting_and_signing_off(org_a, editor_a, admin_a):
    assessment = make_assessment(make_use_case(org_a))
    answers = list(assessment.answers.select_related("item"))
    data = {f"item_{a.item_id}_answer": "yes" for a in answers}
    data[f"item_{answers[0].item_id}_evidence"] = "Training records"
    editor = client_for(editor_a)
    assert (
        editor.post(
            org_url("assessment-answer", org_a, assessment_pk=assessment.pk), data
        ).status_code
        == 302
    )
    assert assessment.answers.filter(answer="yes").count() == 10
    editor.post(org_url("assessment-submit", org_a, assessment_pk=assessment.pk))
    assert (
        editor.get(org_url("assessment-decide", org_a, assessment_pk=assessment.pk)).status_code
        == 403
    )
    response = client_for(admin_a).post(
        org_url("assessment-decide", org_a, assessment_pk=assessment.pk), {"decision": "approve"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPROVED and assessment.signed_off_by == admin_a


def test_the_sign_off_page_lists_unanswered_items(org_a, admin_a):
    assessment = make_assessment(make_use_case(org_a))
    assessment_submit(assessment=assessment, user=admin_a)
    response = client_for(admin_a).post(
        org_url("assessment-decide", org_a, assessment_pk=assessment.pk), {"decision": "approve"}
    )
    assert response.status_code == 200
    assert "10 item(s) are unanswered" in response.content.decode()


def test_publishing_from_the_page_lists_missing_fields(org_a, admin_a):
    record = make_record(make_use_case(org_a), contact_email="")
    response = client_for(admin_a).post(
        org_url("record-publish", org_a, record_pk=record.pk), follow=True
    )
    assert "1.4 Contact email" in response.content.decode()
    record.refresh_from_db()
    assert record.status == RecordStatus.DRAFT


def test_the_record_exports_are_atrs_json_and_csv(org_a, viewer_a, published):
    client = client_for(viewer_a)
    url = org_url("record-export", org_a, record_pk=published.pk)
    data = json.loads(client.get(url + "?format=json").content)
    assert list(data) == atrs.attributes()
    assert data["standard_version"] == "4.0" and data["id"] == published.pk
    rows = list(csv.DictReader(io.StringIO(client.get(url + "?format=csv").content.decode())))
    assert list(rows[0]) == atrs.attributes() and rows[0]["title"] == published.content["title"]


def test_lists_download_as_csv_and_xlsx(org_a, viewer_a, published):
    client = client_for(viewer_a)
    for name in ("use-cases", "assessments", "records"):
        for fmt in ("csv", "xlsx"):
            response = client.get(org_url(name, org_a) + f"?format={fmt}")
            assert response.status_code == 200, (name, fmt)
    body = b"".join(client.get(org_url("use-cases", org_a) + "?format=csv").streaming_content)
    assert b"Correspondence triage assistant" in body


def test_history_pages_show_changes(org_a, viewer_a, published):
    response = client_for(viewer_a).get(org_url("record-history", org_a, record_pk=published.pk))
    assert response.status_code == 200
    assert [entry.action for entry in response.context["entries"]][-1] == "Created"


# -- the public page: no sign-in, published records only, public fields only ----------------------


def test_the_public_page_needs_no_sign_in_and_shows_published_records(org_a, published):
    response = client_for().get(reverse("ai:public-records", kwargs={"org_slug": org_a.slug}))
    assert response.status_code == 200
    assert published.content["title"] in response.content.decode()
    detail = client_for().get(reverse("ai:public-record", kwargs={"record_pk": published.pk}))
    assert detail.status_code == 200
    assert published.content["contact_email"] in detail.content.decode()


def test_dashboard_count_axes_tick_distinct_whole_numbers(org_a, viewer_a):
    """Issue 16 item 7: with one use case the axes read "0, 1, 1" (half steps shown rounded)."""
    make_use_case(org_a)
    body = client_for(viewer_a).get(org_url("index", org_a)).content.decode()
    axes = re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', body, re.S)
    numeric = [labels for axis in axes if (labels := re.findall(r">([^<]*)</text>", axis))]
    numeric = [labels for labels in numeric if all(label.isdigit() for label in labels)]
    assert len(numeric) >= 3  # one count axis per chart
    for labels in numeric:
        assert labels == sorted(set(labels), key=int), labels


def test_record_pages_show_phase_and_region_by_their_labels(org_a, viewer_a, admin_a):
    """Issue 16 item 13: the ATRS pages read "Phase production" and "Region uk"."""
    record = make_record(make_use_case(org_a), phase="production", region="uk")
    record = record_publish(record=record, user=admin_a)
    pages = [
        client_for(viewer_a).get(org_url("record", org_a, record_pk=record.pk)),
        client_for().get(reverse("ai:public-record", kwargs={"record_pk": record.pk})),
    ]
    for page in pages:
        body = page.content.decode()
        rows = dict(
            re.findall(r'key">([^<]+)</dt><dd class="govuk-summary-list__value">([^<]*)<', body)
        )
        assert rows["Phase"] == "Production" and rows["Region"] == "UK"


def test_the_public_page_leaks_no_drafts_private_fields_or_other_organisations(
    org_a, org_b, admin_a, published
):
    draft = make_record(make_use_case(org_a, name="Secret draft tool"), title="Secret draft tool")
    other = make_use_case(org_b, name="Revenue risk model")
    other_record = make_record(other, title="Revenue risk model")
    type(other_record).objects.filter(pk=other_record.pk).update(
        status=RecordStatus.PUBLISHED, published_content=other_record.content
    )
    anonymous = client_for()
    page = anonymous.get(
        reverse("ai:public-records", kwargs={"org_slug": org_a.slug})
    ).content.decode()
    assert "Secret draft tool" not in page
    assert "Revenue risk model" not in page
    assert SECRET not in page
    assert (
        anonymous.get(reverse("ai:public-record", kwargs={"record_pk": draft.pk})).status_code
        == 404
    )
    detail = anonymous.get(
        reverse("ai:public-record", kwargs={"record_pk": published.pk})
    ).content.decode()
    assert SECRET not in detail
    # Register fields that are not ATRS fields stay private (risk level, DPIA reference).
    assert "Medium risk" not in detail and "DPIA reference" not in detail
    for fmt in ("json", "csv"):
        body = anonymous.get(
            reverse("ai:public-records", kwargs={"org_slug": org_a.slug}) + f"?format={fmt}"
        ).content.decode()
        assert (
            SECRET not in body
            and "Secret draft tool" not in body
            and "Revenue risk model" not in body
        )
    exported = json.loads(
        anonymous.get(
            reverse("ai:public-record", kwargs={"record_pk": published.pk}) + "?format=json"
        ).content
    )
    assert list(exported) == atrs.attributes()
    assert SECRET not in json.dumps(exported)


def test_unpublished_changes_stay_private_until_published_again(
    org_a, admin_a, editor_a, published
):
    record_update(
        record=published, user=editor_a, content={**published.content, "title": "Renamed tool"}
    )
    anonymous = client_for()
    url = reverse("ai:public-record", kwargs={"record_pk": published.pk})
    assert "Renamed tool" not in anonymous.get(url).content.decode()
    record_publish(record=published, user=admin_a)
    assert "Renamed tool" in anonymous.get(url).content.decode()


def test_a_withdrawn_record_leaves_the_public_page(org_a, admin_a, published):
    response = client_for(admin_a).post(
        org_url("record-publish", org_a, record_pk=published.pk), {"action": "withdraw"}
    )
    assert response.status_code == 302
    assert (
        client_for()
        .get(reverse("ai:public-record", kwargs={"record_pk": published.pk}))
        .status_code
        == 404
    )


def test_central_analysts_compare_organisations(org_a, org_b, analyst, viewer_a, published):
    make_use_case(org_b, name="Revenue risk model", phase="production")
    response = client_for(analyst).get(reverse("ai:compare"))
    names = [row["organisation"].name for row in response.context["rows"]]
    assert names == [org_a.name, org_b.name]
    assert client_for(analyst).get(org_url("index", org_b)).status_code == 200
    assert client_for(analyst).get(org_url("use-case-add", org_b)).status_code == 403
    mine = client_for(viewer_a).get(reverse("ai:compare"))
    assert [row["organisation"].name for row in mine.context["rows"]] == [org_a.name]


def test_review_date_in_the_past_shows_overdue(org_a, admin_a, viewer_a):
    assessment = make_assessment(make_use_case(org_a), answer="yes")
    type(assessment).objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.APPROVED, review_date=dt.date(2020, 1, 1)
    )
    response = client_for(viewer_a).get(org_url("index", org_a))
    assert response.context["summary"]["assessments_overdue"] == 1


def test_the_use_case_page_links_its_initiative_and_systems(org_a, editor_a, org_b):
    from smarterstate.lifecycle.models import System
    from smarterstate.outcomes.models import Initiative

    initiative = Initiative.objects.create(organisation=org_a, name="Move to digital claims")
    system = System.objects.create(organisation=org_a, name="Claims platform")
    System.objects.create(organisation=org_b, name="Tax platform")
    use_case = make_use_case(org_a)
    client = client_for(editor_a)
    form_page = client.get(
        org_url("use-case-edit", org_a, use_case_pk=use_case.pk)
    ).content.decode()
    assert "Claims platform" in form_page and "Tax platform" not in form_page
    data = {
        "name": use_case.name,
        "purpose": use_case.purpose,
        "owner": use_case.owner,
        "senior_responsible_owner": use_case.senior_responsible_owner,
        "phase": use_case.phase,
        "kind": use_case.kind,
        "risk_level": use_case.risk_level,
        "initiative": initiative.pk,
        "systems": [system.pk],
    }
    response = client.post(org_url("use-case-edit", org_a, use_case_pk=use_case.pk), data)
    assert response.status_code == 302
    page = client.get(org_url("use-case", org_a, use_case_pk=use_case.pk)).content.decode()
    assert "Move to digital claims" in page and "Claims platform" in page


def test_the_assessment_history_shows_answer_changes(org_a, editor_a, viewer_a):
    assessment = make_assessment(make_use_case(org_a))
    answer = assessment.answers.select_related("item").first()
    from smarterstate.ai.services.assessments import answer_update

    answer_update(item_answer=answer, user=editor_a, answer="yes", evidence="Minutes")
    response = client_for(viewer_a).get(
        org_url("assessment-history", org_a, assessment_pk=assessment.pk)
    )
    actions = [entry.action for entry in response.context["entries"]]
    assert f"Changed: answer to item {answer.item.key}" in actions


def test_dashboard_counts_lead_to_the_records_behind_them(org_a, admin_a, viewer_a, published):
    """Issue 16 item 10: overdue assessments and missing DPIAs drill down to filtered lists."""
    dpia_required(published.use_case)
    other = make_use_case(org_a, name="Timesheet summariser")
    overdue = make_assessment(other, answer="yes")
    current = make_assessment(published.use_case, answer="yes")
    type(overdue).objects.filter(pk=overdue.pk).update(
        status=AssessmentStatus.APPROVED, review_date=dt.date(2020, 1, 1)
    )
    type(current).objects.filter(pk=current.pk).update(
        status=AssessmentStatus.APPROVED, review_date=dt.date(2099, 1, 1)
    )
    viewer = client_for(viewer_a)
    html = viewer.get(org_url("index", org_a)).content.decode()
    assessments_url = org_url("assessments", org_a) + "?review=overdue"
    use_cases_url = org_url("use-cases", org_a) + "?dpia=missing"
    assert f'href="{assessments_url}"' in html and f'href="{use_cases_url}"' in html

    listed = viewer.get(assessments_url)
    assert [a.pk for a in listed.context["page"].object_list] == [overdue.pk]
    listed = viewer.get(use_cases_url)
    assert [u.pk for u in listed.context["page"].object_list] == [published.use_case.pk]
