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
    Column("Assessed", "assessed"),
    Column("Assessed (%)", "assessed_share"),
    Column("Not assessed", "not_assessed"),
    Column("Met", "met"),
    Column("Below the level", "below"),
    Column("Coverage of assessed (%)", "coverage"),
    Column("Total gap (levels)", "gap"),
]
NOT_REQUIRED, NOT_ASSESSED = "Not required", "Not assessed"
# Grey for "not required", white with the dark outline every cell has for "not assessed": neither
# can be mistaken for a coverage colour (red 0 % → orange → blue 100 %).
STATUS_COLOURS = {NOT_ASSESSED: "#ffffff", NOT_REQUIRED: "#b1b4b6"}


def heat_map_chart(skills, teams, rows):
    """Team × skill coverage of the people assessed. Pairs nobody needs and pairs nobody needing
    them has been assessed in get their own fill and legend entry: neither is 0 % coverage."""
    present = {(r["team"], r["skill"]) for r in rows}
    status = [
        {"team": team, "skill": skill, "status": NOT_REQUIRED}
        for team in teams
        for skill in skills
        if (team, skill) not in present
    ] + [
        {"team": r["team"], "skill": r["skill"], "status": NOT_ASSESSED}
        for r in rows
        if not r["assessed"]
    ]
    assessed = [r for r in rows if r["assessed"]]
    axes = {
        "x": {"field": "team", "type": "nominal", "title": "Team", "sort": teams},
        "y": {"field": "skill", "type": "nominal", "title": "Skill", "sort": skills},
    }
    mark = {"type": "rect", "stroke": "#0b0c0c", "strokeWidth": 0.5}
    layers = []
    # Each layer only when it has cells: an empty mark group is an unlabelled image to a
    # screen reader.
    if status:
        used = [name for name in STATUS_COLOURS if any(r["status"] == name for r in status)]
        layers.append({
            "data": {"values": status}, "mark": mark,
            "encoding": {**axes, "fill": {
                "field": "status", "type": "nominal", "title": "",
                "scale": {"domain": used, "range": [STATUS_COLOURS[name] for name in used]},
                "legend": {"symbolStrokeColor": "#0b0c0c", "symbolStrokeWidth": 1},
            }},
        })  # fmt: skip
    if assessed:
        layers.append({
            "data": {"values": assessed}, "mark": mark,
            "encoding": {**axes, "color": {
                "field": "coverage", "type": "quantitative", "title": "Coverage of assessed (%)",
                "scale": {"domain": [0, 100], "range": ["#d4351c", "#f47738", "#1d70b8"]},
            }},
        })  # fmt: skip
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "layer": layers,
        "resolve": {"scale": {"color": "independent", "fill": "independent"}},
        "width": {"step": 40},
        "height": {"step": 24},
    }  # fmt: skip
    return make_chart(
        spec, title="Coverage by skill and team",
        description="Of the people assessed in a skill, the share meeting the required level, for the "
        "skills with the largest gaps and the largest teams: red is 0 %, blue is 100 %. White cells "
        "are skills the team needs but nobody needing them has been assessed in (not a gap); grey "
        "cells are skills the team does not need.",
        columns=["Skill", "Team", "People needing it", "Assessed (%)", "Not assessed",
                 "Coverage of assessed (%)", "Total gap"],
        rows=[[r["skill"], r["team"], r["required"], r["assessed_share"], r["not_assessed"],
               r["coverage"], r["gap"]] for r in rows],
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
