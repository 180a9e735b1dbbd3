"""Contracting processes: the list's filters, one process's page, its releases."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

import orjson
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from smarterstate.commercial.models import (
    Award,
    CompiledRelease,
    Contract,
    OCDSImport,
    Process,
    ProcessNote,
    Release,
)
from smarterstate.commercial.ocds import merge

# Newest first, in the order of the reference_date index so that PostgreSQL reads the first page
# from the index instead of sorting every process. reference_date is never null in practice:
# releases without a date are rejected at import, so every process has a first release date.
NEWEST_FIRST = ("-reference_date", "-pk")


TIMELINE_LIMIT = 200  # releases shown on a process's timeline


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def filter_processes_by(
    processes: QuerySet[Process],
    *,
    method: str = "",
    status: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Process]:
    """The filters the process list page and the API share (date_to is exclusive)."""
    if method:
        processes = processes.filter(method_category=method)
    if status:
        processes = processes.filter(status__iexact=status)
    if date_from:
        processes = processes.filter(reference_date__gte=start_of(date_from))
    if date_to:
        processes = processes.filter(reference_date__lt=start_of(date_to))
    return processes


def versioned_release(ocid: str) -> dict[str, Any] | None:
    """The versioned release of an ocid, merged now from its stored releases (None if there are none)."""
    texts = list(Release.objects.filter(ocid=ocid).order_by("pk").values_list("data", flat=True))
    if not texts:
        return None
    return merge.versioned_release([orjson.loads(text) for text in texts])


def search_processes(processes: QuerySet[Process], data: dict) -> QuerySet[Process]:
    """The process list's filters (a ProcessFilterForm's cleaned data): text in the title or
    ocid, buyer and supplier names, then the filters the API shares (``filter_processes_by``)."""
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
    return filter_processes_by(
        processes,
        method=data.get("method", ""),
        status=data.get("status", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )


def processes_of_parties(
    processes: QuerySet[Process], *, buyer: int | None = None, supplier: int | None = None
) -> QuerySet[Process]:
    """Processes of a buyer (its id), or in which a supplier (its id) won an award."""
    if buyer is not None:
        processes = processes.filter(buyer_id=buyer)
    if supplier is not None:
        processes = processes.filter(
            pk__in=Award.objects.filter(suppliers=supplier).values("process_id")
        )
    return processes


def process_with_details(ocid: str) -> QuerySet[Process]:
    """The process of an ocid (a queryset of one, for get_object_or_404) with what its page shows."""
    return (
        Process.objects.filter(ocid=ocid)
        .select_related("buyer", "organisation")
        .prefetch_related(
            "lots",
            Prefetch("awards", queryset=Award.objects.prefetch_related("suppliers")),
            Prefetch("contracts", queryset=Contract.objects.select_related("award")),
            "amendments",
        )
    )


def process_notes(process: Process) -> QuerySet[ProcessNote]:
    """Every note on the process; scope it to what the reader may read (authz.scope)."""
    return ProcessNote.objects.filter(process=process).select_related("author", "organisation")


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


def process_timeline(ocid: str) -> list[dict]:
    """The ocid's first TIMELINE_LIMIT releases by date, with the notice types they publish."""
    releases = Release.objects.filter(ocid=ocid).order_by("date", "release_id")
    return [
        {
            "date": release.date,
            "date_text": release.date_text,
            # A release published without an id is stored under its content hash: show none.
            "release_id": release.release_id if release.id_published else "",
            "tags": release.tags,
            "notice_types": _notice_types(release.data),
        }
        for release in releases.only(
            "date", "date_text", "release_id", "id_published", "tags", "data"
        )[:TIMELINE_LIMIT]
    ]


def compiled_release(ocid: str) -> dict | None:
    """The ocid's compiled release (None if there is none)."""
    compiled = CompiledRelease.objects.filter(ocid=ocid).only("data").first()
    return json.loads(compiled.data) if compiled else None


def compiled_release_json(ocid: str) -> str:
    """The ocid's compiled release as indented JSON ("" if there is none)."""
    compiled = CompiledRelease.objects.filter(ocid=ocid).only("data").first()
    if compiled is None:
        return ""
    try:
        return json.dumps(json.loads(compiled.data), indent=2, ensure_ascii=False)
    except ValueError:
        return compiled.data


def ocds_imports() -> QuerySet[OCDSImport]:
    """Runs of the OCDS import, newest first, without their (long) lists of rejects."""
    return OCDSImport.objects.defer("rejects", "replaced").order_by("-started_at", "-pk")
