"""Crunch points (L6) compare with each buyer and division's stored latest activity date.

refresh_indicators() stores the dates (LatestActivity) and stamps them current; a trigger on the
processes table removes the stamp when processes change, and the selector then searches the
processes as before. Either way the crunch points are the same.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smarterstate.commercial.models import (
    IndicatorValue,
    LatestActivity,
    LatestActivityStamp,
    Process,
)
from smarterstate.commercial.selectors import crunch_points, latest_activity_is_current
from smarterstate.commercial.services.mapping import buyer_mapping_set
from smarterstate.commercial.services.refresh import refresh_indicators
from smarterstate.commercial.tests.factories import (
    BuyerFactory,
    ContractFactory,
    ProcessFactory,
    dt,
)
from smarterstate.commercial.tests.scenarios import TODAY, hand_computed


@pytest.fixture
def scenario(org_a):
    return hand_computed(org_a)


TABLE = '"commercial_latestactivity"'  # quoted: not the stamp table


def stored_dates():
    return {
        (row.buyer_id, row.cpv_division): row.activity_date for row in LatestActivity.objects.all()
    }


def with_edge_cases(s):
    """Add to the hand-computed scenario the cases where SQL's NULLs and blanks could differ.

    - Another buyer's later tender in CPV 48 does not cover the scenario buyer's C4.
    - C5 (no buyer) and C6 (no reference date) have nothing to compare with: crunch points.
    - C7 (blank CPV division) is covered by a later tender in the blank division.
    - C8's process has activity on the same day as its reference date, not after: crunch point.
    - A planning notice with no dates at all counts as no activity.
    """
    other = BuyerFactory(name="Other Council")
    ProcessFactory(buyer=other, main_cpv="48000000", tendering=True, tender_start=dt(2025, 6, 1))
    no_buyer = ProcessFactory(buyer=None, main_cpv="48000000")
    no_reference = ProcessFactory(buyer=s.buyer, main_cpv="79000000", reference_date=None)
    blank = ProcessFactory(buyer=s.buyer, main_cpv="", cpv_division="")
    ProcessFactory(buyer=s.buyer, main_cpv="", cpv_division="", tender_start=dt(2025, 2, 1))
    same_day = ProcessFactory(
        buyer=s.buyer, main_cpv="30000000", tender_start=dt(2024, 7, 1), first_award_date=None
    )
    ProcessFactory(
        buyer=s.buyer,
        main_cpv="64000000",
        status="planning",
        tender_start=None,
        first_release_date=None,
        first_award_date=None,
    )
    s.c5 = ContractFactory(process=no_buyer, period_end=dt(2025, 9, 30))
    s.c6 = ContractFactory(process=no_reference, period_end=dt(2025, 10, 31))
    s.c7 = ContractFactory(process=blank, period_end=dt(2025, 11, 30))
    s.c8 = ContractFactory(process=same_day, period_end=dt(2026, 1, 31))
    s.other = other
    return s


def all_crunch_points(s):
    """Crunch points for each scope and two lead times, as lists (order matters too)."""
    out = {}
    for months in (18, 24):
        for name, scope in (
            ("all", {}),
            ("buyer", {"buyer": s.buyer}),
            ("other", {"buyer": s.other}),
            ("organisation", {"organisation": s.organisation}),
        ):
            out[(name, months)] = list(crunch_points(today=TODAY, lead_time_months=months, **scope))
    return out


def test_refresh_stores_each_buyer_and_divisions_latest_activity(scenario):
    refresh_indicators(today=TODAY)
    # CPV 72: P5's tender (15 January 2025) is after P1's and P2's; P3 (direct) shows none.
    assert stored_dates() == {
        (scenario.buyer.pk, "72"): dt(2025, 1, 15),
        (scenario.buyer.pk, "48"): dt(2024, 8, 1),
    }
    assert latest_activity_is_current()


def test_the_stored_dates_give_the_same_crunch_points_as_searching_the_processes(scenario):
    s = with_edge_cases(scenario)
    refresh_indicators(today=TODAY)
    assert latest_activity_is_current()
    with CaptureQueriesContext(connection) as queries:
        stored = all_crunch_points(s)
    anti_joins = [q["sql"] for q in queries if "EXISTS" in q["sql"]]
    assert anti_joins and all(TABLE in sql for sql in anti_joins)

    LatestActivityStamp.objects.all().delete()  # what the trigger does when processes change
    with CaptureQueriesContext(connection) as queries:
        searched = all_crunch_points(s)
    assert not any(TABLE in q["sql"] for q in queries)

    assert stored == searched
    assert stored[("buyer", 18)] == stored[("buyer", 24)] == [s.c6, s.c8, s.c4]
    assert stored[("organisation", 18)] == [s.c6, s.c8, s.c4]
    assert stored[("all", 18)] == [s.c5, s.c6, s.c8, s.c4]
    assert stored[("other", 18)] == []


def test_l6_counts_the_same_contracts_as_the_crunch_point_list(scenario):
    s = with_edge_cases(scenario)
    refresh_indicators(today=TODAY)
    listed = crunch_points(buyer=s.buyer, today=TODAY)
    rows = IndicatorValue.objects.filter(code="L6", buyer=s.buyer, period_kind="fy")
    # Each contract with a reference date falls in one financial year (C6 has none).
    assert (
        sum(row.value or 0 for row in rows)
        == 2
        == len([c for c in listed if c.process.reference_date is not None])
    )


def test_changing_the_processes_takes_the_stored_dates_out_of_use(scenario):
    refresh_indicators(today=TODAY)

    scenario.p5.tender_start = dt(2025, 2, 1)
    scenario.p5.save()
    assert not latest_activity_is_current()

    refresh_indicators(today=TODAY)
    Process.objects.filter(pk=scenario.p5.pk).update(status="planning")  # bulk SQL too
    assert not latest_activity_is_current()

    refresh_indicators(today=TODAY)
    scenario.p5.delete()
    assert not latest_activity_is_current()
    # Searching the processes: without P5's later tender, C1 and C2 are crunch points.
    assert list(crunch_points(buyer=scenario.buyer, today=TODAY)) == [
        scenario.c1,
        scenario.c2,
        scenario.c4,
    ]

    refresh_indicators(today=TODAY)
    assert latest_activity_is_current()
    assert list(crunch_points(buyer=scenario.buyer, today=TODAY)) == [
        scenario.c1,
        scenario.c2,
        scenario.c4,
    ]
    ProcessFactory(buyer=scenario.buyer, main_cpv="48000000", tender_start=dt(2025, 3, 1))
    assert not latest_activity_is_current()
    assert list(crunch_points(buyer=scenario.buyer, today=TODAY)) == [scenario.c1, scenario.c2]


def test_mapping_a_buyer_keeps_the_stored_dates_in_use(scenario, org_b):
    # The dates are per buyer, not per organisation: moving the buyer changes nothing stored.
    refresh_indicators(today=TODAY)
    buyer_mapping_set(party=scenario.buyer, organisation=org_b)
    assert latest_activity_is_current()
    assert list(crunch_points(organisation=org_b, today=TODAY)) == [scenario.c4]
    assert list(crunch_points(organisation=scenario.organisation, today=TODAY)) == []
