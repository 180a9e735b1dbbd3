"""Reporting periods: UK financial years (April–March) and rolling 12 months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Period:
    kind: str  # "fy" or "r12", as commercial.models.PeriodKind
    label: str
    start: date
    end: date  # exclusive

    def contains(self, day: date | datetime | None) -> bool:
        if day is None:
            return False
        if isinstance(day, datetime):
            day = day.date()
        return self.start <= day < self.end


def financial_year_of(day: date | datetime) -> int:
    """The calendar year the financial year containing ``day`` starts in (1 April)."""
    if isinstance(day, datetime):
        day = day.date()
    return day.year if day.month >= 4 else day.year - 1


def financial_year(start_year: int) -> Period:
    """FY starting 1 April ``start_year``, labelled "2024-25"."""
    return Period(
        "fy",
        f"{start_year}-{(start_year + 1) % 100:02d}",
        date(start_year, 4, 1),
        date(start_year + 1, 4, 1),
    )


def rolling_12_months(today: date) -> Period:
    """The 12 months up to and including ``today``, labelled "12m to 2026-11-26"."""
    try:
        start = today.replace(year=today.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        start = date(today.year - 1, 3, 1)
    return Period("r12", f"12m to {today.isoformat()}", start, today + timedelta(days=1))
