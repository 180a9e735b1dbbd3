import datetime as dt

import icalendar
import pytest

from smarterstate.core.icalendar import escape, fold
from smarterstate.lifecycle.calendar import calendar_text
from smarterstate.lifecycle.models import CalendarFeed, CycleOverride
from smarterstate.lifecycle.services.register import (
    calendar_feed_reset,
    component_create,
    system_create,
)
from smarterstate.organisations.tests.factories import OrganisationFactory

from .factories import CycleFactory, ProductFactory


@pytest.fixture
def org(db):
    org = OrganisationFactory(name="Department, Work; Pensions")
    product = ProductFactory(
        name="laravel",
        label="Laravel",
        identifiers=[{"type": "purl", "id": "pkg:composer/laravel/framework"}],
    )
    CycleFactory(
        product=product,
        name="11",
        eoas_from=dt.date(2025, 9, 3),
        eol_from=dt.date(2026, 3, 12),
        eoes_from=None,
    )
    system = system_create(
        organisation=org, name="A system with a very long name that will need folding, surely"
    )
    component_create(
        system=system,
        name="laravel/framework",
        version="11.2",
        purl="pkg:composer/laravel/framework",
    )
    return org


def test_the_feed_is_valid_icalendar_with_reminders(org):
    text = calendar_text(org)
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert sorted(str(e["SUMMARY"]) for e in events) == [
        "End of active support: Laravel 11",
        "End of life: Laravel 11",
    ]
    eol = next(e for e in events if str(e["SUMMARY"]).startswith("End of life"))
    assert eol.decoded("DTSTART") == dt.date(2026, 3, 12)
    alarms = eol.walk("VALARM")
    assert [a.decoded("TRIGGER") for a in alarms] == [
        -dt.timedelta(days=360),
        -dt.timedelta(days=180),
        -dt.timedelta(days=90),
        -dt.timedelta(days=30),
    ]
    assert "A system with a very long name that will need folding, surely" in str(
        eol["DESCRIPTION"]
    )
    # Text is escaped (RFC 5545 3.3.11), in extension properties too.
    assert "X-WR-CALNAME:Technology lifecycle: Department\\, Work\\; Pensions\r\n" in text


def test_overrides_are_named_in_the_feed(org):
    cycle = CycleOverride.objects.model.cycle.field.related_model.objects.get(name="11")
    CycleOverride.objects.create(
        organisation=org,
        cycle=cycle,
        milestone="eol",
        date=dt.date(2027, 3, 12),
        evidence="Extended support contract",
        owner="Platforms",
        expires_on=dt.date(2028, 1, 1),
    )
    calendar = icalendar.Calendar.from_ical(calendar_text(org))
    eol = next(e for e in calendar.walk("VEVENT") if "End of life" in str(e["SUMMARY"]))
    assert str(eol["SUMMARY"]) == "End of life: Laravel 11 (our override)"
    assert eol.decoded("DTSTART") == dt.date(2027, 3, 12)


def test_escaping_and_folding():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("DESCRIPTION:" + "é" * 80)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "é" * 80


def test_the_token_url_needs_no_sign_in_and_a_wrong_token_is_404(org, client):
    feed = calendar_feed_reset(organisation=org)
    response = client.get(f"/lifecycle/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    icalendar.Calendar.from_ical(response.content)
    assert client.get("/lifecycle/calendar/not-the-token.ics").status_code == 404
    assert client.post(f"/lifecycle/calendar/{feed.token}.ics").status_code == 405


def test_a_new_link_stops_the_old_one(org, client):
    from smarterstate.organisations.tests.factories import MembershipFactory

    old = calendar_feed_reset(organisation=org).token
    admin = MembershipFactory(organisation=org, role="admin").user
    client.force_login(admin)
    response = client.post(f"/o/{org.slug}/lifecycle/calendar/new-link/")
    assert response.status_code == 302
    new = CalendarFeed.objects.get(organisation=org).token
    assert new != old
    assert client.get(f"/lifecycle/calendar/{old}.ics").status_code == 404
    assert new in client.get(f"/o/{org.slug}/lifecycle/calendar/").content.decode()
