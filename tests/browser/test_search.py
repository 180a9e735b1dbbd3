"""The search box in the service navigation, seen in a browser: it works without JavaScript, its results and
empty state have no axe violations, and it fits a phone's width."""

from __future__ import annotations

import pytest

from .support import AxeReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("javascript", "width"),
    [(True, 1280), (True, 375), (False, 1280)],
    ids=["js", "phone", "no-js"],
)
def test_search_from_the_header(editor_a, world, page_as, axe, javascript, width):
    from smarterstate.lifecycle.tests.factories import SystemFactory

    SystemFactory(organisation=world["org_a"], name="Quasar payments platform")
    SystemFactory(organisation=world["org_b"], name="Quasar tax engine")
    page = page_as(editor_a, javascript=javascript, width=width)
    page.goto("/o/department-for-work-pensions/")
    box = page.get_by_role("search").get_by_label("Search Department for Work and Pensions")
    box.fill("quasar")
    box.press("Enter")
    page.wait_for_url("**/search/?q=quasar")
    main = page.locator("main")
    assert main.get_by_role("link", name="Quasar payments platform").count() == 1
    assert "Quasar tax engine" not in main.inner_text()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"
    report = AxeReport()
    if javascript:
        report.check(axe, page)

    page.locator("main input[name=q]").fill("nothing-like-this")
    page.locator("main").get_by_role("button", name="Search").click()
    assert "No results" in page.locator("main").inner_text()
    if javascript:
        report.check(axe, page)
        report.assert_clean()
