"""Phase gate reviews: record one (with the Service Standard for services), list, detail."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from smarterstate.authz import Level, can, get_in_organisation
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate

from ..forms import GateReviewForm
from ..frameworks import service_standard
from ..models import GateCondition, GateReview, Initiative
from ..services.gates import gate_condition_set_met, gate_review_create
from .common import form_page, saved

GATE_COLUMNS = [
    Column("Id", "pk"),
    Column("Initiative", "initiative.name"),
    Column("From", lambda g: g.get_from_phase_display()),
    Column("To", lambda g: g.get_to_phase_display()),
    Column("Date", "review_date"),
    Column("Panel", "panel"),
    Column("Decision", lambda g: g.get_decision_display()),
    Column("Notes", "notes"),
]


@organisation_view(Level.READ)
def gate_list(request, org):
    gates = (
        GateReview.objects.filter(organisation=org)
        .select_related("initiative")
        .order_by("-review_date", "-pk")
    )
    download = export_response(request, gates, GATE_COLUMNS, f"{org.slug}-gate-reviews")
    if download:
        return download
    return render(
        request,
        "outcomes/gate_list.html",
        {
            "page_title": f"Gate reviews: {org.name}",
            "org": org,
            "page": paginate(request, gates),
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.READ)
def gate_detail(request, org, outcomes_gate_pk: int):
    gate = get_in_organisation(
        GateReview.objects.select_related("initiative", "created_by"), org, pk=outcomes_gate_pk
    )
    standard = service_standard()
    points = [(p, standard[p.point - 1]) for p in gate.points.all()]
    return render(
        request,
        "outcomes/gate_detail.html",
        {
            "page_title": f"Gate review: {gate.initiative.name}",
            "org": org,
            "gate": gate,
            "points": points,
            "conditions": gate.conditions.all(),
            "can_write": can(request.user, Level.WRITE, org),
        },
    )


@organisation_view(Level.WRITE)
def gate_add(request, org, outcomes_initiative_pk: int):
    initiative = get_in_organisation(Initiative.objects.all(), org, pk=outcomes_initiative_pk)
    form = GateReviewForm(
        request.POST or None, initiative=initiative, initial={"review_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        gate = saved(
            request,
            form,
            lambda: gate_review_create(
                initiative=initiative,
                to_phase=data["to_phase"],
                decision=data["decision"],
                panel=data["panel"],
                review_date=data["review_date"],
                notes=data["notes"],
                conditions=form.conditions(),
                points=form.points(),
                user=request.user,
            ),
        )
        if gate:
            messages.success(request, f"Gate review recorded: {gate.get_decision_display()}.")
            return redirect("outcomes:gate", org_slug=org.slug, outcomes_gate_pk=gate.pk)
    warning = ""
    if initiative.flagged:
        warning = "Outcome first: with no measurable outcome this initiative can only get a no go."
    return form_page(
        request,
        org,
        form,
        f"Gate review: {initiative.name}",
        intro=f"Now in {initiative.get_phase_display().lower()}. Go with conditions needs at "
        "least one condition with an owner and a due date.",
        warning=warning,
    )


@organisation_view(Level.WRITE)
def condition_met(request, org, outcomes_condition_pk: int):
    """Mark a gate condition met (or, if it was, not met again)."""
    condition = get_in_organisation(
        GateCondition.objects.select_related("gate__initiative"), org, pk=outcomes_condition_pk
    )
    if request.method == "POST":
        gate_condition_set_met(condition=condition, met=not condition.met, user=request.user)
        messages.success(request, f"Condition marked {'met' if condition.met else 'not met'}.")
        return redirect("outcomes:gate", org_slug=org.slug, outcomes_gate_pk=condition.gate_id)
    return render(
        request,
        "outcomes/condition_met.html",
        {
            "page_title": f"Mark the condition {'not met' if condition.met else 'met'}?",
            "org": org,
            "condition": condition,
        },
    )
