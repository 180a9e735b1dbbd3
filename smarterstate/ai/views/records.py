"""ATRS transparency records: the organisation's pages (draft, edit, publish, export) and the
public pages (published records only, their published copy only, no sign-in)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from smarterstate.authz import Level, can, get_in_organisation
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.forms import apply_errors
from smarterstate.core.history import history_entries
from smarterstate.core.pagination import paginate
from smarterstate.organisations.models import Organisation

from .. import atrs, selectors
from ..forms import RecordCreateForm, RecordForm
from ..models import TransparencyRecord
from ..services.records import (
    export_values,
    missing_message,
    record_create,
    record_publish,
    record_update,
    record_withdraw,
)
from .register import use_case_for

RECORD_COLUMNS = [
    Column("Title", "title"),
    Column("Use case", "use_case.name"),
    Column("Status", lambda r: r.get_status_display()),
    Column("Tiers", lambda r: r.get_tier_display()),
    Column("Required fields missing", lambda r: sum(len(v) for v in r.missing.values())),
    Column("Unpublished changes", "has_unpublished_changes"),
    Column("Published at", "published_at"),
    Column("Updated", "updated_at"),
]


def record_for(org, pk: int) -> TransparencyRecord:
    return get_in_organisation(
        TransparencyRecord.objects.select_related("use_case", "organisation", "published_by"),
        org,
        pk=pk,
    )


def _display_sections(values: dict, *, tier: int) -> list[tuple[str, list[tuple]]]:
    """(section, [(field, value)]) for the fields people fill, up to the record's tier."""
    return [
        (
            section,
            [
                (field, atrs.display_value(field.attribute, values.get(field.attribute, "")))
                for field in section_fields
            ],
        )
        for section, section_fields in atrs.sections(tier)
    ]


def _atrs_json(values: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(values, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def _atrs_csv(rows: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(atrs.to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


@organisation_view(Level.READ)
def record_list(request, org):
    queryset = selectors.records(org)
    download = export_response(request, queryset, RECORD_COLUMNS, f"{org.slug}-atrs-records")
    if download:
        return download
    return render(
        request,
        "ai/record_list.html",
        {
            "page_title": f"Transparency records: {org.name}",
            "org": org,
            "page": paginate(request, queryset),
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.WRITE)
def record_start(request, org, use_case_pk: int):
    use_case = use_case_for(org, use_case_pk)
    existing = TransparencyRecord.objects.filter(use_case=use_case).first()
    if existing is not None:
        return redirect("ai:record", org_slug=org.slug, record_pk=existing.pk)
    form = RecordCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            record = record_create(use_case=use_case, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Record drafted from the register and assessments.")
            return redirect("ai:record-edit", org_slug=org.slug, record_pk=record.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": f"Draft a transparency record for {use_case.name}",
            "org": org,
            "form": form,
            "intro": "The record starts with what the register and the assessments already say.",
        },
    )


@organisation_view(Level.READ)
def record_detail(request, org, record_pk: int):
    record = record_for(org, record_pk)
    return render(
        request,
        "ai/record_detail.html",
        {
            "page_title": record.title,
            "org": org,
            "record": record,
            "sections": _display_sections(record.content, tier=record.tier),
            "missing": missing_message(record.missing),
            "can_write": can(request.user, Level.WRITE, org),
            "can_admin": can(request.user, Level.ADMIN, org),
        },
    )


@organisation_view(Level.WRITE)
def record_edit(request, org, record_pk: int):
    record = record_for(org, record_pk)
    form = RecordForm(
        request.POST if request.method == "POST" else None, initial=RecordForm.initial_from(record)
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_update(
                record=record,
                user=request.user,
                content=form.content(),
                tier=form.cleaned_data["tier"],
                pretrained=form.cleaned_data["pretrained"],
                internal_notes=form.cleaned_data["internal_notes"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Record saved.")
            return redirect("ai:record", org_slug=org.slug, record_pk=record.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": f"Change the transparency record for {record.use_case.name}",
            "org": org,
            "form": form,
            "intro": "Required fields are checked when the record is published.",
        },
    )


@organisation_view(Level.ADMIN)
def record_publish_view(request, org, record_pk: int):
    record = record_for(org, record_pk)
    if request.method == "POST":
        action = request.POST.get("action", "publish")
        try:
            if action == "withdraw":
                record_withdraw(record=record, user=request.user)
                messages.success(request, "Record withdrawn: it is no longer public.")
            else:
                record_publish(record=record, user=request.user)
                messages.success(request, "Record published on the public page.")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("ai:record", org_slug=org.slug, record_pk=record.pk)
    return render(
        request,
        "ai/confirm.html",
        {
            "page_title": f"Publish the transparency record for {record.use_case.name}?",
            "org": org,
            "intro": "Anyone can read a published record, without signing in. "
            "Internal notes are never published.",
            "button": "Publish record",
        },
    )


@organisation_view(Level.READ)
def record_export(request, org, record_pk: int):
    record = record_for(org, record_pk)
    fmt = request.GET.get("format", "json")
    values = export_values(record, published=False)
    filename = f"atrs-record-{record.pk}"
    return _atrs_csv([values], filename) if fmt == "csv" else _atrs_json(values, filename)


@organisation_view(Level.READ)
def record_history(request, org, record_pk: int):
    record = record_for(org, record_pk)
    return render(
        request,
        "core/history.html",
        {
            "page_title": f"History of {record.title}",
            "org": org,
            "record": record,
            "entries": history_entries(record),
        },
    )


# -- public pages: no sign-in, published copies only -----------------------------------------


def _published(record_pk: int) -> TransparencyRecord:
    record = (
        TransparencyRecord.objects.published()
        .select_related("organisation")
        .filter(pk=record_pk)
        .first()
    )
    if record is None:
        raise Http404("No such published record.")
    return record


@requires(Level.PUBLIC)
def public_records(request, org_slug: str):
    organisation = get_object_or_404(Organisation, slug=org_slug)
    records = selectors.published_records(organisation)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "json"):
        rows = [export_values(record, published=True) for record in records]
        filename = "atrs-records"
        if fmt == "csv":
            return _atrs_csv(rows, filename)
        response = _atrs_json(rows, filename)
        return response
    return render(
        request,
        "ai/public_records.html",
        {
            "page_title": f"Algorithmic transparency records: {organisation.name}",
            "organisation": organisation,
            "records": [(record, record.published_content) for record in records],
        },
    )


@requires(Level.PUBLIC)
def public_record(request, record_pk: int):
    record = _published(record_pk)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "json"):
        values = export_values(record, published=True)
        filename = f"atrs-record-{record.pk}"
        return _atrs_csv([values], filename) if fmt == "csv" else _atrs_json(values, filename)
    content = record.published_content or {}
    return render(
        request,
        "ai/public_record.html",
        {
            "page_title": content.get("title") or "Algorithmic transparency record",
            "record": record,
            "content": content,
            "sections": _display_sections(content, tier=record.tier),
        },
    )
