"""Periods a dashboard can show: financial years (April–March) and rolling 12 months."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from ..indicators import periods as indicator_periods
from ..models import PeriodKind


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # exclusive
    label: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.start.isoformat()}"

    def as_choice(self) -> dict:
        kind = "Financial year" if self.kind == PeriodKind.FINANCIAL_YEAR else "Rolling"
        return {"key": self.key, "label": f"{kind} {self.label}"}


def _from_indicators(period: indicator_periods.Period) -> Period:
    return Period(period.kind, period.start, period.end, period.label)


def current_periods(today: dt.date) -> list[Period]:
    """The rolling 12 months to today and the current financial year."""
    return [
        _from_indicators(indicator_periods.rolling_12_months(today)),
        _from_indicators(
            indicator_periods.financial_year(indicator_periods.financial_year_of(today))
        ),
    ]


@dataclass(frozen=True)
class Periods:
    choices: list[Period]  # rolling 12 months first, then financial years, newest first
    default: Period  # the newest period with data (else the rolling 12 months)


def _order(period: Period):
    return (period.kind != PeriodKind.ROLLING_12, -period.start.toordinal())


def periods_for(values: QuerySet, today: dt.date | None = None) -> Periods:
    """The periods with data: computed indicator values over at least one process.

    Empty periods are not offered (a list of "12m to today" and "2026-27" with nothing in them
    read as broken). With no data at all, the current periods are offered so that the page
    still says what it would show.
    """
    rows = values.filter(total__gt=0).values_list(
        "period_kind", "period_start", "period_end", "period_label"
    )
    with_data = sorted({Period(*row) for row in rows.distinct()}, key=_order)
    if with_data:
        return Periods(with_data, with_data[0])
    current = sorted(current_periods(today or timezone.localdate()), key=_order)
    return Periods(current, current[0])


def chosen_period(request, periods: Periods) -> Period:
    wanted = request.GET.get("period", "")
    return next((p for p in periods.choices if p.key == wanted), periods.default)
