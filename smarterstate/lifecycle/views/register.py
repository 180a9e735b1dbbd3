"""The register: systems and components, their forms, history, exports and uploads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from smarterstate.authz import Level, get_in_organisation
from smarterstate.authz.views import organisation_view
from smarterstate.commercial.models import Contract
from smarterstate.core.exports import export_links, export_response
from smarterstate.core.forms import apply_errors
from smarterstate.core.history import history_entries
from smarterstate.core.pagination import paginate
from smarterstate.jobs.services import UPLOADED, import_job_start

from .. import links, selectors
from ..forms import (
    ComponentFilterForm,
    ComponentForm,
    RegisterUploadForm,
    SystemFilterForm,
    SystemForm,
    UploadForm,
)
from ..models import (
    Component,
    CycleOverride,
    SBOMImport,
    System,
)
from ..rules import STATUS_LABELS, STATUS_RANK
from ..services.assessments import propose_l2
from ..services.register import (
    component_create,
    component_delete,
    component_update,
    system_create,
    system_update,
)
from .shared import COMPONENT_COLUMNS, SYSTEM_COLUMNS, page_context, system_of

# -- systems --------------------------------------------------------------------------


@organisation_view(Level.READ)
def system_list(request, org):
    form = SystemFilterForm(request.GET or None)
    systems = System.objects.of(org).select_related("successor").order_by("name", "pk")
    estate = selectors.estate_on(org)
    if form.is_valid():
        data = form.cleaned_data
        systems = systems.search(data.get("q", ""))
        if data.get("phase"):
            systems = systems.filter(phase=data["phase"])
        if data.get("criticality"):
            systems = systems.filter(criticality=data["criticality"])
        if data.get("red_rated"):
            systems = systems.filter(red_rated=True)
        if data.get("status"):
            wanted = data["status"]
            ids = [pk for pk, row in estate.systems.items() if (row.worst or "none") == wanted]
            systems = systems.filter(pk__in=ids)
    download = export_response(request, systems, SYSTEM_COLUMNS, f"{org.slug}-systems")
    if download:
        return download
    page = paginate(request, systems)
    for system in page.object_list:
        system.rollup = estate.systems.get(system.pk)
        system.next_cycle_label = (
            estate.label(system.rollup.next_cycle)
            if system.rollup and system.rollup.next_cycle
            else ""
        )
    return render(
        request,
        "lifecycle/system_list.html",
        page_context(
            request,
            org,
            page_title="Systems",
            form=form,
            page=page,
            export_links=export_links(request),
        ),
    )


def _contracts(org):
    # Choices are labelled by contract_name, which reads the award and process titles.
    return (
        Contract.objects.filter(process__organisation=org)
        .select_related("award", "process")
        .order_by("title", "pk")
    )


def _system_form(request, org, instance=None):
    return SystemForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        organisation=org,
        contracts=_contracts(org),
    )


def _system_data(form) -> tuple[dict, list]:
    data = dict(form.cleaned_data)
    contracts = list(data.pop("contracts", []) or [])
    return data, contracts


@organisation_view(Level.WRITE)
def system_add(request, org):
    form = _system_form(request, org)
    if request.method == "POST" and form.is_valid():
        data, contracts = _system_data(form)
        try:
            system = system_create(organisation=org, contracts=contracts, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"System “{system.name}” added.")
            return redirect("lifecycle:system", org_slug=org.slug, lifecycle_system_pk=system.pk)
    return render(
        request, "core/form_page.html", {"page_title": "Add a system", "org": org, "form": form}
    )


@organisation_view(Level.WRITE)
def system_edit(request, org, lifecycle_system_pk: int):
    system = system_of(org, lifecycle_system_pk)
    form = _system_form(request, org, instance=system)
    if request.method == "POST" and form.is_valid():
        data, contracts = _system_data(form)
        try:
            system_update(system=system, contracts=contracts, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "System saved.")
            return redirect("lifecycle:system", org_slug=org.slug, lifecycle_system_pk=system.pk)
    return render(
        request,
        "core/form_page.html",
        {"page_title": f"Change {system.name}", "org": org, "form": form},
    )


@organisation_view(Level.READ)
def system_detail(request, org, lifecycle_system_pk: int):
    system = system_of(org, lifecycle_system_pk)
    components = system.components.select_related("product", "cycle").order_by("name", "pk")
    today = timezone.localdate()
    summary, rows = selectors.sbom_report(org, components, today)
    by_key = {}
    for component, row in zip(components.order_by("name", "version", "pk"), rows, strict=True):
        by_key[component.pk] = row["status"]
    overridden = set(
        CycleOverride.objects.filter(
            organisation=org, created_at__date__lte=today, expires_on__gte=today
        ).values_list("cycle_id", flat=True)
    )
    component_rows = sorted(
        (
            (c, by_key.get(c.pk), STATUS_LABELS.get(by_key.get(c.pk), ""), c.cycle_id in overridden)
            for c in components
        ),
        # Most at risk first (past end of life, then the nearest end of life); the
        # components the catalogue does not cover go last, in a collapsed list of their own.
        key=lambda row: (STATUS_RANK.get(row[1], len(STATUS_RANK)), row[0].name.lower(), row[0].pk),
    )
    covered = [row for row in component_rows if row[1] != "not-covered"]
    uncovered = [row for row in component_rows if row[1] == "not-covered"]
    estate = selectors.estate_on(org, today)
    rollup = estate.systems.get(system.pk)
    return render(
        request,
        "lifecycle/system_detail.html",
        page_context(
            request,
            org,
            page_title=system.name,
            system=system,
            components=covered,
            uncovered=uncovered,
            summary=summary,
            rollup=rollup,
            next_cycle=estate.label(rollup.next_cycle) if rollup and rollup.next_cycle else "",
            assessments=system.assessments.select_related("assessor")[:20],
            sbom_imports=system.sbom_imports.select_related("imported_by")[:20],
            contracts=system.contracts.select_related("process", "award")[:50],
            contract_l2=propose_l2(system, timezone.localdate()),
            linked=links.linked_records(system),
        ),
    )


@organisation_view(Level.READ)
def system_history(request, org, lifecycle_system_pk: int):
    system = system_of(org, lifecycle_system_pk)
    return render(
        request,
        "core/history.html",
        {
            "page_title": f"History of {system.name}",
            "org": org,
            "record": system,
            "entries": history_entries(system),
        },
    )


# -- components -----------------------------------------------------------------------


@organisation_view(Level.READ)
def component_list(request, org):
    form = ComponentFilterForm(request.GET or None)
    components = (
        Component.objects.filter(organisation=org)
        .select_related("system", "product", "cycle")
        .order_by("system__name", "name", "pk")
    )
    if form.is_valid():
        text = form.cleaned_data.get("q")
        if text:
            components = components.filter(Q(name__icontains=text) | Q(purl__icontains=text))
        if form.cleaned_data.get("matched") == "yes":
            components = components.filter(cycle__isnull=False)
        elif form.cleaned_data.get("matched") == "no":
            components = components.filter(cycle__isnull=True)
    statuses = selectors.component_statuses(org, timezone.localdate())
    if form.is_valid() and (status := form.cleaned_data.get("status")):
        components = selectors.components_with_status(components, statuses, status)
    download = export_response(request, components, COMPONENT_COLUMNS, f"{org.slug}-components")
    if download:
        return download
    return render(
        request,
        "lifecycle/component_list.html",
        page_context(
            request,
            org,
            page_title="Components",
            form=form,
            page=_with_status_labels(paginate(request, components), statuses),
            export_links=export_links(request),
        ),
    )


def _with_status_labels(page, statuses: dict[int, str]):
    page.object_list = list(page.object_list)
    for component in page.object_list:
        status = statuses.get(component.cycle_id, "") if component.cycle_id else "not-covered"
        component.status_label = STATUS_LABELS.get(status, "")
    return page


@organisation_view(Level.WRITE)
def component_add(request, org, lifecycle_system_pk: int):
    system = system_of(org, lifecycle_system_pk)
    form = ComponentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            component_create(system=system, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Component added.")
            return redirect("lifecycle:system", org_slug=org.slug, lifecycle_system_pk=system.pk)
    return render(
        request,
        "core/form_page.html",
        {"page_title": f"Add a component to {system.name}", "org": org, "form": form},
    )


def _component(org, pk: int) -> Component:
    return get_in_organisation(Component.objects.select_related("system"), org, pk=pk)


@organisation_view(Level.WRITE)
def component_edit(request, org, lifecycle_component_pk: int):
    component = _component(org, lifecycle_component_pk)
    form = ComponentForm(request.POST if request.method == "POST" else None, instance=component)
    if request.method == "POST" and form.is_valid():
        try:
            component_update(component=component, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Component saved.")
            return redirect(
                "lifecycle:system", org_slug=org.slug, lifecycle_system_pk=component.system_id
            )
    return render(
        request,
        "core/form_page.html",
        {"page_title": f"Change {component}", "org": org, "form": form},
    )


@organisation_view(Level.WRITE)
def component_remove(request, org, lifecycle_component_pk: int):
    component = _component(org, lifecycle_component_pk)
    if request.method == "POST":
        lifecycle_system_pk = component.system_id
        component_delete(component=component)
        messages.success(request, "Component removed.")
        return redirect(
            "lifecycle:system", org_slug=org.slug, lifecycle_system_pk=lifecycle_system_pk
        )
    return render(
        request,
        "lifecycle/confirm.html",
        {
            "page_title": f"Remove {component}?",
            "org": org,
            "message": f"{component} will be removed from {component.system}. Its history is kept.",
            "button": "Remove component",
        },
    )


# -- uploads --------------------------------------------------------------------------


@organisation_view(Level.WRITE)
def sbom_upload(request, org, lifecycle_system_pk: int):
    system = system_of(org, lifecycle_system_pk)
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        kind="lifecycle-sbom",
        label="CycloneDX JSON SBOM",
        help_text="CycloneDX JSON, spec 1.2 to 1.6. It replaces the system's SBOM components; "
        "earlier imports stay in the history.",
    )
    if request.method == "POST" and form.is_valid():
        system_url = reverse("lifecycle:system", args=[org.slug, system.pk])
        job = import_job_start(
            importer="lifecycle-sbom",
            upload=form.cleaned_data["file"],
            description=f"SBOM for {system.name}",
            user=request.user,
            organisation=org,
            importer_options={
                "organisation": org.slug,
                "system": system.pk,
                "user": request.user.pk,
                "filename": form.cleaned_data["file"].name[:255],
            },
            came_from=(f"Back to {system.name}", system_url),
            results=(f"See {system.name}'s components", system_url),
        )
        messages.info(request, UPLOADED)
        return redirect(job.progress_url)
    return render(
        request,
        "core/form_page.html",
        {"page_title": f"Import an SBOM for {system.name}", "org": org, "form": form},
    )


@organisation_view(Level.READ)
def sbom_detail(request, org, lifecycle_sbom_pk: int):
    sbom = get_in_organisation(
        SBOMImport.objects.select_related("system", "imported_by"), org, pk=lifecycle_sbom_pk
    )
    return render(
        request,
        "lifecycle/sbom_detail.html",
        page_context(
            request,
            org,
            page_title=f"SBOM {sbom.filename}",
            sbom=sbom,
            summary_rows=[
                (key.replace("_", " ").capitalize(), value)
                for key, value in (sbom.report.get("summary") or {}).items()
                if key not in ("as_of", "not_covered_reasons", "matched_by")
            ],
        ),
    )


@organisation_view(Level.WRITE)
def register_upload(request, org):
    form = RegisterUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        kind="lifecycle-register",
        label="CSV or XLSX file",
        help_text="The same columns as the systems or components download. Systems are matched "
        "by name, so importing a file twice changes nothing.",
    )
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        job = import_job_start(
            importer="lifecycle-register",
            upload=form.cleaned_data["file"],
            description=f"Import of {kind}",
            user=request.user,
            organisation=org,
            importer_options={"organisation": org.slug, "kind": kind},
            came_from=(f"Import more {kind}", request.path),
            results=(f"See the {kind}", reverse(f"lifecycle:{kind}", args=[org.slug])),
        )
        messages.info(request, UPLOADED)
        return redirect(job.progress_url)
    return render(
        request,
        "core/form_page.html",
        {"page_title": "Import systems or components", "org": org, "form": form},
    )
