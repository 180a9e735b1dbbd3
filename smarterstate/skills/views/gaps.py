"""Gap analysis: aggregates only, so every reader of the organisation may see it."""

from __future__ import annotations

from django.shortcuts import render

from smarterstate.authz import Level
from smarterstate.authz.views import organisation_view
from smarterstate.core.charts import make_chart
from smarterstate.core.exports import Column, export_links, export_response

from .. import selectors

GAP_COLUMNS = [
    Column("Value", "value"),
    Column("People × skills required", "required"),
    Column("Met", "met"),
    Column("Coverage (%)", "coverage"),
    Column("Total gap (levels)", "gap"),
]


def heat_map_chart(skills, teams, rows):
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": rows},
        "mark": "rect",
        "encoding": {
            "x": {"field": "team", "type": "nominal", "title": "Team", "sort": teams},
            "y": {"field": "skill", "type": "nominal", "title": "Skill", "sort": skills},
            "color": {
                "field": "coverage",
                "type": "quantitative",
                "title": "Coverage (%)",
                "scale": {"domain": [0, 100], "scheme": "blues"},
            },  # fmt: skip
        },
        "width": {"step": 40},
        "height": {"step": 24},
    }
    return make_chart(
        spec, title="Coverage by skill and team",
        description="Share of people meeting the required level, for the skills with the largest gaps "
        "and the largest teams. Darker is better.",
        columns=["Skill", "Team", "People needing it", "Coverage (%)", "Total gap"],
        rows=[[r["skill"], r["team"], r["required"], r["coverage"], r["gap"]] for r in rows],
        chart_id="heat-map",
    )  # fmt: skip


@organisation_view(Level.READ)
def gap_analysis(request, org):
    dimension = request.GET.get("by", "team")
    if dimension not in selectors.GAP_DIMENSIONS:
        dimension = "team"
    rows = selectors.gaps_by(org, dimension)
    download = export_response(request, rows, GAP_COLUMNS, f"{org.slug}-gaps-by-{dimension}")
    if download:
        return download
    skills, teams, cells = selectors.heat_map(org)
    return render(request, "skills/gaps.html", {
        "org": org, "page_title": "Skills gap analysis", "summary": selectors.gap_summary(org),
        "dimension": dimension, "dimension_label": selectors.GAP_DIMENSIONS[dimension],
        "dimensions": selectors.GAP_DIMENSIONS, "rows": rows, "largest": selectors.largest_gaps(org),
        "chart": heat_map_chart(skills, teams, cells) if cells else None,
        "export_links": export_links(request),
    })  # fmt: skip
