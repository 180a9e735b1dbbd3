"""Coverage: the organisation's components the catalogue does not cover, ranked by how many
systems use them, with what to do; and the admin's mappings and own lifecycle entries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from smarterstate.authz import Level, can
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.forms import apply_errors

from .. import coverage
from ..forms import MappingForm, OwnProductForm
from ..models import ComponentMapping, MatchKind
from ..services.mappings import component_mapping_set, own_product_create

COVERAGE_COLUMNS = [
    Column("Purl family or package", "key"),
    Column("Systems", "systems"),
    Column("Components", "components"),
    Column("Packages", lambda row: "; ".join(row["names"])),
    Column("Versions", lambda row: "; ".join(row["versions"])),
    Column("Mapping", lambda row: str(row["mapping"]) if row["mapping"] else ""),
]
KIND_LABELS = dict(MatchKind.choices)


@organisation_view(Level.READ)
def coverage_page(request, org):
    rows = coverage.uncovered_families(org)
    download = export_response(request, rows, COVERAGE_COLUMNS, f"{org.slug}-uncovered")
    if download:
        return download
    counts = coverage.matched_by_kind(org)
    total = sum(counts.values())
    return render(
        request,
        "lifecycle/coverage.html",
        {
            "page_title": f"Catalogue coverage: {org.name}",
            "org": org,
            "rows": rows,
            "total": total,
            "covered": total - counts[""],
            "by_kind": [
                (KIND_LABELS[kind], counts.get(kind, 0))
                for kind in ("purl", "cpe", "family", "mapping")
            ],
            "not_covered": counts[""],
            "mappings": ComponentMapping.objects.filter(organisation=org).select_related(
                "product", "created_by"
            ),
            "can_admin": can(request.user, Level.ADMIN, org),
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.ADMIN)
def mapping_set(request, org):
    initial = {"key": request.GET.get("key", "")[:500]}
    form = MappingForm(
        request.POST if request.method == "POST" else None, organisation=org, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            component_mapping_set(
                organisation=org,
                key=data["key"],
                product=data["product"],
                note=data["note"],
                user=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Mapping of {data['key']} saved; components re-matched.")
            return redirect("lifecycle:coverage", org_slug=org.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": "Map a component family",
            "org": org,
            "form": form,
            "intro": "Say which catalogue product the packages of a purl family (or one package) "
            "belong to, or that none does. It applies to this organisation's components now and "
            "to every SBOM imported later, before the catalogue's own inference.",
        },
    )


@organisation_view(Level.ADMIN)
def own_product_add(request, org):
    initial = {"key": request.GET.get("key", "")[:500]}
    form = OwnProductForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            own_product_create(
                organisation=org,
                label=data["label"],
                evidence=data["evidence"],
                cycles=data["cycles"],
                key=data["key"],
                user=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Lifecycle entry {data['label']} added and mapped.")
            return redirect("lifecycle:coverage", org_slug=org.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": "Add your own lifecycle entry",
            "org": org,
            "form": form,
            "intro": "For software endoflife.date does not cover: give its release cycles and "
            "their end of life dates, with the evidence. Only your organisation sees it.",
        },
    )
