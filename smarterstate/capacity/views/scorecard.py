"""The scorecard, its trend, the people survey page and the cross-government comparison."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import render

from smarterstate.authz import Level, readable_organisations
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.charts import make_chart
from smarterstate.core.exports import Column, export_links, export_response

from .. import selectors
from ..forms import ComparisonFilterForm, PeriodForm, WeightsForm
from ..models import PeriodKind, SurveyColumn, SurveyResult
from ..scoring import DEFINITIONS, PILLARS
from ..services.profiles import profile_current

COMPONENT_COLUMNS = [
    Column("Code", "code"),
    Column("Component", "name"),
    Column("Pillar", "pillar_label"),
    Column("Raw value", "raw_value"),
    Column("Unit", "unit"),
    Column("Polarity", "polarity"),
    Column("Lower goalpost", "lower"),
    Column("Upper goalpost", "upper"),
    Column("Weight", "weight"),
    Column("Score (0–100)", "score"),
    Column("Covered", "covered"),
    Column("Eligible", "eligible"),
    Column("As of", "as_of"),
    Column("Source", "source"),
    Column("Why missing", "missing_reason"),
]


def _period(request) -> str:
    form = PeriodForm(request.GET or None)
    return (form.cleaned_data["period"] if form.is_valid() else "") or PeriodKind.QUARTER


@organisation_view(Level.READ)
def scorecard(request, org):
    period = _period(request)
    result = selectors.latest_scorecard(org, period)
    components = selectors.components_of(result) if result else []
    for row in components:
        row.drill_down = selectors.drill_down(row.code, org)
    download = export_response(request, components, COMPONENT_COLUMNS, f"{org.slug}-scorecard")
    if download:
        return download
    return render(
        request,
        "capacity/scorecard.html",
        {
            "page_title": "Capacity scorecard",
            "org": org,
            "result": result,
            "components": components,
            "period": period,
            "periods": PeriodKind.choices,
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.READ)
def trend_page(request, org):
    period = _period(request)
    results = selectors.trend(org, period)
    chart = None
    points = [r for r in results if r.overall is not None]
    if points:
        rows = [{"period": r.period_label, "score": round(r.overall, 1)} for r in points]
        spec = {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "data": {"values": rows},
            "mark": {"type": "line", "point": True, "color": "#1d70b8"},
            "encoding": {
                "x": {"field": "period", "type": "ordinal", "title": "Period", "sort": None},
                "y": {
                    "field": "score",
                    "type": "quantitative",
                    "title": "Overall score",
                    "scale": {"domain": [0, 100]},
                },  # fmt: skip
            },
            "width": 560,
            "height": 220,
        }
        chart = make_chart(
            spec,
            title="Overall capacity score by period",
            description="Periods without an overall score (too little data) are left out; breaks "
            "in the series are listed under the chart.",
            columns=["Period", "Overall score"],
            rows=[[r["period"], r["score"]] for r in rows],
            chart_id="capacity-trend",
        )
    return render(
        request,
        "capacity/trend.html",
        {
            "page_title": "Capacity trend",
            "org": org,
            "results": results,
            "chart": chart,
            "period": period,
            "periods": PeriodKind.choices,
            "pillars": list(PILLARS.items()),
        },
    )


SURVEY_MEASURES = [
    ("000.engagement_index", "Employee engagement index (a mean of 0–100 scores, not % positive)"),
    ("cul.try_new_ideas", "Supported to try a new idea (B55, % positive)"),
    ("lmc.safe_to_challenge", "Safe to challenge (B46, % positive)"),
    ("lmc.change_managed_well", "Change is managed well (B42, % positive)"),
    ("lmc.change_for_better", "Changes are usually for the better (B43, % positive)"),
    ("000.leadership_change", "Leadership and managing change theme (% positive)"),
    ("000.learning_development", "Learning and development theme (% positive)"),
    ("mtm.team_encouraged", "Team encouraged to find better ways (B20, % positive)"),
]


@organisation_view(Level.READ)
def survey(request, org):
    """The organisation's culture measures by year, beside the Civil Service benchmark."""
    measures = [m for m, _ in SURVEY_MEASURES]
    results = (
        SurveyResult.objects.filter(measure_id__in=measures)
        .filter(survey_organisation__organisation=org)
        .select_related("survey_organisation")
    )
    benchmark = SurveyResult.objects.filter(
        measure_id__in=measures, survey_organisation__code="CS_MEDIAN"
    )
    years = sorted({r.year for r in results}, reverse=True)
    mine = {(r.year, r.measure_id): r for r in results}
    median = {(r.year, r.measure_id): r for r in benchmark}
    codes = {
        (c.year, c.measure_id): c
        for c in SurveyColumn.objects.filter(measure_id__in=measures, year__in=years)
    }
    rows = []
    for measure, label in SURVEY_MEASURES:
        cells = []
        for year in years:
            result = mine.get((year, measure))
            cells.append({"result": result, "median": median.get((year, measure)),
                          "column": codes.get((year, measure))})  # fmt: skip
        rows.append({"measure": measure, "label": label, "cells": cells})
    return render(
        request,
        "capacity/survey.html",
        {
            "page_title": "People survey",
            "org": org,
            "years": years,
            "rows": rows,
            "survey_codes": org.survey_codes.order_by("code"),
        },
    )


def _pillar_score(pillar: str) -> Callable[[Any], Any]:
    """The export cell of one pillar's score in a comparison row."""
    return lambda row: row.pillars.get(pillar, {}).get("score")


COMPARE_COLUMNS = [
    Column("Organisation", "organisation.name"),
    Column("Type", "organisation.get_organisation_type_display"),
    Column("Period", "period_label"),
    Column("Overall score", "overall"),
    Column("Rank", "rank"),
    Column("Rank interval low", "rank_low"),
    Column("Rank interval high", "rank_high"),
    Column("Weight with data", "weight_with_data"),
    *[Column(label, _pillar_score(pillar)) for pillar, label in PILLARS.items()],
    Column("Why no overall score", "overall_reason"),
    Column("Profile version", "profile.version"),
]  # fmt: skip


@requires(Level.AUTHENTICATED)
def compare(request):
    """Organisations × pillars with coverage and rank intervals; central analysts see every
    organisation, others those they read. 'Try your own weights' recomputes without saving."""
    filters = ComparisonFilterForm(request.GET or None)
    period = (
        filters.cleaned_data.get("period") if filters.is_valid() else ""
    ) or PeriodKind.QUARTER
    organisation_type = (
        filters.cleaned_data.get("organisation_type", "") if filters.is_valid() else ""
    )
    organisations = readable_organisations(request.user)
    results = selectors.comparison(organisations, period, organisation_type)
    download = export_response(request, results, COMPARE_COLUMNS, "capacity-comparison")
    if download:
        return download
    profile = profile_current()
    weights_form = WeightsForm(request.GET if "try" in request.GET else None, profile=profile)
    custom = None
    weights = weights_form.weights(profile)
    if weights is not None:
        custom = selectors.reweighted(results, weights, profile.overall_threshold)
    sort = request.GET.get("sort", "")
    if sort in PILLARS:
        results.sort(key=lambda r: (r.pillars.get(sort, {}).get("score") is None,
                                    -(r.pillars.get(sort, {}).get("score") or 0)))  # fmt: skip
    elif sort == "name":
        results.sort(key=lambda r: r.organisation.name)
    return render(
        request,
        "capacity/compare.html",
        {
            "page_title": "Capacity comparison",
            "results": results,
            "filters": filters,
            "pillars": list(PILLARS.items()),
            "weights_form": weights_form,
            "custom": custom,
            "profile": profile,
            "definitions": DEFINITIONS,
            "export_links": export_links(request),
            "sort": sort,
        },
    )
