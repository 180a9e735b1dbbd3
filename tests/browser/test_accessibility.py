"""Every page people can reach has no axe-core violations (WCAG 2.0–2.2 A and AA).

Pages are found the way people find them: a breadth-first crawl from the home
page over the links in the header, the service navigation, the account bar and
the main content. The API docs page (/api/docs/) is left out: it is Swagger UI,
third-party markup served by drf-spectacular-sidecar, not one of our templates.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from smarterstate.organisations.models import Membership
from tests.pillar_plugins import merged

from .support import AxeReport, crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Crawled as these personas (admin_a's forms and the error pages are checked by
# the tests further down). The crawl must reach at least these pages for each,
# or it is not crawling: regular expressions matched against the whole path.
EXPECTED_PAGES = merged("EXPECTED_PAGES")  # every app's crosscut.py


@pytest.mark.parametrize("persona", list(EXPECTED_PAGES))
def test_every_page_in_the_navigation_is_accessible(
    persona, personas, world, page_as, axe, live_server
):
    page = page_as(personas[persona])
    report = AxeReport()
    broken = []

    def check(page, response):
        if response is None or response.status >= 400:
            broken.append(f"{page.url} answered {response.status if response else 'nothing'}")
        report.check(axe, page)

    visited = crawl(page, live_server.url, check)
    paths = [url.removeprefix(live_server.url) for url in visited]
    print(f"{persona}: {len(paths)} pages: {' '.join(paths)}")
    reached = {urlsplit(url).path for url in visited}

    report.assert_clean()
    missing = [
        pattern
        for pattern in EXPECTED_PAGES[persona]
        if not any(re.fullmatch(pattern, path) for path in reached)
    ]
    assert not missing, f"The crawl as {persona} did not reach {missing}; it reached {paths}"
    assert not broken, "Links in the navigation lead to errors:\n" + "\n".join(broken)


def test_child_bodies_on_an_organisation_page_can_be_opened(viewer_a, world, page_as):
    page = page_as(viewer_a)
    page.goto(reverse("organisations:home", kwargs={"org_slug": world["org_a"].slug}))
    for href in page.locator("main a[href^='/o/']").evaluate_all("as => as.map(a => a.href)"):
        response = page.goto(href)
        assert response.status == 200, f"{href} answered {response.status}"


def assert_summary_links_resolve(page):
    """Every link in the error summary leads to a field on the page."""
    hrefs = page.locator(".govuk-error-summary a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert hrefs
    for href in hrefs:
        assert page.locator(href).count() == 1, f"error summary link {href} leads nowhere"


def test_member_forms_are_accessible(admin_a, viewer_a, world, page_as, axe):
    """Add, change-role and remove forms, blank and showing their validation errors."""
    org = world["org_a"]
    membership = Membership.objects.get(user=viewer_a, organisation=org)
    page = page_as(admin_a)
    report = AxeReport()

    for name, kwargs in [
        ("member-add", {}),
        ("member-edit", {"membership_pk": membership.pk}),
        ("member-remove", {"membership_pk": membership.pk}),
    ]:
        page.goto(reverse(f"organisations:{name}", kwargs={"org_slug": org.slug, **kwargs}))
        report.check(axe, page, f"{name} form")

    # Submitted with nothing filled in: an error summary and a message by the field.
    page.goto(reverse("organisations:member-add", kwargs={"org_slug": org.slug}))
    page.get_by_role("button", name="Add member").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert summary.get_by_role("link").count() >= 1
    assert page.locator(".govuk-error-message").count() >= 1
    assert_summary_links_resolve(page)
    report.check(axe, page, "member-add form with errors")

    # An error the form raises itself, for a username that does not exist.
    page.get_by_label("Username").fill("nobody-by-this-name")
    page.get_by_role("button", name="Add member").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "no active account" in page.locator(".govuk-error-summary").inner_text()
    report.check(axe, page, "member-add form with a username error")

    # A form-wide error on a form with no fields: removing the only admin.
    own = Membership.objects.get(user=admin_a, organisation=org)
    page.goto(
        reverse(
            "organisations:member-remove", kwargs={"org_slug": org.slug, "membership_pk": own.pk}
        )
    )
    page.get_by_role("button", name="Remove member").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "at least one admin" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    report.check(axe, page, "member-remove form with a form-wide error")

    # An error on a group of radios links to the first radio.
    page.goto(
        reverse("organisations:member-edit", kwargs={"org_slug": org.slug, "membership_pk": own.pk})
    )
    page.get_by_label("Viewer").check()
    page.get_by_role("button", name="Change role").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_summary_links_resolve(page)
    report.check(axe, page, "member-edit form with an error on the radios")

    report.assert_clean()


def test_sign_in_and_password_pages_are_accessible(editor_a, world, page_as, axe):
    report = AxeReport()
    page = page_as(None)
    page.goto(reverse("login"))
    report.check(axe, page, "sign-in page")

    page.get_by_label("Username").fill("editor-a")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.locator(".govuk-error-summary").wait_for()
    report.check(axe, page, "sign-in page with an error")

    page = page_as(editor_a)
    page.goto(reverse("password-change"))
    report.check(axe, page, "change-password page")
    page.get_by_role("button", name="Save").click()
    page.locator(".govuk-error-summary").wait_for()
    report.check(axe, page, "change-password page with errors")

    report.assert_clean()


def test_error_pages_are_accessible(viewer_a, world, page_as, axe):
    report = AxeReport()
    page = page_as(viewer_a)
    response = page.goto("/no-such-page/")
    assert response.status == 404
    report.check(axe, page, "404 page")

    response = page.goto(
        reverse("organisations:member-add", kwargs={"org_slug": world["org_a"].slug})
    )
    assert response.status == 403
    report.check(axe, page, "403 page")

    report.assert_clean()


def test_pages_on_a_narrow_screen_are_accessible(admin_a, world, page_as, axe):
    """At phone width the service navigation folds behind a Menu button."""
    report = AxeReport()
    page = page_as(admin_a, width=320)
    org = world["org_a"]
    page.goto(reverse("organisations:home", kwargs={"org_slug": org.slug}))
    menu = page.get_by_role("button", name="Menu")
    pillars = page.get_by_role("navigation", name="Pillars").get_by_role("list")
    assert menu.is_visible() and not pillars.is_visible()
    report.check(axe, page, "organisation home, narrow, menu closed")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and pillars.is_visible()
    report.check(axe, page, "organisation home, narrow, menu open")

    page.goto(reverse("organisations:members", kwargs={"org_slug": org.slug}))
    report.check(axe, page, "members, narrow")
    page.goto(reverse("organisations:member-add", kwargs={"org_slug": org.slug}))
    page.get_by_role("button", name="Add member").click()
    page.locator(".govuk-error-summary").wait_for()
    report.check(axe, page, "member-add form with errors, narrow")

    report.assert_clean()


def test_commercial_forms_are_accessible(admin_a, editor_a, world, page_as, axe):
    """The review form (blank and with errors), the note form and the buyer-mapping form."""
    from smarterstate.commercial.models import Party

    org = world["org_a"]
    report = AxeReport()
    page = page_as(editor_a)
    page.goto(
        reverse(
            "commercial:review-add",
            kwargs={"org_slug": org.slug, "contract_pk": world["contract"].pk},
        )
    )
    report.check(axe, page, "review form")
    review_date = page.get_by_role("group", name="Date of the review")
    review_date.get_by_label("Day").fill("31")
    review_date.get_by_label("Month").fill("2")  # no 31 February: an error on the date input
    review_date.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save review").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_summary_links_resolve(page)
    report.check(axe, page, "review form with errors")

    page.goto(
        reverse(
            "commercial:note-add",
            kwargs={"org_slug": org.slug, "process_pk": world["process"].pk},
        )
    )
    report.check(axe, page, "note form")

    page = page_as(admin_a)
    unmapped = Party.objects.get(name="Unmapped Council")
    page.goto(reverse("commercial:mapping-edit", kwargs={"party_pk": unmapped.pk}))
    report.check(axe, page, "buyer mapping form")
    page.get_by_role("button", name="Map buyer").click()
    page.locator(".govuk-error-summary").wait_for()
    report.check(axe, page, "buyer mapping form with an error")
    report.assert_clean()


def test_person_privacy_pages_are_accessible(admin_a, world, page_as, axe):
    """A person's page as their organisation's admin (with the subject access and erase links),
    the erase confirmation with its warning, and the people list after erasing."""
    report = AxeReport()
    page = page_as(admin_a)
    org, person = world["org_a"], world["skills_person"]
    kwargs = {"org_slug": org.slug, "person_pk": person.pk}
    page.goto(reverse("skills:person", kwargs=kwargs))
    assert page.get_by_role("link", name="Erase this person").is_visible()
    report.check(axe, page, "person, as admin")
    page.get_by_role("link", name="Erase this person").click()
    assert page.locator(".govuk-warning-text").is_visible()
    report.check(axe, page, "erase a person: confirmation")
    page.get_by_role("button", name=re.compile("Erase person")).click()
    page.locator(".govuk-notification-banner, .govuk-panel").first.wait_for()
    assert "has been erased" in page.content()
    report.check(axe, page, "people, after erasing")
    report.assert_clean()
