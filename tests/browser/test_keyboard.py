"""Keyboard use: the skip link comes first and takes focus to the main content."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVE = """() => {
  const el = document.activeElement;
  return {tag: el.tagName, id: el.id, text: (el.innerText || '').trim(),
          cls: el.className, inMain: !!el.closest('main')};
}"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("path", ["/", "/o/department-for-work-pensions/members/"])
def test_skip_link_is_first_and_moves_focus_to_main(editor_a, world, page_as, path, javascript):
    page = page_as(editor_a, javascript=javascript)
    page.goto(path)

    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE)
    assert first["text"] == "Skip to main content", f"first focusable element is {first}"
    assert "govuk-skip-link" in first["cls"]
    box = page.locator(".govuk-skip-link").bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1, "the skip link shows when focused"

    page.keyboard.press("Enter")
    page.wait_for_url("**#main-content")
    if javascript:
        # GOV.UK Frontend's skip link module focuses <main> itself.
        assert page.evaluate(ACTIVE)["id"] == "main-content"
    # Either way the next Tab lands inside the main content, past all the navigation.
    page.keyboard.press("Tab")
    after = page.evaluate(ACTIVE)
    assert after["inMain"], f"after skipping, Tab reached {after}"
