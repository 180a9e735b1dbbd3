"""The estate summary (with the time machine)."""

from __future__ import annotations

from django.shortcuts import render

from smarterstate.authz import Level
from smarterstate.authz.views import organisation_view

from .. import selectors
from .shared import as_of_day, page_context

# -- overview -------------------------------------------------------------------------


@organisation_view(Level.READ)
def index(request, org):
    form, day = as_of_day(request)
    estate = selectors.estate_on(org, day)
    summary = selectors.estate_summary(estate)
    chart = None
    rows = [{"status": label, "systems": n} for _, label, n in summary["systems_by_worst"] if n]
    if rows:
        from smarterstate.core.charts import bar_chart

        chart = bar_chart(
            rows,
            x="status",
            y="systems",
            x_title="Worst component status",
            y_title="Systems",
            title="Systems by their worst component",
            description=f"How many systems have each worst component status on {day:%-d %B %Y}.",
            chart_id="estate-chart",
        )
    return render(
        request,
        "lifecycle/index.html",
        page_context(
            request,
            org,
            page_title="Technology lifecycle",
            form=form,
            summary=summary,
            chart=chart,
            is_past=selectors.is_past(day),
            snapshot=selectors.snapshot_on(day),
        ),
    )
