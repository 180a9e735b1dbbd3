"""Calendar arithmetic every app shares: pure Python, no Django."""

from __future__ import annotations

import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), or the month's last day when it is shorter:
    31 January + 1 month is 28 (or 29) February."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Calendar months completed from ``start`` to ``end`` (negative when ``end`` is earlier):
    15 March to 14 May is 1, to 15 May 2. Not the mean-month length of
    ``commercial.indicators.formulas.mean_months_between``."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
