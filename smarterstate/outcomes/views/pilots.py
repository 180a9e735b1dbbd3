"""Pilots (with overdue decisions first), starting one, success criteria, decisions."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, IntegerField, Q, When
from django.shortcuts import redirect, render
from django.utils import timezone

from smarterstate.authz import Level, can, get_in_organisation
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate

from ..forms import CriterionForm, DecisionForm, PilotForm
from ..models import Pilot, PilotDecision
from ..services import pilots as services
from .common import form_page, saved

PILOT_COLUMNS = [
    Column("Id", "pk"),
    Column("Pilot", "initiative.name"),
    Column("Hypothesis", "hypothesis"),
    Column("Time-box starts", "timebox_start"),
    Column("Time-box ends", "timebox_end"),
    Column("Budget (£)", "initiative.budget"),
    Column("Spend (£)", "initiative.spend"),
    Column("Decision", lambda p: p.get_decision_display() or "Awaiting decision"),
    Column("Decided on", "decided_on"),
    Column("Overdue a decision", lambda p: p.overdue_rank == 0),
    Column("Released to the fund (£)", "released"),
]


@organisation_view(Level.READ)
def pilot_list(request, org):
    today = timezone.localdate()
    state = request.GET.get("state", "")
    pilots = (
        Pilot.objects.filter(organisation=org)
        .select_related("initiative")
        .annotate(
            overdue_rank=Case(
                When(Q(decision__in=["", PilotDecision.ITERATE], timebox_end__lt=today), then=0),
                default=1,
                output_field=IntegerField(),
            )
        )
    )
    if state == "overdue":
        pilots = pilots.overdue(today)
    elif state == "open":
        pilots = pilots.open()
    elif state in PilotDecision.values:
        pilots = pilots.filter(decision=state)
    pilots = pilots.order_by("overdue_rank", "timebox_end", "pk")
    download = export_response(request, pilots, PILOT_COLUMNS, f"{org.slug}-pilots")
    if download:
        return download
    return render(
        request,
        "outcomes/pilot_list.html",
        {
            "page_title": f"Pilots: {org.name}",
            "org": org,
            "page": paginate(request, pilots),
            "state": state,
            "states": [
                ("", "All"),
                ("open", "Running"),
                ("overdue", "Overdue a decision"),
                *PilotDecision.choices,
            ],
            "overdue": Pilot.objects.filter(organisation=org).overdue(today).count(),
            "today": today,
            "can_write": can(request.user, Level.WRITE, org),
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.WRITE)
def pilot_add(request, org):
    form = PilotForm(request.POST or None, org=org, initial={"budget": 0})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["from_fund"] = data.get("from_fund") or 0
        pilot = saved(
            request,
            form,
            lambda: services.pilot_create(organisation=org, user=request.user, **data),
        )
        if pilot:
            messages.success(
                request, "Pilot started. Give it an outcome measure and success criteria."
            )
            return redirect(
                "outcomes:initiative", org_slug=org.slug, outcomes_initiative_pk=pilot.initiative_id
            )
    return form_page(
        request,
        org,
        form,
        "Start a pilot",
        intro="A pilot is a time-boxed, budgeted hypothesis. When the time-box ends, decide: "
        "scale, iterate or stop. Stopping returns the unspent budget to the innovation fund.",
    )


@organisation_view(Level.WRITE)
def criterion_add(request, org, outcomes_pilot_pk: int):
    pilot = get_in_organisation(
        Pilot.objects.select_related("initiative"), org, pk=outcomes_pilot_pk
    )
    form = CriterionForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.success_criterion_add(
                pilot=pilot, user=request.user, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, "Success criterion added.")
            return redirect(
                "outcomes:initiative", org_slug=org.slug, outcomes_initiative_pk=pilot.initiative_id
            )
    return form_page(
        request,
        org,
        form,
        f"Success criterion: {pilot.initiative.name}",
        warning=""
        if form.fields["outcome"].queryset.exists()
        else "Add an outcome to the pilot first.",
    )


@organisation_view(Level.WRITE)
def pilot_decide_page(request, org, outcomes_pilot_pk: int):
    pilot = get_in_organisation(
        Pilot.objects.select_related("initiative"), org, pk=outcomes_pilot_pk
    )
    form = DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["funding"] = data.get("funding") or 0
        done = saved(
            request, form, lambda: services.pilot_decide(pilot=pilot, user=request.user, **data)
        )
        if done:
            messages.success(request, f"Decision recorded: {done.get_decision_display()}.")
            return redirect(
                "outcomes:initiative", org_slug=org.slug, outcomes_initiative_pk=pilot.initiative_id
            )
    initiative = pilot.initiative
    return form_page(
        request,
        org,
        form,
        f"Decide: {initiative.name}",
        intro=f"Time-box ends {pilot.timebox_end:%-d %B %Y}. Budget £{initiative.budget:,.2f}, "
        f"spent £{initiative.spend:,.2f}: stopping releases £{initiative.unspent:,.2f} to the fund.",
        warning=""
        if pilot.is_open
        else f"This pilot was already decided: {pilot.get_decision_display()}.",
    )
