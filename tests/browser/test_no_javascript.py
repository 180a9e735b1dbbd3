"""The service works with JavaScript switched off (progressive enhancement).

Signs in through the real form, moves through the service navigation, opens the
members list and, as an admin, adds a member.
"""

from __future__ import annotations

import re

import pytest

from smarterstate.organisations.models import Membership
from smarterstate.organisations.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto("/")
    assert "/accounts/login/" in page.url, "anonymous visitors are sent to sign in"
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))
    assert page.get_by_text(f"Signed in as {username}").is_visible()


def test_sign_in_navigate_and_add_a_member_without_javascript(admin_a, world, new_context):
    context = new_context(javascript=False)
    page = context.new_page()
    assert page.evaluate("1 + 1") == 2  # Playwright itself still evaluates; the page does not
    sign_in(page, "admin-a")
    assert not page.evaluate("document.body.classList.contains('js-enabled')")

    # Every pillar in the service navigation opens, marked as the current one.
    navigation = page.get_by_role("navigation", name="Pillars")
    labels = [text.strip() for text in navigation.get_by_role("link").all_inner_texts()]
    headings = {
        "Outcomes": "Outcomes and pilots",
        "Commercial": "Commercial",
        "Lifecycle": "Technology lifecycle",
        "Skills": "Skills and learning",
        "AI": "AI assurance",
        "Capacity": "Capacity scorecard",
    }
    assert labels == list(headings)
    for label in labels:
        navigation.get_by_role("link", name=label, exact=True).click()
        assert page.get_by_role("heading", level=1).inner_text() == headings[label]
        current = navigation.locator("[aria-current]")
        assert current.inner_text().strip() == label

    # The account bar leads to the organisation, and from there to its members.
    page.get_by_role("navigation", name="Account").get_by_role(
        "link", name="Department for Work and Pensions"
    ).click()
    page.get_by_role("link", name=re.compile(r"^Members \(\d+\)$")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Members"
    assert page.get_by_role("cell", name="viewer-a", exact=True).is_visible()

    # Filtering is a plain GET form.
    page.get_by_label("Role", exact=True).select_option("viewer")
    page.get_by_role("button", name="Apply filter").click()
    assert "role=viewer" in page.url
    assert page.get_by_role("cell", name="editor-a", exact=True).count() == 0

    # Adding a member: first with a mistake, then properly.
    page.get_by_role("button", name="Add a member").click()  # a link styled as a button
    assert page.get_by_role("heading", level=1).inner_text() == "Add a member"
    page.get_by_label("Username").fill("no-such-person")
    page.get_by_role("button", name="Add member").click()
    summary = page.locator(".govuk-error-summary")
    assert "There is no active account" in summary.inner_text()
    # The summary's link points at the field, which works without JavaScript too.
    href = summary.get_by_role("link").first.get_attribute("href")
    assert href == "#id_username"

    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Editor").check()
    page.get_by_role("button", name="Add member").click()
    assert re.search(r"/members/$", page.url)
    assert "newcomer is now a member" in page.locator(".govuk-notification-banner").inner_text()
    assert page.get_by_role("cell", name="newcomer", exact=True).is_visible()
    assert Membership.objects.get(user__username="newcomer", organisation=world["org_a"]).role == (
        "editor"
    )


def test_viewer_reads_members_without_javascript(viewer_a, world, new_context):
    page = new_context(javascript=False).new_page()
    sign_in(page, "viewer-a")
    page.goto("/o/department-for-work-pensions/members/")
    assert page.get_by_role("cell", name="admin-a", exact=True).is_visible()
    assert page.get_by_text("Add a member").count() == 0
