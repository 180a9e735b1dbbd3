"""The portfolio dashboard of one organisation, and the comparison across organisations."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from smarterstate.authz import Level, can, readable_organisations
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.charts import bar_chart
from smarterstate.core.exports import Column, export_links, export_response

from .. import selectors
from ..models import Pilot


@organisation_view(Level.READ)
def index(request, org):
    today = timezone.localdate()
    summary = selectors.organisation_portfolio(org, today=today)
    charts = [
        bar_chart(
            [{"phase": row["label"], "count": row["count"]} for row in summary["by_phase"]],
            x="phase",
            y="count",
            x_title="Phase",
            y_title="Initiatives",
            title="Initiatives by phase",
            description="How many of the organisation's initiatives are in each service phase.",
            chart_id="by-phase",
        ),
        bar_chart(
            [{"rating": row["label"], "count": row["count"]} for row in summary["by_confidence"]],
            x="rating",
            y="count",
            x_title="Delivery confidence",
            y_title="Initiatives",
            title="Initiatives by delivery confidence",
            description="The latest delivery confidence rating of each initiative.",
            chart_id="by-confidence",
        ),
    ]
    overdue = (
        Pilot.objects.overdue(today)
        .filter(organisation=org)
        .select_related("initiative")
        .order_by("timebox_end", "pk")[:10]
    )
    return render(
        request,
        "outcomes/dashboard.html",
        {
            "page_title": f"Outcomes and pilots: {org.name}",
            "org": org,
            "summary": summary,
            "charts": charts,
            "overdue": overdue,
            "can_write": can(request.user, Level.WRITE, org),
            "can_admin": can(request.user, Level.ADMIN, org),
        },
    )


COMPARE_COLUMNS = [
    Column("Organisation", "name"),
    Column("Initiatives", "total"),
    Column("No measurable outcome", "flagged"),
    Column("Live", "live"),
    Column("Rated Red or Amber/Red", "red"),
    Column("Average realisation (%)", "realisation"),
    Column("Pilots", "pilots"),
    Column("Pilots overdue a decision", "overdue"),
    Column("Released to the fund (£)", "released"),
    Column("Reinvested (£)", "allocated"),
    Column("Fund balance (£)", "balance"),
]


@requires(Level.AUTHENTICATED)
def compare(request):
    """Central analysts compare every organisation; others see the organisations they read."""
    rows = selectors.comparison(readable_organisations(request.user), today=timezone.localdate())
    download = export_response(request, rows, COMPARE_COLUMNS, "outcomes-comparison")
    if download:
        return download
    return render(
        request,
        "outcomes/compare.html",
        {
            "page_title": "Compare organisations' portfolios",
            "rows": rows,
            "export_links": export_links(request),
        },
    )
