"""Browser tests: Debian's Chromium driven by Playwright, pages checked with axe-core.

One browser serves the whole run; each test opens cheap contexts in it. Personas
sign in by carrying a session cookie made with Django's test client (fast);
test_no_javascript.py signs in through the real form instead.

Never ``playwright install``: the tests use /usr/bin/chromium from Debian (the
Makefile's test-deps installs it as root). Without it the tests are skipped,
except under CI=true, where a missing browser fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop running in this thread, which
# trips Django's async-unsafe guard on every ORM call the tests make.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Personas are created for every test; the real hasher would take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# -- the browser --------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium fonts-liberation"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe():
    from .support import PreloadedAxe

    return PreloadedAxe()


@pytest.fixture
def new_context(browser, live_server, axe) -> Iterator[Callable]:
    """Open a browser context, signed in as ``user`` when given (session cookie)."""
    from django.conf import settings
    from django.test import Client

    contexts = []
    violations: list[str] = []

    def open_context(user=None, *, javascript: bool = True, width: int = 1280):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            viewport={"width": width, "height": 900},
        )
        context.set_default_timeout(10_000)
        if javascript:
            context.add_init_script(axe.axe_script)
        # Pages run under the real Content-Security-Policy: any violation fails the test.
        context.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        return context

    yield open_context
    for context in contexts:
        context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def page_as(new_context) -> Callable:
    """A fresh page, signed in as ``user`` (None for anonymous)."""

    def open_page(user=None, *, javascript: bool = True, width: int = 1280):
        return new_context(user, javascript=javascript, width=width).new_page()

    return open_page


# -- data the pages show --------------------------------------------------------


@pytest.fixture
def world(org_a, org_b, admin_a, editor_a, viewer_a, editor_b, analyst):
    """Enough data that every template shows its tables, tags, charts and lists: each app's
    crosscut.py adds its own (``browser_world``)."""
    from tests.pillar_plugins import hooks

    world = {"org_a": org_a, "org_b": org_b}
    world |= {"admin_a": admin_a, "editor_a": editor_a, "viewer_a": viewer_a}
    world |= {"editor_b": editor_b, "analyst": analyst}
    for browser_world in hooks("browser_world"):
        world |= browser_world(world)
    return world
