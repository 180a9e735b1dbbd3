"""The estate summary (with the time machine)."""

from __future__ import annotations

from django.shortcuts import render

from smarterstate.authz import Level, readable_organisations
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.exports import Column, export_links, export_response

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


# -- comparison across organisations ---------------------------------------------------

COMPARE_COLUMNS = [
    Column("Organisation", "organisation.name"),
    Column("Systems", "systems"),
    Column("Components", "components"),
    Column("Matched to the catalogue", "matched"),
    Column("Components past end of life", "past_eol"),
    Column("Components reaching end of life within 12 months", "eol_within_12m"),
    Column("Systems red-rated (legacy risk)", "red_rated"),
    Column("Legacy systems", "legacy"),
    Column("At-risk systems with no plan", "no_plan"),
]


@requires(Level.AUTHENTICATED)
def compare(request):
    """Central analysts compare every organisation's estate; others see the organisations they read.
    The same shape as the AI and outcomes comparisons: one row per organisation with systems."""
    organisations = (
        readable_organisations(request.user)
        .filter(systems__isnull=False)
        .distinct()
        .order_by("name")
    )
    rows = []
    for organisation in organisations:
        summary = selectors.estate_summary(selectors.estate_on(organisation))
        by_status = {code: count for code, _label, count in summary["components_by_status"]}
        rows.append(
            summary
            | {
                "organisation": organisation,
                "past_eol": by_status.get("eol", 0),
                "eol_within_12m": sum(by_status.get(c, 0) for c in ("eol-3m", "eol-6m", "eol-12m")),
            }
        )
    download = export_response(request, rows, COMPARE_COLUMNS, "lifecycle-by-organisation")
    if download:
        return download
    return render(
        request,
        "lifecycle/compare.html",
        {
            "page_title": "Technology estates by organisation",
            "rows": rows,
            "export_links": export_links(request),
        },
    )
