"""Pages run under the Content-Security-Policy: GOV.UK Frontend starts, and Swagger UI renders.

(Every browser test fails on a CSP violation the browser reports: tests/browser/conftest.py.)
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_govuk_frontend_starts_under_the_policy(editor_a, world, page_as):
    page = page_as(editor_a)
    response = page.goto("/")
    assert "'nonce-" in response.headers["content-security-policy"]
    # The inline script (with its nonce) ran, and so did the module that needs it.
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")


def test_the_api_docs_render_under_the_policy(page_as):
    page = page_as(None)
    page.goto("/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Smarter State" in page.locator(".swagger-ui .info .title").inner_text()
