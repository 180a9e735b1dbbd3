"""The cross-government counts read a summary written by the refresh (RadarCount), recounted
when a decision is recorded, and count live whatever was not counted today."""

import datetime as dt

import pytest
from django.utils import timezone

from smarterstate.capacity.models import RadarCount, RadarItem
from smarterstate.capacity.selectors import count_open, kind_counts, radar_counts
from smarterstate.capacity.services.radar import radar_decision_record, radar_refresh
from smarterstate.core.dates import add_months
from smarterstate.lifecycle.services.register import system_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def radar(org_a, org_b, today):
    """Four legacy systems of org_a due late, in 2, 4 and 20 months; org_b has none."""
    for months, name in ((-1, "Late"), (2, "Soon"), (4, "Later"), (20, "Far")):
        system = system_create(organisation=org_a, name=name)
        type(system).objects.filter(pk=system.pk).update(
            legacy=True, remediation_date=add_months(today, months)
        )
    radar_refresh(today=today, organisations=[org_a, org_b])


def test_the_refresh_writes_the_counts_and_the_pages_read_them(
    org_a, org_b, today, radar, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        (row,) = radar_counts([org_a, org_b], today)
    assert (row["organisation__slug"], row["total"], row["overdue"], row["crunch"]) == (
        org_a.slug, 4, 1, 0,
    )  # fmt: skip
    assert row["horizons"] == [1, 1, 0, 0, 1]  # 0–3, 3–6, 6–12, 12–18, 18–36 months
    assert kind_counts([org_a, org_b], today) == {"legacy-remediation": 4}
    # The same as counting the items live.
    (live,) = count_open(RadarItem.objects.all(), today)
    assert (live["total"], live["overdue"], live["horizons"]) == (4, 1, [1, 1, 0, 0, 1])
    # An organisation with nothing on its radar is counted (zeros), not counted live again.
    assert RadarCount.objects.get(organisation=org_b).total == 0


def test_a_decision_recounts_its_organisation(org_a, editor_a, today, radar):
    item = RadarItem.objects.get(subject="Remediate Late")
    radar_decision_record(item=item, user=editor_a, option="replace")
    (row,) = radar_counts([org_a], today)
    assert (row["total"], row["overdue"]) == (3, 0)


def test_counts_from_an_earlier_day_are_not_used(org_a, today, radar):
    # Horizons and snoozes move with the day: yesterday's summary is counted again, live.
    RadarCount.objects.update(counted_on=today - dt.timedelta(days=1), total=99)
    (row,) = radar_counts([org_a], today)
    assert row["total"] == 4


def test_an_organisation_never_counted_is_counted_live(org_a, today, radar):
    RadarCount.objects.all().delete()
    (row,) = radar_counts([org_a], today)
    assert (row["total"], row["horizons"]) == (4, [1, 1, 0, 0, 1])
