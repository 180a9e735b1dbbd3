"""Drill-downs return exactly the processes behind each number."""

from datetime import date

import pytest

from smarterstate.commercial.indicators.catalogue import CODES
from smarterstate.commercial.models import IndicatorValue
from smarterstate.commercial.normalise import normalise_ocids
from smarterstate.commercial.selectors import crunch_points, kpi_gap_contracts, processes_behind
from smarterstate.commercial.services.refresh import refresh_indicators
from smarterstate.commercial.tests import ocds_data
from smarterstate.commercial.tests.factories import ContractFactory, ProcessFactory, dt
from smarterstate.commercial.tests.scenarios import (
    FY_END,
    FY_START,
    TODAY,
    euro_buyer,
    hand_computed,
)

COUNT_CODES = {"L6", "L7"}  # value is a count of contracts: the drill-down lists their processes


@pytest.fixture
def scenario(org_a):
    s = hand_computed(org_a)
    refresh_indicators(today=TODAY)
    return s


def behind(code, s, **scope):
    scope = scope or {"buyer": s.buyer}
    return set(
        processes_behind(code, period_start=FY_START, period_end=FY_END, today=TODAY, **scope)
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("A1", {"p1", "p2", "p4"}),
        ("A2", {"p1", "p2", "p4"}),
        ("A3", {"p1", "p2", "p3", "p4"}),
        ("A4", {"p1", "p2", "p3", "p4", "p5"}),
        ("A5", {"p1", "p2", "p3", "p4"}),
        ("A6", {"p1", "p2", "p4", "p5"}),
        ("L1", {"p1", "p2", "p3", "p4"}),
        ("L2", {"p2", "p3"}),
        ("L3", {"p1", "p2", "p4"}),
        ("L4", {"p1", "p2", "p3", "p4"}),
        ("L5", {"p3"}),
        ("L6", {"p4"}),
        ("L7", {"p4"}),
    ],
)
def test_it_returns_the_processes_behind_each_number(scenario, code, expected):
    assert behind(code, scenario) == {getattr(scenario, name) for name in expected}


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("scope", ["buyer", "organisation"])
def test_drill_down_matches_the_stored_coverage(scenario, code, scope):
    target = scenario.buyer if scope == "buyer" else scenario.organisation
    row = IndicatorValue.objects.get(
        code=code, period_kind="fy", period_start=FY_START, **{scope: target}
    )
    found = behind(code, scenario, **{scope: target})
    expected = row.detail["processes"] if code in COUNT_CODES else row.covered
    assert len(found) == expected


def test_drill_down_matches_coverage_on_the_real_files(db):
    normalise_ocids(
        ocds_data.load(
            "pt_base_release-package_2019-11.json",
            "uk_contractsfinder_release-package_2025-01-23.json",
            "uk_contractsfinder_releases_2025-03.jsonl",
        )
    )
    today = date(2025, 3, 31)
    refresh_indicators(today=today)
    rows = IndicatorValue.objects.filter(scope_kind="buyer", period_kind="fy").select_related(
        "buyer"
    )
    assert rows.count() > 100 * len(CODES)
    for row in rows:
        code = row.code
        found = processes_behind(
            code,
            buyer=row.buyer,
            period_start=row.period_start,
            period_end=row.period_end,
            today=today,
        )
        expected = row.detail["processes"] if code in COUNT_CODES else row.covered
        assert found.count() == expected, (code, row.buyer, row.period_label, row.detail)


def test_drill_down_uses_the_dominant_currency(db):
    euro = euro_buyer()
    assert behind("L1", euro) == {euro.p6, euro.p7}


def test_crunch_points_are_soonest_first_and_exclude_re_tendered_work(scenario):
    assert list(crunch_points(buyer=scenario.buyer, today=TODAY)) == [scenario.c4]
    assert list(crunch_points(organisation=scenario.organisation, today=TODAY)) == [scenario.c4]
    # Without P5's later tender, C1 and C2 (CPV 72) become crunch points too.
    scenario.p5.delete()
    assert list(crunch_points(buyer=scenario.buyer, today=TODAY)) == [
        scenario.c1,
        scenario.c2,
        scenario.c4,
    ]
    # A longer lead time reaches C3 (ends 31 January 2027).
    assert scenario.c3 in crunch_points(buyer=scenario.buyer, today=TODAY, lead_time_months=24)


def test_a_planning_notice_counts_as_later_activity(scenario):
    ProcessFactory(
        buyer=scenario.buyer,
        main_cpv="48100000",
        status="planning",
        tender_start=None,
        first_award_date=None,
        first_release_date=dt(2025, 5, 1),
    )
    assert list(crunch_points(buyer=scenario.buyer, today=TODAY)) == []


def test_kpi_gap_contracts(scenario):
    ContractFactory(process=scenario.p1, value=7_000_000, kpi_count=3)  # enough KPIs
    ContractFactory(process=scenario.p1, value=5_000_000, kpi_count=None)  # not over £5m
    ContractFactory(process=scenario.p1, value=9_000_000, currency="EUR")  # not GBP
    assert list(kpi_gap_contracts()) == [scenario.c4]


def test_it_needs_exactly_one_scope(scenario):
    with pytest.raises(ValueError):
        processes_behind("A1", period_start=FY_START, period_end=FY_END)
    with pytest.raises(ValueError):
        processes_behind("Z9", buyer=scenario.buyer, period_start=FY_START, period_end=FY_END)
