"""The radar and estate summary for a past date come from the snapshots and history."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from smarterstate.lifecycle import selectors
from smarterstate.lifecycle.models import Component, System
from smarterstate.lifecycle.services.register import component_create, system_create
from smarterstate.organisations.tests.factories import OrganisationFactory

from .factories import catalogue_subset


def move_laravel_7(document):
    laravel = next(p for p in document["result"] if p["name"] == "laravel")
    cycle = next(r for r in laravel["releases"] if r["name"] == "7")
    cycle["eolFrom"] = "2030-03-03"  # the vendor extends Laravel 7 (fictional)


@pytest.fixture
def estate(db, tmp_path):
    call_command(
        "import_endoflife",
        str(catalogue_subset(tmp_path)),
        "--synced-at",
        "2025-01-01T12:00:00+00:00",
        verbosity=0,
    )
    org = OrganisationFactory()
    system = system_create(organisation=org, name="Case portal")
    component_create(
        system=system,
        name="laravel/framework",
        version="7.30.6",
        purl="pkg:composer/laravel/framework@7.30.6",
    )
    # The register has been kept since the end of 2024.
    since = timezone.make_aware(dt.datetime(2024, 12, 1))
    System.history.update(history_date=since)
    Component.history.update(history_date=since)
    call_command(
        "import_endoflife",
        str(catalogue_subset(tmp_path, edit=move_laravel_7)),
        "--synced-at",
        "2025-06-01T12:00:00+00:00",
        verbosity=0,
    )
    return org


def laravel_items(radar):
    return [i for i in radar["upcoming"] if i.cycle == "Laravel 7"]


def test_time_machine_shows_the_catalogue_before_and_after_a_change(estate):
    before = selectors.estate_on(estate, dt.date(2025, 3, 1))
    assert before.lifecycles and next(iter(before.lifecycles.values())).eol_from == dt.date(
        2021, 3, 3
    )
    radar_before = selectors.radar(before)
    assert [o["cycle"] for o in radar_before["overdue"]] == ["Laravel 7"]
    assert selectors.estate_summary(before)["systems_by_worst"][0] == ("eol", "Past end of life", 1)

    after = selectors.estate_on(estate, dt.date(2025, 7, 1))
    assert next(iter(after.lifecycles.values())).eol_from == dt.date(2030, 3, 3)
    radar_after = selectors.radar(after)
    assert radar_after["overdue"] == []
    summary = selectors.estate_summary(after)
    assert dict((code, n) for code, _, n in summary["systems_by_worst"])["maintained"] == 1


def test_time_machine_uses_the_register_as_it_was(estate):
    for component in Component.objects.all():
        component.delete()
    today = selectors.estate_on(estate, timezone.localdate())
    assert selectors.estate_summary(today)["components"] == 0
    # Yesterday the component was still there (it was removed today).
    yesterday = selectors.estate_on(estate, timezone.localdate() - dt.timedelta(days=1))
    assert selectors.estate_summary(yesterday)["components"] == 1
    assert (
        selectors.estate_summary(selectors.estate_on(estate, dt.date(2024, 11, 1)))["systems"] == 0
    )


def test_before_the_first_sync_nothing_is_covered(estate):
    early = selectors.estate_on(estate, dt.date(2024, 6, 1))
    assert early.lifecycles == {}


def test_the_radar_page_takes_an_as_of_date(estate, client):
    from smarterstate.organisations.tests.factories import MembershipFactory

    client.force_login(MembershipFactory(organisation=estate, role="viewer").user)
    url = f"/o/{estate.slug}/lifecycle/radar/"
    before = client.get(url, {"as_of": "2025-03-01"}).content.decode()
    after = client.get(url, {"as_of": "2025-07-01"}).content.decode()
    assert "Time machine" in before and "3 Mar 2021" in before
    assert "Nothing is past end of life" in after and "3 Mar 2021" not in after
    later = client.get(url, {"as_of": "2028-01-01"}).content.decode()
    assert "3 Mar 2030" in later  # within the 36 months now
