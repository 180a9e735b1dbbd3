"""Branding of a government service that is not on GOV.UK (issue 16): no crown, no GOV.UK logotype, no GDS
Transport; a header and footer that fit a deployment by any public body."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

VENDOR_CSS = settings.BASE_DIR / "static/vendor/govuk-frontend/govuk-frontend.min.css"
APP_CSS = settings.BASE_DIR / "static/css/smarterstate.css"

# What GOV.UK Frontend 6 renders for the crown (header logo, footer crown) and the GOV.UK-only licence line.
CROWN_MARKERS = [
    'aria-label="GOV.UK"',
    "govuk-header__logotype",
    "govuk-footer__crown",
    "Crown copyright",
]


def rules_naming_gds_transport(css: str) -> set[str]:
    selectors: set[str] = set()
    for match in re.finditer(r"([^{}]+)\{([^{}]*font-family:\s*\"?GDS Transport[^{}]*)\}", css):
        head = match.group(1).strip()
        if head.startswith("@font-face") or "@font-face" in head:
            continue
        selectors.update(part.strip() for part in head.split(","))
    return selectors


def test_every_vendor_rule_naming_gds_transport_is_redeclared_with_arial():
    vendor = rules_naming_gds_transport(VENDOR_CSS.read_text())
    assert vendor, "GOV.UK Frontend's CSS names GDS Transport somewhere"
    app_css = APP_CSS.read_text()
    override = re.search(r"([^{}]+)\{\s*font-family: arial, helvetica, sans-serif;\s*\}", app_css)
    assert override, "smarterstate.css re-declares the font family"
    overridden = {part.strip() for part in override.group(1).split(",")}
    missing = {s for s in vendor - overridden if not s.startswith("/*")}
    assert not missing, f"GOV.UK Frontend rules still using GDS Transport: {sorted(missing)}"


@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_pages_carry_no_crown_or_gov_uk_logotype(client, editor_a, path):
    if path == "/":
        client.force_login(editor_a)
    html = client.get(path, follow=True).content.decode()
    for marker in CROWN_MARKERS:
        assert marker not in html, f"{path} shows {marker!r}"
    assert "vendor/govuk-frontend/assets/images/favicon" not in html, (
        "the GOV.UK favicon is the crown"
    )
    assert 'class="app-header__homepage-link"' in html
    assert "Smarter State is run by the public body that deployed it" in html


def test_header_and_footer_name_the_operator(client, settings):
    settings.SERVICE_OPERATOR = "Doncaster Council"
    html = client.get("/accounts/login/").content.decode()
    assert html.count("Doncaster Council") == 2
