"""Issue 16 item 11: the AI assessment was 40 fields on one 5,800 px page. Now a task list and
one page per principle: walked through two principles at 1,280 px, each page short and free of
axe-core violations, with and without its errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .support import AxeReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_HEIGHT = 2_500  # px at 1,280 px wide; the single page was about 5,800


def page_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_two_principles_answered_one_page_each(org_a, editor_a, page_as, axe):
    from smarterstate.ai.tests.factories import make_assessment, make_use_case

    assessment = make_assessment(make_use_case(org_a, editor_a))
    kwargs = {"org_slug": org_a.slug, "assessment_pk": assessment.pk}
    report = AxeReport()
    heights = {}
    page = page_as(editor_a, width=1280)

    page.goto(reverse("ai:assessment-tasks", kwargs=kwargs))
    heights["task list"] = page_height(page)
    report.check(axe, page, "task list")
    assert page.locator(".govuk-task-list__item").count() == 10
    page.get_by_role("link", name="1. You know what AI is and what its limitations are").click()

    # Principle 1: answered and continued.
    heights["principle 1"] = page_height(page)
    report.check(axe, page, "principle 1")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Evidence").fill("Team briefing on the tool's limits, March 2026")
    page.get_by_role("button", name="Save and continue").click()
    assert page.url.endswith(reverse("ai:assessment-section", kwargs={**kwargs, "item_key": "2"}))

    # Principle 2: an error first, shown on this page, then saved for later.
    page.get_by_label("Partly").check()
    # The browser stops typing at 200 characters (maxlength); a script could send more.
    page.get_by_label("Owner").evaluate("input => input.removeAttribute('maxlength')")
    page.get_by_label("Owner").fill("x" * 201)
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    assert "Owner must be 200 characters or fewer" in summary.inner_text()
    heights["principle 2 with errors"] = page_height(page)
    report.check(axe, page, "principle 2 with errors")
    page.get_by_label("Owner").fill("Legal team")
    page.get_by_role("button", name="Save and come back later").click()

    assert page.url.endswith(reverse("ai:assessment-tasks", kwargs=kwargs))
    statuses = page.locator(".govuk-task-list__status").all_inner_texts()
    assert [s.strip() for s in statuses[:3]] == ["Completed", "Completed", "Not started"]
    page.get_by_role("link", name="Check your answers").click()
    heights["check your answers"] = page_height(page)
    report.check(axe, page, "check your answers")
    print(f"page heights at 1,280 px: {heights}")
    report.assert_clean()
    too_tall = {name: h for name, h in heights.items() if h > MAX_HEIGHT}
    assert not too_tall, f"pages taller than {MAX_HEIGHT} px: {too_tall}"
