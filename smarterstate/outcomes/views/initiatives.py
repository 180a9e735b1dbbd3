"""Initiatives: list (with the outcome-first flag), add, change, detail, ratings, links, history."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from smarterstate.authz import Level, can, get_in_organisation
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.history import history_entries
from smarterstate.core.pagination import paginate

from .. import selectors
from ..forms import InitiativeFilterForm, InitiativeForm, LinkForm, RatingForm, SettingsForm
from ..models import (
    ConfidenceRating,
    FundEntry,
    GateReview,
    Initiative,
    InitiativeLink,
    Measurement,
    Outcome,
    Pilot,
    PilotDecisionRecord,
)
from ..services import initiatives as services
from ..services.gates import next_phases
from ..services.links import (
    available_kinds,
    kind_of,
    link_create,
    link_delete,
    link_href,
    link_search,
)
from .common import form_page, saved

INITIATIVE_COLUMNS = [
    Column("Id", "pk"),
    Column("Name", "name"),
    Column("Kind", lambda i: i.get_kind_display()),
    Column("Part of", lambda i: i.parent.name if i.parent else ""),
    Column("Phase", lambda i: i.get_phase_display()),
    Column("Delivery confidence", lambda i: i.get_delivery_confidence_display()),
    Column("Rated on", "confidence_date"),
    Column("No measurable outcome", "flagged"),
    Column("Senior responsible owner", "senior_responsible_owner"),
    Column("Team", "team"),
    Column("Budget (£)", "budget"),
    Column("Spend (£)", "spend"),
    Column("Start", "start_date"),
    Column("End", "end_date"),
]


def _initiative(request, org, pk: int, level: Level) -> Initiative:
    return get_in_organisation(Initiative.objects.select_related("parent"), org, pk=pk)


def _to_initiative(org, pk: int):
    return redirect("outcomes:initiative", org_slug=org.slug, outcomes_initiative_pk=pk)


@organisation_view(Level.READ)
def initiative_list(request, org):
    form = InitiativeFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    org_initiatives = Initiative.objects.filter(organisation=org)
    initiatives = selectors.initiatives_filtered(
        org_initiatives.select_related("parent"), data
    ).order_by("name", "pk")
    download = export_response(request, initiatives, INITIATIVE_COLUMNS, f"{org.slug}-initiatives")
    if download:
        return download
    return render(
        request,
        "outcomes/initiative_list.html",
        {
            "page_title": f"Initiatives: {org.name}",
            "org": org,
            "form": form,
            "page": paginate(request, initiatives),
            "flagged": org_initiatives.flagged().count(),
            "can_write": can(request.user, Level.WRITE, org),
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.WRITE)
def initiative_add(request, org):
    form = InitiativeForm(request.POST or None, org=org, initial={"budget": 0, "spend": 0})
    if request.method == "POST" and form.is_valid():
        initiative = saved(
            request,
            form,
            lambda: services.initiative_create(
                organisation=org, user=request.user, **form.cleaned_data
            ),
        )
        if initiative:
            messages.success(request, f"{initiative.name} added. Now give it a measurable outcome.")
            return _to_initiative(org, initiative.pk)
    return form_page(
        request,
        org,
        form,
        "Add an initiative",
        intro="Outcome first: an initiative is flagged until it has an outcome with a baseline and a target.",
    )


@organisation_view(Level.WRITE)
def initiative_edit(request, org, outcomes_initiative_pk: int):
    initiative = _initiative(request, org, outcomes_initiative_pk, Level.WRITE)
    form = InitiativeForm(
        request.POST or None,
        org=org,
        instance=initiative,
        initial=InitiativeForm.initial_from(initiative),
    )
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.initiative_update(
                initiative=initiative, user=request.user, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, "Initiative saved.")
            return _to_initiative(org, initiative.pk)
    return form_page(
        request,
        org,
        form,
        f"Change {initiative.name}",
        intro="The phase changes only through a gate review.",
    )


@organisation_view(Level.READ)
def initiative_detail(request, org, outcomes_initiative_pk: int):
    initiative = _initiative(request, org, outcomes_initiative_pk, Level.READ)
    pilot = Pilot.objects.filter(initiative=initiative).first()
    links = list(initiative.links.select_related("content_type"))
    for link in links:
        kind = kind_of(link)
        link.kind_name = kind.name if kind else link.content_type.name
        link.href = link_href(link)
    return render(
        request,
        "outcomes/initiative_detail.html",
        {
            "page_title": initiative.name,
            "org": org,
            "initiative": initiative,
            "children": initiative.children.order_by("name"),
            "outcomes": initiative.outcomes.order_by("name"),
            "ratings": initiative.ratings.select_related("rated_by")[:20],
            "gates": initiative.gates.order_by("-review_date", "-pk"),
            "links": links,
            "incoming": selectors.incoming_links(initiative),
            "pilot": pilot,
            "criteria": pilot.criteria.select_related("outcome") if pilot else [],
            "decisions": pilot.decisions.select_related("decided_by") if pilot else [],
            "next_phases": next_phases(initiative.phase),
            "can_write": can(request.user, Level.WRITE, org),
            "today": timezone.localdate(),
        },
    )


@organisation_view(Level.WRITE)
def rating_add(request, org, outcomes_initiative_pk: int):
    initiative = _initiative(request, org, outcomes_initiative_pk, Level.WRITE)
    ratings = selectors.allowed_ratings(org)
    form = RatingForm(
        request.POST or None, ratings=ratings, initial={"rated_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.confidence_rating_add(
                initiative=initiative, user=request.user, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, "Delivery confidence recorded.")
            return _to_initiative(org, initiative.pk)
    return form_page(
        request,
        org,
        form,
        f"Rate delivery confidence: {initiative.name}",
        intro=f"{org.name} rates on the {len(ratings)}-point IPA scale.",
    )


@organisation_view(Level.WRITE)
def link_add(request, org, outcomes_initiative_pk: int):
    initiative = _initiative(request, org, outcomes_initiative_pk, Level.WRITE)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: link_create(initiative=initiative, user=request.user, **form.cleaned_data),
        )
        if done:
            messages.success(request, f"Linked {done.label}.")
            return _to_initiative(org, initiative.pk)
    search_kind = request.GET.get("kind", "")
    query = request.GET.get("q", "")[:200]
    return render(
        request,
        "outcomes/link_add.html",
        {
            "page_title": f"Link a record to {initiative.name}",
            "org": org,
            "form": form,
            "initiative": initiative,
            "kinds": [(k.label, k.name) for k in available_kinds()],
            "search_kind": search_kind,
            "query": query,
            "results": link_search(initiative=initiative, kind=search_kind, query=query),
        },
    )


@organisation_view(Level.WRITE)
def link_remove(request, org, outcomes_link_pk: int):
    link = get_in_organisation(
        InitiativeLink.objects.select_related("initiative"), org, pk=outcomes_link_pk
    )
    if request.method == "POST":
        link_delete(link=link, user=request.user)
        messages.success(request, f"Link to {link.label} removed.")
        return _to_initiative(org, link.initiative_id)
    return render(
        request,
        "outcomes/confirm.html",
        {
            "page_title": f"Remove the link to {link.label}?",
            "org": org,
            "back": link.initiative,
        },
    )


@organisation_view(Level.ADMIN)
def settings_edit(request, org):
    current = selectors.settings_for(org)
    form = SettingsForm(
        request.POST or None, initial={"confidence_scale": current.confidence_scale}
    )
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.portfolio_settings_update(
                organisation=org, user=request.user, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, "Settings saved.")
            return redirect("outcomes:index", org_slug=org.slug)
    return form_page(
        request,
        org,
        form,
        "Outcome settings",
        intro="Ratings already recorded keep the scale they were given on.",
    )


# Records whose history has a page: URL name → model (its organisation: authz_organisation_field).
HISTORY_MODELS = {
    "initiative": Initiative,
    "outcome": Outcome,
    "gate": GateReview,
    "pilot": Pilot,
    "rating": ConfidenceRating,
    "link": InitiativeLink,
    "entry": FundEntry,
    "measurement": Measurement,
    "decision": PilotDecisionRecord,
}


@organisation_view(Level.READ)
def history(request, org, outcomes_kind: str, outcomes_record_pk: int):
    if outcomes_kind in HISTORY_MODELS:
        model = HISTORY_MODELS[outcomes_kind]
        obj = get_in_organisation(model.objects.all(), org, pk=outcomes_record_pk)
    else:
        raise Http404("No such kind of record.")
    return render(
        request,
        "core/history.html",
        {
            "page_title": f"History of {obj}",
            "org": org,
            "record": obj,
            "entries": history_entries(obj),
        },
    )
