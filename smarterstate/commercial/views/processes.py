"""Contracting processes: the public list, one process's page, and notes by the reader's organisation."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from smarterstate.authz import Level, can, get_in_organisation, scope
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.exports import export_links, export_response
from smarterstate.core.pagination import paginate

from .. import selectors
from ..forms import ProcessFilterForm, ProcessNoteForm
from ..models import Process
from ..services.reviews import process_note_create
from .dashboard import PROCESS_COLUMNS


@requires(Level.AUTHENTICATED)
def process_list(request):
    filters = ProcessFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    processes = selectors.search_processes(Process.objects.select_related("buyer"), data)
    processes = processes.order_by(*selectors.NEWEST_FIRST)
    download = export_response(request, processes, PROCESS_COLUMNS, "processes")
    if download:
        return download
    return render(
        request,
        "commercial/process_list.html",
        {
            "page_title": "Contracting processes",
            "filters": filters,
            "page": paginate(request, processes),
            "export_links": export_links(request),
        },
    )


@requires(Level.AUTHENTICATED)
def process_detail(request, ocid: str):
    process = get_object_or_404(selectors.process_with_details(ocid))
    organisation = process.organisation
    notes = scope(selectors.process_notes(process), request.user, Level.READ)
    return render(
        request,
        "commercial/process_detail.html",
        {
            "page_title": process.title or process.ocid,
            "process": process,
            "organisation": organisation
            if organisation and can(request.user, Level.READ, organisation)
            else None,
            "can_note": bool(organisation and can(request.user, Level.WRITE, organisation)),
            # Awarded value sums the awards: name it in their currency (else the tender's).
            "awarded_currency": next(
                (a.currency for a in process.awards.all() if a.currency), process.tender_currency
            ),
            "timeline": selectors.process_timeline(process.ocid),
            "timeline_limit": selectors.TIMELINE_LIMIT,
            "compiled_json": selectors.compiled_release_json(process.ocid),
            "notes": notes,
        },
    )


@organisation_view(Level.WRITE)
def process_note_add(request, org, process_pk: int):
    # Notes are written by the buying organisation's editors: the process must be org's.
    process = get_in_organisation(Process.objects.all(), org, pk=process_pk)
    form = ProcessNoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        process_note_create(
            process=process, organisation=org, user=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, "Your note has been added.")
        return redirect("commercial:process", ocid=process.ocid)
    return render(
        request,
        "core/form_page.html",
        {"page_title": f"Add a note on {process.title or process.ocid}", "org": org, "form": form},
    )
