"""Issue 16 item 11: the assessment answered GOV.UK-style, one checklist item per page.

A task list with each item's status, one page per item with its guidance and "Save and
continue" / "Save and come back later", and "Check your answers", which refuses what the
single-page form refuses and submits through the same service. Plain HTML forms: every step
here is a GET or a form POST, as a browser without JavaScript makes them.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from smarterstate.ai.models import Answer, AssessmentStatus, Framework
from smarterstate.ai.services.assessments import answer_update, assessment_submit

from .factories import make_assessment, make_use_case

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, assessment, **kwargs):
    org = assessment.use_case.organisation
    return reverse(
        f"ai:{name}", kwargs={"org_slug": org.slug, "assessment_pk": assessment.pk, **kwargs}
    )


def answers_of(assessment) -> list[Answer]:
    return list(assessment.answers.select_related("item").order_by("item__position"))


def section_data(item_answer, **values) -> dict:
    return {f"item_{item_answer.item_id}_{name}": value for name, value in values.items()}


def statuses(html: str) -> list[str]:
    found = re.findall(r'class="govuk-task-list__status"[^>]*>\s*(.*?)\s*</div>', html, re.S)
    return [re.sub(r"<[^>]+>", "", status).strip() for status in found]


@pytest.fixture
def assessment(org_a):
    return make_assessment(make_use_case(org_a))


def test_the_single_page_address_now_leads_to_the_task_list(assessment, editor_a):
    response = client_for(editor_a).get(url("assessment-answer", assessment))
    assert response.status_code == 302
    assert response["Location"] == url("assessment-tasks", assessment)


def test_the_task_list_has_one_task_per_principle_with_its_status(assessment, editor_a):
    first, second, *_ = answers_of(assessment)
    answer_update(item_answer=first, user=editor_a, answer="yes")
    answer_update(item_answer=second, user=editor_a, evidence="Draft threat model")
    response = client_for(editor_a).get(url("assessment-tasks", assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-task-list"' in html
    assert statuses(html) == ["Completed", "In progress"] + ["Not started"] * 8
    assert "You have answered 1 of 10 principles." in html
    for answer in answers_of(assessment):
        assert f'href="{url("assessment-section", assessment, item_key=answer.item.key)}"' in html
    assert f'href="{url("assessment-check", assessment)}"' in html


def test_a_section_page_has_only_its_fields_and_its_guidance(assessment, editor_a):
    third = answers_of(assessment)[2]
    response = client_for(editor_a).get(url("assessment-section", assessment, item_key="3"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "You know how to use AI securely" in html
    assert "prompt injection" in html  # the principle's guidance
    names = set(re.findall(r'name="(item_[^"]+)"', html))
    assert names == {f"item_{third.item_id}_{n}" for n in ("answer", "evidence", "owner", "notes")}
    assert 'type="radio"' in html
    assert "Save and continue" in html and "Save and come back later" in html


def test_save_and_continue_saves_that_section_and_goes_to_the_next(assessment, editor_a):
    first, second, *rest = answers_of(assessment)
    data = section_data(first, answer="partly", evidence="Briefing notes", owner="AI lead")
    response = client_for(editor_a).post(
        url("assessment-section", assessment, item_key="1"), {**data, "action": "continue"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("assessment-section", assessment, item_key="2")
    first.refresh_from_db()
    assert (first.answer, first.evidence, first.owner) == ("partly", "Briefing notes", "AI lead")
    assert not Answer.objects.filter(pk__in=[a.pk for a in [second, *rest]]).exclude(answer="")
    # History is kept, with who changed it.
    latest = first.history.order_by("-history_date").first()
    assert latest.answer == "partly" and latest.history_user == editor_a


def test_save_and_come_back_later_returns_to_the_task_list(assessment, editor_a):
    second = answers_of(assessment)[1]
    client = client_for(editor_a)
    response = client.post(
        url("assessment-section", assessment, item_key="2"),
        {**section_data(second, evidence="Notes so far"), "action": "later"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("assessment-tasks", assessment)
    page = client.get(response["Location"]).content.decode()
    assert "Your answer to principle 2 is saved" in page
    assert statuses(page)[1] == "In progress"


def test_the_last_section_continues_to_check_your_answers(assessment, editor_a):
    last = answers_of(assessment)[-1]
    response = client_for(editor_a).post(
        url("assessment-section", assessment, item_key=last.item.key),
        {**section_data(last, answer="yes"), "action": "continue"},
    )
    assert response["Location"] == url("assessment-check", assessment)


def test_section_errors_show_on_that_page_and_save_nothing(assessment, editor_a):
    first = answers_of(assessment)[0]
    data = section_data(first, answer="maybe", evidence="x" * 10_001, owner="Team")
    response = client_for(editor_a).post(url("assessment-section", assessment, item_key="1"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "<title>Error:" in html
    assert "Evidence must be 10,000 characters or fewer" in html
    assert "Select Yes, Partly, No or Not applicable" in html
    assert f'href="#id_item_{first.item_id}_evidence"' in html
    first.refresh_from_db()
    assert (first.answer, first.evidence, first.owner) == ("", "", "")


def test_check_your_answers_submits_through_the_service(assessment, editor_a):
    client = client_for(editor_a)
    page = client.get(url("assessment-check", assessment)).content.decode()
    assert "Check your answers before submitting" in page
    assert "10 principles not answered yet" in page
    response = client.post(url("assessment-check", assessment))
    assert response.status_code == 302
    assert response["Location"] == url("assessment", assessment)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.history.first().history_change_reason == "Submitted for sign-off"


def test_check_your_answers_refuses_what_the_single_page_refuses(assessment, editor_a):
    """Answers stored around the forms (too long, unknown choice) are refused on submitting,
    each error linking to the field on its item's page; the single page refuses them too."""
    first, second, *_ = answers_of(assessment)
    Answer.objects.filter(pk=first.pk).update(evidence="x" * 10_001)
    Answer.objects.filter(pk=second.pk).update(answer="maybe")
    client = client_for(editor_a)
    response = client.post(url("assessment-check", assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert (
        f"{url('assessment-section', assessment, item_key='1')}#id_item_{first.item_id}_evidence"
        in html
    )
    assert (
        f"{url('assessment-section', assessment, item_key='2')}#id_item_{second.item_id}_answer"
        in html
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    # The same stored values posted to the single page are refused there as well.
    stored = {
        f"item_{a.item_id}_{name}": getattr(a, name)
        for a in answers_of(assessment)
        for name in ("answer", "evidence", "owner", "notes")
    }
    assert client.post(url("assessment-answer", assessment), stored).status_code == 200


def test_a_submitted_assessment_sends_its_pages_back_to_the_assessment(assessment, editor_a):
    assessment_submit(assessment=assessment, user=editor_a)
    client = client_for(editor_a)
    for name, extra in (
        ("assessment-tasks", {}),
        ("assessment-section", {"item_key": "1"}),
        ("assessment-check", {}),
    ):
        response = client.get(url(name, assessment, **extra))
        assert response.status_code == 302 and response["Location"] == url("assessment", assessment)
    first = answers_of(assessment)[0]
    client.post(
        url("assessment-section", assessment, item_key="1"), section_data(first, answer="no")
    )
    first.refresh_from_db()
    assert first.answer == ""


def test_viewers_cannot_answer_and_unknown_items_are_not_found(assessment, viewer_a, editor_a):
    for name, extra in (
        ("assessment-tasks", {}),
        ("assessment-section", {"item_key": "1"}),
        ("assessment-check", {}),
    ):
        assert client_for(viewer_a).get(url(name, assessment, **extra)).status_code == 403
    missing = url("assessment-section", assessment, item_key="99")
    assert client_for(editor_a).get(missing).status_code == 404


def test_dpia_screening_tasks_are_grouped_with_the_screening_rule(org_a, editor_a):
    screening = make_assessment(make_use_case(org_a), Framework.ICO_DPIA)
    client = client_for(editor_a)
    html = client.get(url("assessment-tasks", screening)).content.decode()
    assert html.count('class="govuk-task-list"') == 2
    assert ">Always</h2>" in html and ">Consider</h2>" in html
    page = client.get(url("assessment-section", screening, item_key="always-1")).content.decode()
    assert "a DPIA is required" in page and "Criterion 1 of 20" in page


def test_the_assessment_page_links_to_the_task_list_and_check_page(assessment, editor_a):
    html = client_for(editor_a).get(url("assessment", assessment)).content.decode()
    assert f'href="{url("assessment-tasks", assessment)}"' in html
    assert f'href="{url("assessment-check", assessment)}"' in html
