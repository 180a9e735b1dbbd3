"""The commercial comparison across organisations, for central analysts: each organisation's
indicators A1–L7 for one period, side by side, with CSV and XLSX downloads."""

from __future__ import annotations

from django.shortcuts import render

from smarterstate.authz import Level, readable_organisations
from smarterstate.authz.views import requires
from smarterstate.core.exports import Column, export_links, export_response

from .. import selectors
from ..forms import PeriodForm
from ..indicators.catalogue import INDICATORS, format_value
from .periods import chosen_period, periods_for


def _raw(code: str):
    def get(row: dict):
        value = row["values"].get(code)
        return round(value.value, 2) if value and value.value is not None else None

    return get


COMPARE_COLUMNS = [
    Column("Organisation", "name"),
    Column("Period", "period"),
    Column("Processes", "processes"),
    *[
        Column(f"{indicator.code} {indicator.name} ({indicator.unit})", _raw(indicator.code))
        for indicator in INDICATORS
    ],
]


@requires(Level.AUTHENTICATED)
def compare(request):
    """Central analysts compare every organisation; others see the organisations they read."""
    organisations = readable_organisations(request.user)
    periods = periods_for(selectors.comparison_values(organisations))
    period = chosen_period(request, periods)
    rows = selectors.comparison(organisations, period_kind=period.kind, period_start=period.start)
    for row in rows:
        row["period"] = period.label
        row["cells"] = [
            {
                "indicator": indicator,
                "text": format_value(indicator, value.value) if value else "Not computed",
                "coverage": f"{value.covered} of {value.total}" if value else "",
            }
            for indicator in INDICATORS
            for value in [row["values"].get(indicator.code)]
        ]
    download = export_response(
        request, rows, COMPARE_COLUMNS, f"commercial-comparison-{period.label}"
    )
    if download:
        return download
    form = PeriodForm(
        periods=[p.as_choice() for p in periods.choices], initial={"period": period.key}
    )
    return render(
        request,
        "commercial/compare.html",
        {
            "page_title": "Compare organisations' commercial indicators",
            "indicators": INDICATORS,
            "period": period,
            "period_form": form,
            "rows": rows,
            "export_links": export_links(request),
        },
    )
