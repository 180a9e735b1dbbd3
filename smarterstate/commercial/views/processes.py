"""Contracting processes: the public list, one process's page, and notes by the reader's organisation."""

from __future__ import annotations

import json

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render

from smarterstate.authz import Level, can, scope
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.exports import export_links, export_response
from smarterstate.core.pagination import paginate

from .. import selectors
from ..forms import ProcessFilterForm, ProcessNoteForm
from ..models import Award, CompiledRelease, Process, ProcessNote, Release
from ..services.reviews import process_note_create
from .dashboard import NEWEST_FIRST, PROCESS_COLUMNS

TIMELINE_LIMIT = 200


def filter_processes(processes, data: dict):
    """Apply a ProcessFilterForm's cleaned data (shared with the API)."""
    if data.get("q"):
        processes = processes.filter(Q(title__icontains=data["q"]) | Q(ocid__icontains=data["q"]))
    if data.get("buyer"):
        processes = processes.filter(buyer__name__icontains=data["buyer"])
    if data.get("supplier"):
        processes = processes.filter(
            pk__in=Award.objects.filter(suppliers__name__icontains=data["supplier"]).values(
                "process_id"
            )
        )
    return selectors.filter_processes_by(
        processes,
        method=data.get("method", ""),
        status=data.get("status", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )


@requires(Level.AUTHENTICATED)
def process_list(request):
    filters = ProcessFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    processes = filter_processes(Process.objects.select_related("buyer"), data)
    processes = processes.order_by(*NEWEST_FIRST)
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


def _notice_types(release_data: str) -> list[str]:
    try:
        release = json.loads(release_data)
    except ValueError:
        return []
    documents = []
    for section in ("planning", "tender"):
        documents += (release.get(section) or {}).get("documents") or []
    for section in ("awards", "contracts"):
        for item in release.get(section) or []:
            documents += item.get("documents") or []
    documents += release.get("documents") or []
    return sorted(
        {d["noticeType"] for d in documents if isinstance(d, dict) and d.get("noticeType")}
    )


def timeline(ocid: str) -> list[dict]:
    releases = Release.objects.filter(ocid=ocid).order_by("date", "release_id")
    return [
        {
            "date": release.date,
            "date_text": release.date_text,
            "release_id": release.release_id,
            "tags": release.tags,
            "notice_types": _notice_types(release.data),
        }
        for release in releases.only("date", "date_text", "release_id", "tags", "data")[
            :TIMELINE_LIMIT
        ]
    ]


def _compiled_json(ocid: str) -> str:
    compiled = CompiledRelease.objects.filter(ocid=ocid).only("data").first()
    if compiled is None:
        return ""
    try:
        return json.dumps(json.loads(compiled.data), indent=2, ensure_ascii=False)
    except ValueError:
        return compiled.data


@requires(Level.AUTHENTICATED)
def process_detail(request, ocid: str):
    process = get_object_or_404(
        Process.objects.select_related("buyer", "organisation").prefetch_related(
            "lots",
            Prefetch("awards", queryset=Award.objects.prefetch_related("suppliers")),
            "contracts",
            "amendments",
        ),
        ocid=ocid,
    )
    organisation = process.organisation
    notes = scope(
        ProcessNote.objects.filter(process=process).select_related("author", "organisation"),
        request.user,
        Level.READ,
    )
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
            "timeline": timeline(process.ocid),
            "timeline_limit": TIMELINE_LIMIT,
            "compiled_json": _compiled_json(process.ocid),
            "notes": notes,
        },
    )


@organisation_view(Level.WRITE)
def process_note_add(request, org, process_pk: int):
    # Notes are written by the buying organisation's editors: the process must be org's.
    process = get_object_or_404(Process, pk=process_pk, organisation=org)
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
