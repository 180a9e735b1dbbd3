import datetime as dt

import pytest

from smarterstate.core.dates import add_months, whole_months_between


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 15), 1, dt.date(2025, 2, 15)),
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 4, 30)),
        (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
        (dt.date(2025, 3, 31), -1, dt.date(2025, 2, 28)),
        (dt.date(2025, 6, 10), 18, dt.date(2026, 12, 10)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_whole_months_between_counts_completed_calendar_months():
    start = dt.date(2025, 3, 15)
    assert whole_months_between(start, dt.date(2025, 5, 14)) == 1
    assert whole_months_between(start, dt.date(2025, 5, 15)) == 2
    assert whole_months_between(start, dt.date(2025, 3, 15)) == 0
    assert whole_months_between(start, dt.date(2025, 2, 20)) == -1
