"""The lifecycle coverage page and its admin forms (issue 15 §3) have no axe-core violations,
blank and showing their errors; the commercial comparison (issue 15 §4) too, at 1,280 and 375 px."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .support import AxeReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coverage_page_and_mapping_forms_are_accessible(admin_a, world, page_as, axe):
    from smarterstate.lifecycle.services.register import component_create, system_create

    org = world["org_a"]
    system = system_create(organisation=org, name="Uncovered service", owner="Owner")
    component_create(
        system=system, name="acme-core", version="1.0", purl="pkg:maven/org.acme/acme-core@1.0"
    )
    report = AxeReport()
    page = page_as(admin_a)
    page.goto(reverse("lifecycle:coverage", kwargs={"org_slug": org.slug}))
    assert "pkg:maven/org.acme" in page.content()
    report.check(axe, page, "coverage page")
    page.get_by_role("link", name="Map to a product pkg:maven/org.acme").click()
    assert page.get_by_label("Purl family or package").input_value() == "pkg:maven/org.acme"
    report.check(axe, page, "mapping form")
    page.goto(reverse("lifecycle:own-product-add", kwargs={"org_slug": org.slug}))
    report.check(axe, page, "own lifecycle entry form")
    page.get_by_role("button", name="Add the lifecycle entry").click()
    page.locator(".govuk-error-summary").wait_for()
    report.check(axe, page, "own lifecycle entry form with errors")
    report.assert_clean()


@pytest.mark.parametrize("width", [1280, 375])
def test_commercial_comparison_is_accessible(analyst, world, page_as, axe, width):
    report = AxeReport()
    page = page_as(analyst)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("commercial:compare"))
    report.check(axe, page, f"commercial comparison at {width} px")
    # The wide table scrolls inside its own region, not the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    report.assert_clean()
