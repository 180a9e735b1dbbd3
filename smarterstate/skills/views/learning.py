"""Learning activities and campaigns: participation as aggregates; the league table for central analysts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from smarterstate.authz import Level, can, reads_everything
from smarterstate.authz.views import organisation_view
from smarterstate.core.charts import make_chart
from smarterstate.core.exports import Column, export_links, export_response

from .. import selectors
from ..forms import CampaignForm
from ..services.campaigns import campaign_create, campaign_refresh

ACTIVITY_COLUMNS = [
    Column("Code", "code"),
    Column("Title", "title"),
    Column("Kind", "get_kind_display"),
    Column("Hours", "hours"),
    Column("Offered by", lambda a: a.organisation.name if a.organisation else "Across government"),
    Column("Skills evidenced", lambda a: "; ".join(s.name for s in a.skills.all())),
]
CAMPAIGN_COLUMNS = [
    Column("Campaign", "name"),
    Column("Owner", "organisation.name"),
    Column("Cross-government", "cross_government"),
    Column("Starts", "starts_on"),
    Column("Ends", "ends_on"),
    Column("Target taking part (%)", "target_participation"),
    Column("Target completing (%)", "target_completion"),
]
BREAKDOWN_COLUMNS = [
    Column("Value", "value"), Column("Population", "population"), Column("Started", "started"),
    Column("Started (%)", "started_pct"), Column("Completed", "completed"), Column("Completed (%)", "completed_pct"),
]  # fmt: skip
LEAGUE_COLUMNS = [
    Column("Rank", "rank"), Column("Organisation", "organisation"), Column("Population", "population"),
    Column("Started", "started"), Column("Started (%)", "started_pct"), Column("Completed", "completed"),
    Column("Completed (%)", "completed_pct"), Column("Figures from", "source"),
]  # fmt: skip


@organisation_view(Level.READ)
def activity_list(request, org):
    activities = (
        selectors.activities_for(org)
        .select_related("organisation")
        .prefetch_related("skills")
        .order_by("title")
    )
    download = export_response(
        request, activities, ACTIVITY_COLUMNS, f"{org.slug}-learning-activities"
    )
    if download:
        return download
    return render(request, "skills/activity_list.html", {
        "org": org, "page_title": "Learning activities", "activities": activities[:500],
        "export_links": export_links(request),
    })  # fmt: skip


@organisation_view(Level.READ)
def campaign_list(request, org):
    campaigns = (
        selectors.campaigns_for(org)
        .select_related("organisation")
        .annotate(n=Count("activities"))
        .order_by("-starts_on", "name")
    )
    download = export_response(request, campaigns, CAMPAIGN_COLUMNS, f"{org.slug}-campaigns")
    if download:
        return download
    return render(request, "skills/campaign_list.html", {
        "org": org, "page_title": "Learning campaigns", "campaigns": campaigns,
        "export_links": export_links(request),
    })  # fmt: skip


def campaign_target_rules(campaign, population: int) -> list[dict]:
    """The campaign's targets as people out of ``population`` (only targets that are set)."""
    return [
        {"target": f"{label}: {pct} %", "people": -(-population * pct // 100), "pct": pct,
         "colour": colour}
        for label, pct, colour in (
            ("Target taking part", campaign.target_participation, "#1d70b8"),
            ("Target completing", campaign.target_completion, "#00703c"),
        )
        if pct
    ]  # fmt: skip


def over_time_chart(rows, population: int, targets: list[dict] | None = None):
    """Cumulative started and completed, with each target drawn as a dotted rule and named."""
    targets = targets or []
    values = [
        {"date": r["date"].isoformat(), "measure": measure, "people": r[key]}
        for r in rows for measure, key in (("Started", "started"), ("Completed", "completed"))
    ]  # fmt: skip
    lines = {
        "data": {"values": values},
        "mark": {"type": "line", "point": False},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": "Date"},
            "y": {
                "field": "people",
                "type": "quantitative",
                "title": "People (cumulative)",
                "axis": {"format": ",d"},
            },
            "color": {
                "field": "measure",
                "type": "nominal",
                "title": "",
                "scale": {"range": ["#1d70b8", "#00703c"]},
            },  # fmt: skip
            "strokeDash": {"field": "measure", "type": "nominal", "title": ""},
        },
    }
    layers: list[dict] = [lines]
    if targets:
        marks = [{"target": t["target"], "people": t["people"], "colour": t["colour"],
                  "label": f"{t['target']} ({t['people']:,} people)"} for t in targets]  # fmt: skip
        y = {"field": "people", "type": "quantitative"}
        layers += [
            {"data": {"values": marks},
             "mark": {"type": "rule", "strokeDash": [2, 3], "strokeWidth": 2},
             "encoding": {"y": y, "color": {"field": "colour", "type": "nominal", "scale": None,
                                            "legend": None}}},
            {"data": {"values": marks},
             "mark": {"type": "text", "align": "left", "baseline": "bottom", "dx": 4, "dy": -2,
                      "fontSize": 13, "color": "#0b0c0c"},
             "encoding": {"y": y, "x": {"value": 0}, "text": {"field": "label"}}},
        ]  # fmt: skip
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "layer": layers,
        "width": 560,
        "height": 260,
    }
    target_text = "".join(f" Dotted line: {t['target']} ({t['people']:,} people)." for t in targets)
    return make_chart(
        spec, title="Participation over time",
        description=f"People who had started and completed, cumulatively, out of {population:,} in "
        f"the target population.{target_text}",
        columns=["Date", "Started (cumulative)", "Completed (cumulative)",
                 *(f"{t['target']} (people)" for t in targets)],
        rows=[[r["date"], r["started"], r["completed"], *(t["people"] for t in targets)]
              for r in rows],
        chart_id="over-time",
    )  # fmt: skip


@organisation_view(Level.READ)
def campaign_detail(request, org, campaign_pk: int):
    campaign = get_object_or_404(
        selectors.campaigns_for(org).select_related("organisation"), pk=campaign_pk
    )
    user = request.user
    sees_all = reads_everything(user)
    listing = request.GET.get("list", "")
    if listing == "league":
        if not sees_all:
            raise PermissionDenied("The league table is for central analysts.")
        download = export_response(
            request, selectors.league_table(campaign), LEAGUE_COLUMNS, f"{campaign.name}-league"
        )
        if download:
            return download
    if listing in ("grade", "profession", "team"):
        download = export_response(
            request, selectors.campaign_breakdown(campaign, org, listing), BREAKDOWN_COLUMNS,
            f"{campaign.name}-{org.slug}-by-{listing}",
        )  # fmt: skip
        if download:
            return download
    # Members see their organisation's figures; central analysts also the whole campaign.
    own = selectors.campaign_totals(campaign, [org.pk])
    over_time = selectors.campaign_over_time(campaign, [org.pk])
    whole = selectors.campaign_totals(campaign) if sees_all and campaign.cross_government else None
    whole_over_time = selectors.campaign_over_time(campaign) if whole else None
    return render(request, "skills/campaign_detail.html", {
        "org": org, "page_title": campaign.name, "campaign": campaign, "own": own,
        "chart": over_time_chart(over_time, own["population"],
                                 campaign_target_rules(campaign, own["population"])) if over_time else None,
        "whole": whole,
        "whole_chart": over_time_chart(whole_over_time, whole["population"],
                                       campaign_target_rules(campaign, whole["population"]))
        if whole_over_time else None,
        "breakdowns": [(label, key, selectors.campaign_breakdown(campaign, org, key))
                       for key, label in (("grade", "Grade"), ("profession", "Profession"), ("team", "Team"))],
        "league": selectors.league_table(campaign) if sees_all and campaign.cross_government else None,
        "can_write": campaign.organisation_id == org.pk and can(user, Level.WRITE, org),
    })  # fmt: skip


@organisation_view(Level.WRITE)
def campaign_add(request, org):
    form = CampaignForm(
        request.POST or None, activities=selectors.activities_for(org).order_by("title")
    )
    if request.method == "POST" and form.is_valid():
        campaign = campaign_create(organisation=org, **form.cleaned_data)
        campaign_refresh(campaign=campaign)
        messages.success(request, "Campaign created.")
        return redirect("skills:campaign", org_slug=org.slug, campaign_pk=campaign.pk)
    return render(
        request,
        "core/form_page.html",
        {"org": org, "page_title": "Create a campaign", "form": form},
    )
