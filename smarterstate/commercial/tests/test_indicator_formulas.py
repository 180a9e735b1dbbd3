from datetime import UTC, date, datetime

import pytest

from smarterstate.commercial.indicators import (
    financial_year,
    financial_year_of,
    hhi,
    hhi_band,
    mean,
    mean_months_between,
    median,
    percentile,
    rolling_12_months,
    share,
    top_shares,
)


def test_median_of_an_odd_count_is_the_middle_value():
    assert median([7, 1, 3]) == 3


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median([4, 1, 3, 10]) == 3.5


def test_p90_interpolates_between_closest_ranks():
    # rank = 0.9 × (10 − 1) = 8.1 → 9 + 0.1 × (10 − 9)
    assert percentile(range(1, 11), 90) == pytest.approx(9.1)
    # rank = 0.9 × 4 = 3.6 → 40 + 0.6 × (100 − 40)
    assert percentile([10, 20, 30, 40, 100], 90) == pytest.approx(76.0)
    assert percentile([5], 90) == 5


def test_statistics_of_nothing_are_none():
    assert median([]) is None
    assert percentile([None], 90) is None
    assert mean([]) is None
    assert hhi({}) is None
    assert hhi_band(None) is None
    assert top_shares({}, 3) is None
    assert share(1, 0) is None
    assert share(None, 10) is None


def test_share_is_a_percentage():
    assert share(1, 4) == 25.0


def test_hhi_of_a_monopoly_is_10000_and_high():
    assert hhi({"a": 500}) == 10000
    assert hhi_band(10000) == "high"


def test_hhi_of_four_equal_suppliers_is_2500_and_moderate():
    index = hhi({"a": 1, "b": 1, "c": 1, "d": 1})
    assert index == pytest.approx(2500)
    assert hhi_band(index) == "moderate"  # 2,500 is not above 2,500


def test_hhi_bands_at_the_edges():
    assert hhi_band(2500.01) == "high"
    assert hhi_band(1500) == "moderate"
    assert hhi_band(1499.99) == "low"


def test_hhi_hand_computed():
    # shares 50%, 30%, 20% → 2500 + 900 + 400
    assert hhi({"a": 50, "b": 30, "c": 20}) == pytest.approx(3800)
    # ten equal suppliers → 10 × 10² = 1000
    assert hhi([1] * 10) == pytest.approx(1000)
    assert hhi_band(1000) == "low"
    # non-positive amounts are not market share
    assert hhi({"a": 50, "b": 50, "c": 0, "d": -5}) == pytest.approx(5000)


def test_hhi_does_not_depend_on_the_order_of_the_suppliers():
    """The database does not order an award's suppliers; the index must not change with it."""
    amounts = [0.1 * n + 1 / (n + 3) for n in range(500)]
    assert len({hhi(amounts), hhi(list(reversed(amounts))), hhi(sorted(amounts))}) == 1


def test_top_shares():
    amounts = {"a": 50, "b": 30, "c": 15, "d": 5}
    assert top_shares(amounts, 1) == 50
    assert top_shares(amounts, 3) == 95


def test_mean_months_between():
    start = datetime(2024, 1, 1, tzinfo=UTC)
    assert mean_months_between(start, datetime(2025, 1, 1, tzinfo=UTC)) == pytest.approx(
        12.0, abs=0.05
    )
    assert mean_months_between(start, None) is None


def test_financial_years_run_april_to_march():
    assert financial_year_of(date(2025, 3, 31)) == 2024
    assert financial_year_of(date(2025, 4, 1)) == 2025
    fy = financial_year(2024)
    assert (fy.label, fy.start, fy.end) == ("2024-25", date(2024, 4, 1), date(2025, 4, 1))
    assert financial_year(1999).label == "1999-00"
    assert fy.contains(date(2025, 3, 31)) and not fy.contains(date(2025, 4, 1))


def test_rolling_12_months_ends_today_inclusive():
    period = rolling_12_months(date(2026, 11, 26))
    assert period.label == "12m to 2026-11-26"
    assert (period.start, period.end) == (date(2025, 11, 27), date(2026, 11, 27))
    assert rolling_12_months(date(2028, 2, 29)).start == date(2027, 3, 1)
