"""Seen in a browser (issue 16): the service is not on GOV.UK, so no text is set in GDS Transport and no crown
shows, at desktop and phone widths."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FONTS = """() => Array.from(document.querySelectorAll(
  'body, h1, p, a, button, input, label, th, td, .govuk-service-navigation__link, .app-header__homepage-link'
)).map(el => getComputedStyle(el).fontFamily)"""


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", ["/accounts/login/", "/o/department-for-work-pensions/outcomes/"])
def test_no_gds_transport_and_no_crown(editor_a, world, page_as, path, width):
    page = page_as(None if "login" in path else editor_a, width=width)
    page.goto(path)
    families = page.evaluate(FONTS)
    assert families, "the page has text"
    assert all("GDS Transport" not in family for family in families), set(families)
    assert all(family.lower().startswith("arial") for family in families), set(families)
    assert page.locator("svg[aria-label='GOV.UK'], .govuk-header__logotype").count() == 0
    assert page.locator(".app-header__homepage-link").inner_text() == "Smarter State"
    # No GDS Transport font file was fetched.
    fonts = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert not [url for url in fonts if url.endswith((".woff", ".woff2"))]
