"""Realisation % and first-in-first-out reinvestment timing (pure functions)."""

import datetime as dt
from decimal import Decimal

from smarterstate.outcomes.calculations import realisation_pct, reinvestment_fifo

D = Decimal


def test_realisation_is_progress_from_baseline_towards_target():
    assert realisation_pct(D("40"), D("80"), D("60")) == D("50.0")
    assert realisation_pct(D("40"), D("80"), D("80")) == D("100.0")
    assert realisation_pct(D("40"), D("80"), D("90")) == D("125.0")


def test_realisation_works_when_lower_is_better():
    # Cost per transaction from £10 to £4: £7 is half way.
    assert realisation_pct(D("10"), D("4"), D("7")) == D("50.0")
    assert realisation_pct(D("10"), D("4"), D("12")) == D("-33.3")


def test_realisation_is_unknown_without_figures_or_when_target_equals_baseline():
    assert realisation_pct(None, D("80"), D("60")) is None
    assert realisation_pct(D("40"), None, D("60")) is None
    assert realisation_pct(D("40"), D("80"), None) is None
    assert realisation_pct(D("40"), D("40"), D("60")) is None


def test_realisation_is_capped_rather_than_overflowing():
    assert realisation_pct(D("0"), D("0.0001"), D("99999999999999")) == D("99999999999.9")


def test_reinvestment_spends_the_oldest_money_first():
    day = dt.date(2025, 1, 1)
    entries = [
        ("stop-a", day, D("100"), True),
        ("stop-b", day + dt.timedelta(days=10), D("50"), True),
        ("use-1", day + dt.timedelta(days=20), D("120"), False),
        ("use-2", day + dt.timedelta(days=40), D("10"), False),
    ]
    a, b = reinvestment_fifo(entries)
    assert (a.reinvested, a.days_to_first_use, a.days_to_full_use) == (D("100"), 20, 20)
    assert (b.reinvested, b.days_to_first_use, b.days_to_full_use) == (D("30"), 10, None)


def test_money_not_yet_used_has_no_reinvestment_time():
    (only,) = reinvestment_fifo([("stop", dt.date(2025, 1, 1), D("10"), True)])
    assert only.first_used is None and only.days_to_first_use is None
