"""The innovation fund ledger: balance, sources (stopped pilots), uses, time to reinvest."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from smarterstate.authz import Level, can
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import Column, export_links, export_response

from .. import selectors
from ..forms import AllocationForm, DepositForm
from ..models import FundEntry
from ..services import pilots as services
from .common import form_page, saved

ENTRY_COLUMNS = [
    Column("Id", "pk"),
    Column("Date", "entry_date"),
    Column("Kind", lambda e: e.get_kind_display()),
    Column("In (£)", lambda e: e.amount if e.is_inflow else None),
    Column("Out (£)", lambda e: None if e.is_inflow else e.amount),
    Column("Balance after (£)", "balance_after"),
    Column("Stopped pilot", lambda e: e.pilot.initiative.name if e.pilot else ""),
    Column("Allocated to", lambda e: e.initiative.name if e.initiative else ""),
    Column("Note", "note"),
]


@organisation_view(Level.READ)
def ledger_page(request, org):
    entries = (
        FundEntry.objects.filter(organisation=org)
        .select_related("pilot__initiative", "initiative")
        .order_by("entry_date", "pk")
    )
    download = export_response(request, entries, ENTRY_COLUMNS, f"{org.slug}-innovation-fund")
    if download:
        return download
    return render(
        request,
        "outcomes/ledger.html",
        {
            "page_title": f"Innovation fund: {org.name}",
            "org": org,
            "ledger": selectors.ledger(org),
            "can_write": can(request.user, Level.WRITE, org),
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.WRITE)
def allocate(request, org):
    form = AllocationForm(
        request.POST or None, org=org, initial={"entry_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.fund_allocate(
                organisation=org, user=request.user, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, f"£{done.amount:,.2f} allocated to {done.initiative.name}.")
            return redirect("outcomes:fund", org_slug=org.slug)
    return form_page(
        request,
        org,
        form,
        "Allocate from the innovation fund",
        intro=f"The fund holds £{selectors.ledger(org)['balance']:,.2f}. The amount is added to the budget.",
    )


@organisation_view(Level.WRITE)
def deposit(request, org):
    form = DepositForm(request.POST or None, initial={"entry_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.fund_deposit(organisation=org, user=request.user, **form.cleaned_data),
        )
        if done:
            messages.success(request, f"£{done.amount:,.2f} paid into the fund.")
            return redirect("outcomes:fund", org_slug=org.slug)
    return form_page(request, org, form, "Pay money into the innovation fund")
