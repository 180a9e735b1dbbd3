"""The GOV.UK date input on a real form (issue 16, item 6): filled in day, month and year,
saved, shown back as the hint reads; refused in GOV.UK words when incomplete; axe-clean."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .support import AxeReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_date_entered_as_day_month_and_year_is_saved_and_shown_back(
    editor_a, org_a, page_as, axe
):
    from smarterstate.lifecycle.services.register import system_create

    system = system_create(organisation=org_a, name="Payments", owner="Owner")
    edit = reverse(
        "lifecycle:system-edit", kwargs={"org_slug": org_a.slug, "lifecycle_system_pk": system.pk}
    )
    report = AxeReport()
    page = page_as(editor_a)
    page.goto(edit)
    phase_out = page.get_by_role("group", name="Phase out from")
    assert "For example, 27 3 2026" in phase_out.inner_text()
    report.check(axe, page, "system form with date inputs")

    phase_out.get_by_label("Day").fill("27")
    phase_out.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save system").click()
    page.locator(".govuk-error-summary").wait_for()
    assert (
        "Phase out from must include a month" in page.locator(".govuk-error-summary").inner_text()
    )
    report.check(axe, page, "system form with a date error")
    page.get_by_role("link", name="Phase out from must include a month").click()

    phase_out = page.get_by_role("group", name="Phase out from")
    assert phase_out.get_by_label("Day").input_value() == "27"  # what was typed stays
    phase_out.get_by_label("Month").fill("3")
    page.get_by_role("button", name="Save system").click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    assert "phase out 27 Mar 2026" in page.content()

    page.goto(edit)  # prefilled as the hint reads, and saved again unchanged
    phase_out = page.get_by_role("group", name="Phase out from")
    assert [phase_out.get_by_label(part).input_value() for part in ("Day", "Month", "Year")] == [
        "27", "3", "2026"
    ]  # fmt: skip
    system.refresh_from_db()
    assert str(system.phase_out_date) == "2026-03-27"
    report.assert_clean()
