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
    # Team × skill pairs with no requirement are drawn grey and named in their own legend, so
    # "not required" never looks like 0 % coverage; coverage runs from red (0 %) to blue (100 %).
    present = {(r["team"], r["skill"]) for r in rows}
    not_required = [
        {"team": team, "skill": skill, "status": "Not required"}
        for team in teams
        for skill in skills
        if (team, skill) not in present
    ]
    axes = {
        "x": {"field": "team", "type": "nominal", "title": "Team", "sort": teams},
        "y": {"field": "skill", "type": "nominal", "title": "Skill", "sort": skills},
    }
    coverage = {
        "data": {"values": rows},
        "mark": {"type": "rect", "stroke": "#ffffff"},
        "encoding": {
            **axes,
            "color": {
                "field": "coverage",
                "type": "quantitative",
                "title": "Coverage (%)",
                "scale": {"domain": [0, 100], "range": ["#d4351c", "#f47738", "#1d70b8"]},
            },
        },
    }
    # The grey layer only when some pair is not required: an empty mark group is an
    # unlabelled image to a screen reader.
    grey = (
        [
            {
                "data": {"values": not_required},
                "mark": {"type": "rect", "stroke": "#ffffff"},
                "encoding": {
                    **axes,
                    "fill": {
                        "field": "status",
                        "type": "nominal",
                        "title": "",
                        "scale": {"domain": ["Not required"], "range": ["#b1b4b6"]},
                    },
                },
            }
        ]
        if not_required
        else []
    )
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "layer": [*grey, coverage],
        "resolve": {"scale": {"color": "independent", "fill": "independent"}},
        "width": {"step": 40},
        "height": {"step": 24},
    }  # fmt: skip
    return make_chart(
        spec, title="Coverage by skill and team",
        description="Share of people meeting the required level, for the skills with the largest gaps "
        "and the largest teams: red is 0 %, blue is 100 %; grey cells are skills the team does not "
        "need.",
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
