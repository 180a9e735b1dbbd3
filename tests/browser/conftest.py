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
    """Enough data that every template shows its tables, tags, charts and lists."""
    from smarterstate.jobs.models import Job
    from smarterstate.organisations.tests.factories import (
        MembershipFactory,
        OrganisationFactory,
        UserFactory,
    )

    agency = OrganisationFactory(
        name="Child Maintenance Service",
        slug="child-maintenance-service",
        organisation_type="executive-agency",
        parent=org_a,
    )
    MembershipFactory(organisation=agency, user=editor_a, role="viewer")
    UserFactory(username="newcomer", first_name="New", last_name="Comer")
    Job.objects.create(
        organisation=org_a,
        kind="import:test",
        description="Import of spending data",
        created_by=editor_a,
        status="succeeded",
        progress_done=12,
        report={
            "read": 12,
            "created": 9,
            "updated": 1,
            "unchanged": 1,
            "rejected": 1,
            "rejects": [
                {
                    "source": "spend.csv",
                    "line": 7,
                    "offset": None,
                    "reason": "Amount is not a number",
                    "field": "amount",
                }
            ],
        },
    )
    Job.objects.create(
        organisation=org_a,
        kind="import:test",
        description="Import of contracts",
        created_by=editor_a,
        status="failed",
        error="The file is not UTF-8.",
    )
    Job.objects.create(
        organisation=org_a, kind="import:test", description="Import of roles", status="running"
    )
    Job.objects.create(
        organisation=org_b, kind="import:test", description="B's import", created_by=editor_b
    )
    from tests.pillar_plugins import plugins

    commercial = _commercial_world(org_a, editor_a)
    world = {"org_a": org_a, "org_b": org_b, "agency": agency, **commercial}
    world |= {"admin_a": admin_a, "editor_a": editor_a, "viewer_a": viewer_a}
    world |= {"editor_b": editor_b, "analyst": analyst}
    for plugin in plugins():  # later pillars: smarterstate/<pillar>/tests/crosscut.py
        world |= plugin.browser_world(world)
    return world


def _commercial_world(org_a, editor_a) -> dict:
    """A buyer of org A with a process (releases, award, contract ending soon), a review,
    an indicator value with its drill-down, an import with a reject, and an unmapped buyer."""
    import datetime as dt

    from django.utils import timezone

    from smarterstate.commercial.models import OCDSImport
    from smarterstate.commercial.services.reviews import contract_review_create
    from smarterstate.commercial.tests.factories import (
        AwardFactory,
        BuyerFactory,
        BuyerMappingFactory,
        CompiledReleaseFactory,
        ContractFactory,
        IndicatorValueFactory,
        PartyFactory,
        ProcessFactory,
        ReleaseFactory,
    )

    now = timezone.now()
    buyer = BuyerMappingFactory(organisation=org_a, party__name="Pensions Buying Unit").party
    process = ProcessFactory(
        buyer=buyer,
        title="Case management platform",
        first_award_date=now - dt.timedelta(days=60),
        tender_start=now - dt.timedelta(days=120),
        notice_types=["UK4", "UK6"],
    )
    award = AwardFactory(
        process=process, suppliers=[PartyFactory(name="Acme Digital Ltd", is_sme=True)]
    )
    contract = ContractFactory(
        process=process,
        award=award,
        title="Platform support",
        period_end=now + dt.timedelta(days=90),
    )
    ReleaseFactory(ocid=process.ocid, release_id="tender-1", tags=["tender"])
    CompiledReleaseFactory(ocid=process.ocid, payload={"ocid": process.ocid, "tag": ["compiled"]})
    review = contract_review_create(contract=contract, user=editor_a, kpis_recorded=1, notes="Fine")
    today = timezone.localdate()
    IndicatorValueFactory(
        code="A3",
        scope_kind="organisation",
        buyer=None,
        organisation=org_a,
        period_kind="r12",
        period_label=f"12m to {today.isoformat()}",
        period_start=today - dt.timedelta(days=364),
        period_end=today + dt.timedelta(days=1),
        value=100.0,
        covered=1,
        total=1,
    )
    ProcessFactory(buyer=BuyerFactory(name="Unmapped Council"))
    OCDSImport.objects.create(
        status="succeeded",
        files=["releases.jsonl"],
        releases_read=3,
        releases_new=2,
        releases_rejected=1,
        rejects=[{"source": "releases.jsonl", "line": 3, "offset": None, "reason": "No ocid"}],
    )
    return {"buyer": buyer, "process": process, "contract": contract, "review": review}
