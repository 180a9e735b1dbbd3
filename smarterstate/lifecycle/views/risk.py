"""Legacy IT Risk Assessments and local overrides of vendor dates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from smarterstate.authz import Level, get_in_organisation
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import export_links, export_response
from smarterstate.core.forms import apply_errors
from smarterstate.core.history import history_entries
from smarterstate.core.pagination import paginate

from ..forms import (
    AssessmentForm,
    OverrideForm,
)
from ..models import (
    IMPACT_CRITERIA,
    LIKELIHOOD_CRITERIA,
    Assessment,
    CycleOverride,
)
from ..services.assessments import assessment_create, proposals_for
from ..services.register import (
    override_create,
    override_delete,
)
from .shared import ASSESSMENT_COLUMNS, page_context, system_of

# -- legacy risk ----------------------------------------------------------------------


@organisation_view(Level.READ)
def assessment_list(request, org):
    assessments = (
        Assessment.objects.filter(organisation=org)
        .select_related("system", "assessor")
        .order_by("-assessed_on", "-pk")
    )
    download = export_response(request, assessments, ASSESSMENT_COLUMNS, f"{org.slug}-assessments")
    if download:
        return download
    return render(
        request,
        "lifecycle/assessment_list.html",
        page_context(
            request,
            org,
            page_title="Legacy risk assessments",
            page=paginate(request, assessments),
            export_links=export_links(request),
        ),
    )


@organisation_view(Level.READ)
def assessment_detail(request, org, lifecycle_assessment_pk: int):
    assessment = get_in_organisation(
        Assessment.objects.select_related("system", "assessor"), org, pk=lifecycle_assessment_pk
    )
    criteria = [
        (code.upper(), label, getattr(assessment, code), assessment.evidence.get(code, ""))
        for code, label in (*LIKELIHOOD_CRITERIA.items(), *IMPACT_CRITERIA.items())
    ]
    proposals = [
        (code.upper(), score, reason) for code, (score, reason) in assessment.proposals.items()
    ]
    return render(
        request,
        "lifecycle/assessment_detail.html",
        page_context(
            request,
            org,
            page_title=str(assessment),
            assessment=assessment,
            criteria=criteria,
            proposals=proposals,
            entries=history_entries(assessment),
        ),
    )


@organisation_view(Level.WRITE)
def assessment_add(request, org, lifecycle_system_pk: int):
    system = system_of(org, lifecycle_system_pk)
    proposals = proposals_for(system)
    initial = {"assessed_on": timezone.localdate()}
    latest = system.assessments.first()
    if latest:
        for code in (*LIKELIHOOD_CRITERIA, *IMPACT_CRITERIA):
            initial[code] = str(getattr(latest, code))
            initial[f"{code}_evidence"] = latest.evidence.get(code, "")
        for name in ("risk_owner", "legacy_owner", "funding", "remediation_date"):
            initial[name] = getattr(latest, name)
    for code, (score, reason) in proposals.items():
        initial[code] = str(score)
        initial[f"{code}_evidence"] = reason
    form = AssessmentForm(
        request.POST if request.method == "POST" else None, initial=initial, proposals=proposals
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_create(
                system=system, user=request.user, **form.assessment_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            verdict = "red-rated" if assessment.red_rated else "not red-rated"
            messages.success(request, f"Assessment saved: risk {assessment.risk}, {verdict}.")
            return redirect("lifecycle:system", org_slug=org.slug, lifecycle_system_pk=system.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": f"Assess the legacy risk of {system.name}",
            "org": org,
            "form": form,
            "intro": "Likelihood and impact are each (mean + highest) ÷ 2 of their criteria; risk "
            "is likelihood × impact (at most 30). 16 or more is red-rated; a likelihood "
            "criterion of 3 or more makes the system legacy. L1 and L2 are proposed from the "
            "catalogue and contract data where they allow.",
        },
    )


# -- overrides ------------------------------------------------------------------------


@organisation_view(Level.READ)
def override_list(request, org):
    overrides = CycleOverride.objects.filter(organisation=org).select_related(
        "cycle__product", "created_by"
    )
    return render(
        request,
        "lifecycle/override_list.html",
        page_context(
            request,
            org,
            page_title="Our lifecycle overrides",
            overrides=overrides,
            today=timezone.localdate(),
        ),
    )


@organisation_view(Level.WRITE)
def override_add(request, org):
    form = OverrideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        cycle = data.pop("cycle_obj")
        data.pop("product")
        data.pop("cycle")
        try:
            override_create(organisation=org, cycle=cycle, user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Override saved.")
            return redirect("lifecycle:overrides", org_slug=org.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": "Add an override",
            "org": org,
            "form": form,
            "intro": "Use an override when your organisation has a different date from the "
            "vendor's, such as a negotiated extended-support contract. Pages show it as an "
            "override, next to the vendor's date, until it expires.",
        },
    )


@organisation_view(Level.WRITE)
def override_remove(request, org, lifecycle_override_pk: int):
    override = get_in_organisation(CycleOverride.objects.all(), org, pk=lifecycle_override_pk)
    if request.method == "POST":
        override_delete(override=override)
        messages.success(request, "Override removed.")
        return redirect("lifecycle:overrides", org_slug=org.slug)
    return render(
        request,
        "lifecycle/confirm.html",
        {
            "page_title": f"Remove the override for {override.cycle}?",
            "org": org,
            "message": "The vendor's date applies again. The override's history is kept.",
            "button": "Remove override",
        },
    )
