"""Outcomes (benefit profiles): list, add, the mandatory KPIs, detail with the trajectory chart,
measurements by hand and by CSV upload."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from smarterstate.authz import Level, can, get_in_organisation
from smarterstate.authz.views import organisation_view
from smarterstate.core.charts import make_chart
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate
from smarterstate.jobs.services import UPLOADED, import_job_start

from .. import selectors
from ..forms import KPIForm, MeasurementForm, OutcomeForm, UploadForm
from ..models import BenefitType, Initiative, Kind, MeasurementSource, Outcome
from ..services import outcomes as services
from .common import form_page, saved

OUTCOME_COLUMNS = [
    Column("Id", "pk"),
    Column("Initiative", "initiative.name"),
    Column("Benefit", "name"),
    Column("Measure", "measure"),
    Column("Unit", "unit"),
    Column("Direction", lambda o: o.get_direction_display()),
    Column("Benefit type", lambda o: o.get_benefit_type_display()),
    Column("Mandatory KPI", lambda o: o.get_kpi_display()),
    Column("Owner", "owner"),
    Column("Baseline", "baseline_value"),
    Column("Baseline date", "baseline_date"),
    Column("Target", "target_value"),
    Column("Target date", "target_date"),
    Column("Latest", "latest_value"),
    Column("Latest date", "latest_date"),
    Column("Measurements", "measurement_count"),
    Column("Realisation (%)", "realisation"),
]
MEASUREMENT_COLUMNS = [
    Column("Outcome", "outcome_id"),
    Column("Date", "date"),
    Column("Value", "value"),
    Column("Unit", "outcome.unit"),
    Column("Source", lambda m: m.get_source_display()),
    Column("Note", "note"),
]


def _outcome(request, org, pk: int, level: Level) -> Outcome:
    return get_in_organisation(Outcome.objects.select_related("initiative"), org, pk=pk)


@organisation_view(Level.READ)
def outcome_list(request, org):
    outcomes = Outcome.objects.filter(organisation=org).select_related("initiative")
    benefit_type = request.GET.get("benefit_type", "")
    if benefit_type in BenefitType.values:
        outcomes = outcomes.filter(benefit_type=benefit_type)
    outcomes = outcomes.order_by("initiative__name", "name", "pk")
    download = export_response(request, outcomes, OUTCOME_COLUMNS, f"{org.slug}-outcomes")
    if download:
        return download
    return render(
        request,
        "outcomes/outcome_list.html",
        {
            "page_title": f"Outcomes and benefits: {org.name}",
            "org": org,
            "page": paginate(request, outcomes),
            "benefit_types": BenefitType.choices,
            "benefit_type": benefit_type,
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.WRITE)
def outcome_add(request, org, outcomes_initiative_pk: int):
    initiative = get_in_organisation(Initiative.objects.all(), org, pk=outcomes_initiative_pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = saved(
            request,
            form,
            lambda: services.outcome_create(
                initiative=initiative, user=request.user, **form.cleaned_data
            ),
        )
        if outcome:
            messages.success(request, f"Outcome {outcome.name} added.")
            return redirect("outcomes:outcome", org_slug=org.slug, outcomes_outcome_pk=outcome.pk)
    return form_page(
        request,
        org,
        form,
        f"Add an outcome to {initiative.name}",
        intro="A benefit profile: what changes, measured how, from a baseline to a target. "
        "Realisation = (latest − baseline) ÷ (target − baseline).",
    )


@organisation_view(Level.WRITE)
def outcome_edit(request, org, outcomes_outcome_pk: int):
    outcome = _outcome(request, org, outcomes_outcome_pk, Level.WRITE)
    form = OutcomeForm(request.POST or None, instance=outcome)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.outcome_update(
                outcome=outcome, user=request.user, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, "Outcome saved.")
            return redirect("outcomes:outcome", org_slug=org.slug, outcomes_outcome_pk=outcome.pk)
        outcome.refresh_from_db()
    return form_page(request, org, form, f"Change {outcome.name}")


@organisation_view(Level.WRITE)
def kpis_add(request, org, outcomes_initiative_pk: int):
    initiative = get_in_organisation(Initiative.objects.all(), org, pk=outcomes_initiative_pk)
    form = KPIForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.kpis_adopt(
                initiative=initiative, user=request.user, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(
                request, f"{len(done)} KPI(s) added. Give each a baseline and a target."
            )
            return redirect(
                "outcomes:initiative", org_slug=org.slug, outcomes_initiative_pk=initiative.pk
            )
    return form_page(
        request,
        org,
        form,
        f"Adopt the mandatory KPIs: {initiative.name}",
        intro="Every service measures cost per transaction, user satisfaction, completion rate "
        "and digital take-up.",
        warning=""
        if initiative.kind == Kind.SERVICE
        else "Only services adopt the mandatory KPIs.",
    )


SERIES = ["Baseline", "Measured", "Target"]


def _trajectory_chart(outcome: Outcome):
    points = selectors.trajectory(outcome)
    if not points:
        return None
    values = [
        {"date": p["date"].isoformat(), "value": float(p["value"]), "series": p["series"]}
        for p in points
    ]
    # Padding keeps the first and last points (often the target) from being cut in half.
    x = {"field": "date", "type": "temporal", "title": "Date", "scale": {"padding": 16}}
    y = {"field": "value", "type": "quantitative", "title": outcome.unit, "scale": {"padding": 16}}
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": values},
        "width": 560,
        "height": 260,
        "layer": [
            {
                # The planned path: a dashed line from the baseline to the target.
                "mark": {"type": "line", "color": "#505a5f", "strokeDash": [6, 4]},
                "transform": [{"filter": "datum.series !== 'Measured'"}],
                "encoding": {"x": x, "y": y},
            },
            {
                "mark": {"type": "line", "color": "#1d70b8"},
                "transform": [{"filter": "datum.series !== 'Target'"}],
                "encoding": {"x": x, "y": y},
            },
            {
                "mark": {"type": "point", "filled": True, "size": 80},
                "encoding": {
                    "x": x,
                    "y": y,
                    # One legend: shape and colour share the title and the domain.
                    "shape": {"field": "series", "type": "nominal", "title": "Point", "scale": {
                        "domain": SERIES, "range": ["square", "circle", "diamond"]}},
                    "color": {"field": "series", "type": "nominal", "title": "Point", "scale": {
                        "domain": SERIES, "range": ["#505a5f", "#1d70b8", "#00703c"]}},
                },
            },
        ],
    }  # fmt: skip
    return make_chart(
        spec,
        title="Trajectory",
        description=f"{outcome.measure}: baseline, measurements and target, in {outcome.unit}; "
        "the dashed line is the planned path from baseline to target.",
        columns=["Date", "Point", f"Value ({outcome.unit})"],
        rows=[[p["date"].isoformat(), p["series"], p["value"]] for p in points],
        chart_id="trajectory",
    )


@organisation_view(Level.READ)
def outcome_detail(request, org, outcomes_outcome_pk: int):
    outcome = _outcome(request, org, outcomes_outcome_pk, Level.READ)
    measurements = outcome.measurements.select_related("outcome").order_by("-date")
    download = export_response(
        request, measurements, MEASUREMENT_COLUMNS, f"outcome-{outcome.pk}-measurements"
    )
    if download:
        return download
    return render(
        request,
        "outcomes/outcome_detail.html",
        {
            "page_title": outcome.name,
            "org": org,
            "outcome": outcome,
            "chart": _trajectory_chart(outcome),
            "page": paginate(request, measurements),
            "can_write": can(request.user, Level.WRITE, org),
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.WRITE)
def measurement_add(request, org, outcomes_outcome_pk: int):
    outcome = _outcome(request, org, outcomes_outcome_pk, Level.WRITE)
    form = MeasurementForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.measurement_record(
                outcome=outcome,
                source=MeasurementSource.MANUAL,
                user=request.user,
                **form.cleaned_data,
            ),
        )
        if done:
            messages.success(request, f"Measurement {done[1]}.")
            return redirect("outcomes:outcome", org_slug=org.slug, outcomes_outcome_pk=outcome.pk)
    return form_page(
        request,
        org,
        form,
        f"Add a measurement: {outcome.name}",
        intro=f"In {outcome.unit}. A second value for the same date replaces the first.",
    )


@organisation_view(Level.WRITE)
def measurement_upload(request, org):
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        job = import_job_start(
            importer="outcome-measurements",
            upload=form.cleaned_data["file"],
            description=f"Measurements for {org.name}",
            user=request.user,
            organisation=org,
            importer_options={"organisation": org.slug, "user_id": request.user.pk},
            came_from=(
                "Upload more measurements",
                reverse("outcomes:measurement-upload", kwargs={"org_slug": org.slug}),
            ),
            results=(
                "See the outcomes",
                reverse("outcomes:outcomes", kwargs={"org_slug": org.slug}),
            ),
        )
        messages.info(request, UPLOADED)
        return redirect(job.progress_url)
    return form_page(
        request,
        org,
        form,
        "Upload measurements",
        intro="A CSV with columns outcome (the outcome's id), date, value, and optionally unit "
        "and note. Rows for unknown outcomes, in the wrong unit or with bad dates are rejected "
        "with their line and field; the rest are stored.",
    )
