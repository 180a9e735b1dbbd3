"""The AI assurance dashboard of one organisation, and the comparison across organisations."""

from __future__ import annotations

from django.shortcuts import render

from smarterstate.authz import Level, can, readable_organisations, reads_everything
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.charts import bar_chart
from smarterstate.core.exports import Column, export_links, export_response

from .. import selectors
from ..models import Kind, Phase, RiskLevel


def _chart(counter, choices, *, title: str, description: str, chart_id: str, x_title: str):
    rows = selectors.breakdown(counter, choices)
    return bar_chart(
        rows,
        x="label",
        y="count",
        x_title=x_title,
        y_title="Use cases",
        title=title,
        description=description,
        chart_id=chart_id,
    )


@organisation_view(Level.READ)
def index(request, org):
    summary = selectors.summary([org])[0]
    charts = []
    if summary["use_cases"]:
        charts = [
            _chart(
                summary["by_phase"],
                Phase.choices,
                title="Use cases by phase",
                description="How many of the organisation's AI use cases are in each ATRS phase.",
                chart_id="ai-by-phase",
                x_title="Phase",
            ),
            _chart(
                summary["by_kind"],
                Kind.choices,
                title="Use cases by kind",
                description="Generative, predictive, rules-based and other uses of AI.",
                chart_id="ai-by-kind",
                x_title="Kind",
            ),
            _chart(
                summary["by_risk"],
                RiskLevel.choices,
                title="Use cases by risk level",
                description="The risk level recorded in the register.",
                chart_id="ai-by-risk",
                x_title="Risk level",
            ),
        ]
    return render(
        request,
        "ai/index.html",
        {
            "page_title": "AI assurance",
            "org": org,
            "summary": summary,
            "charts": charts,
            "can_write": can(request.user, Level.WRITE, org),
            "is_analyst": reads_everything(request.user),
        },
    )


COMPARE_COLUMNS = [
    Column("Organisation", "organisation.name"),
    Column("Use cases", "use_cases"),
    *[
        Column(f"Phase: {label}", lambda row, v=value: row["by_phase"].get(v, 0))
        for value, label in Phase.choices
    ],
    *[
        Column(f"Kind: {label}", lambda row, v=value: row["by_kind"].get(v, 0))
        for value, label in Kind.choices
    ],
    *[
        Column(f"Risk: {label}", lambda row, v=value: row["by_risk"].get(v, 0))
        for value, label in RiskLevel.choices
    ],
    Column("Assessments", "assessments"),
    Column("Assessments complete", "assessments_complete"),
    Column("Assessments overdue", "assessments_overdue"),
    Column("DPIAs required or likely", "dpias_required"),
    Column("DPIAs required, none recorded", "dpias_missing"),
    Column("Records published", "records_published"),
]


@requires(Level.AUTHENTICATED)
def compare(request):
    """Central analysts compare every organisation; others see the organisations they read."""
    organisations = readable_organisations(request.user).order_by("name")
    rows = [row for row in selectors.summary(organisations) if row["use_cases"]]
    for row in rows:
        row["phase_cells"] = [row["by_phase"].get(value, 0) for value, _label in Phase.choices]
        row["high_risk"] = row["by_risk"].get(RiskLevel.HIGH, 0)
    download = export_response(request, rows, COMPARE_COLUMNS, "ai-assurance-by-organisation")
    if download:
        return download
    return render(
        request,
        "ai/compare.html",
        {
            "page_title": "AI assurance by organisation",
            "rows": rows,
            "phases": Phase.choices,
            "export_links": export_links(request),
        },
    )
