"""Mapping OCDS buyers to platform organisations.

Anyone signed in may see which buyers are not mapped yet (OCDS data is
public). Mapping is an admin's act: the form offers only organisations the
user administers (all of them for superusers), and a buyer already mapped can
be moved only by an admin of the organisation it is mapped to.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from smarterstate.authz import Level, administrable_organisations, can
from smarterstate.authz.views import requires
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate

from .. import selectors
from ..forms import BuyerMappingForm
from ..models import Party
from ..services.mapping import buyer_mapping_set
from .dashboard import search_text

UNMAPPED_COLUMNS = [
    Column("Buyer", "name"),
    Column("Identifier", "key"),
    Column("Processes", "process_count"),
]


@requires(Level.AUTHENTICATED)
def mapping_list(request):
    q = search_text(request)
    buyers = selectors.unmapped_buyers(q)
    download = export_response(request, buyers, UNMAPPED_COLUMNS, "unmapped-buyers")
    if download:
        return download
    return render(
        request,
        "commercial/mapping_list.html",
        {
            "page_title": "Unmapped buyers",
            "q": q,
            "page": paginate(request, buyers),
            "can_map": administrable_organisations(request.user).exists(),
            "export_links": export_links(request),
        },
    )


@requires(Level.AUTHENTICATED)
def mapping_edit(request, party_pk: int):
    party = get_object_or_404(Party.objects.select_related("mapping__organisation"), pk=party_pk)
    current = getattr(party, "mapping", None)
    organisations = administrable_organisations(request.user)
    # Moving a mapped buyer takes an admin of the organisation it is mapped to.
    allowed = organisations.exists() and (
        current is None or can(request.user, Level.ADMIN, current.organisation)
    )
    form = BuyerMappingForm(
        request.POST if request.method == "POST" and allowed else None,
        organisations=organisations,
        initial={"organisation": current.organisation_id if current and allowed else None},
    )
    if request.method == "POST" and allowed and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        buyer_mapping_set(party=party, organisation=organisation, user=request.user)
        messages.success(request, f"{party.name} is now mapped to {organisation.name}.")
        return redirect("commercial:mapping")
    return render(
        request,
        "commercial/mapping_edit.html",
        {
            "page_title": f"Map {party.name}",
            "party": party,
            "current": current,
            "allowed": allowed,
            "form": form,
        },
        status=200 if request.method == "GET" or allowed else 403,
    )
