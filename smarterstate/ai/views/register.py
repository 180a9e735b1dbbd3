"""The AI use-case register: list, record, change, detail, third parties, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from smarterstate.authz import Level, can, get_in_organisation
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.forms import apply_errors
from smarterstate.core.pagination import paginate

from .. import selectors
from ..forms import ThirdPartyForm, UseCaseFilterForm, UseCaseForm
from ..models import ThirdParty, TransparencyRecord, UseCase
from ..selectors import dpia_status
from ..services.register import (
    third_party_add,
    third_party_remove,
    use_case_create,
    use_case_update,
)
from .history import combined_history

USE_CASE_COLUMNS = [
    Column("Name", "name"),
    Column("Phase", lambda u: u.get_phase_display()),
    Column("Kind", lambda u: u.get_kind_display()),
    Column("Risk level", lambda u: u.get_risk_level_display()),
    Column("Purpose", "purpose"),
    Column("User need", "user_need"),
    Column("Owner", "owner"),
    Column("Senior responsible owner", "senior_responsible_owner"),
    Column("Models", "models_used"),
    Column("Data used", "data_used"),
    Column("Personal data", "personal_data"),
    Column("Special category data", "special_category_data"),
    Column("Human review", "human_review"),
    Column("Decisions it influences", "decisions_influenced"),
    Column("Who they affect", "people_affected"),
    Column("Third parties", "third_party_count"),
    Column("Assessments", "assessment_count"),
    Column("DPIA reference", "dpia_reference"),
    Column("DPIA completed on", "dpia_completed_on"),
    Column("Updated", "updated_at"),
]


def use_case_for(org, pk: int) -> UseCase:
    # Another organisation's use case answers 404, whatever the slug says.
    return get_in_organisation(UseCase.objects.select_related("organisation"), org, pk=pk)


@organisation_view(Level.READ)
def use_case_list(request, org):
    filters = UseCaseFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    queryset = selectors.use_cases(
        org,
        phase=params.get("phase", ""),
        kind=params.get("kind", ""),
        risk=params.get("risk", ""),
        q=params.get("q", ""),
        dpia=params.get("dpia", ""),
    )
    download = export_response(request, queryset, USE_CASE_COLUMNS, f"{org.slug}-ai-use-cases")
    if download:
        return download
    return render(
        request,
        "ai/use_case_list.html",
        {
            "page_title": f"AI use cases: {org.name}",
            "org": org,
            "filters": filters,
            "page": paginate(request, queryset),
            "can_write": can(request.user, Level.WRITE, org),
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.WRITE)
def use_case_add(request, org):
    form = UseCaseForm(request.POST if request.method == "POST" else None, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            use_case = use_case_create(organisation=org, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"“{use_case.name}” added to the register.")
            return redirect("ai:use-case", org_slug=org.slug, use_case_pk=use_case.pk)
    return render(
        request,
        "core/form_page.html",
        {"page_title": "Register an AI use case", "org": org, "form": form},
    )


@organisation_view(Level.WRITE)
def use_case_edit(request, org, use_case_pk: int):
    use_case = use_case_for(org, use_case_pk)
    form = UseCaseForm(
        request.POST if request.method == "POST" else None, instance=use_case, organisation=org
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in UseCaseForm.Meta.fields}
        # The ModelForm already copied the values onto the instance; reload so a refusal
        # leaves nothing half-applied.
        use_case = use_case_for(org, use_case_pk)
        try:
            use_case_update(use_case=use_case, user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Use case saved.")
            return redirect("ai:use-case", org_slug=org.slug, use_case_pk=use_case.pk)
    return render(
        request,
        "core/form_page.html",
        {"page_title": f"Change {use_case.name}", "org": org, "form": form},
    )


@organisation_view(Level.READ)
def use_case_detail(request, org, use_case_pk: int):
    use_case = use_case_for(org, use_case_pk)
    assessments = use_case.assessments.select_related("checklist", "signed_off_by").order_by(
        "checklist__framework", "-created_at"
    )
    record = TransparencyRecord.objects.filter(use_case=use_case).first()
    return render(
        request,
        "ai/use_case_detail.html",
        {
            "page_title": use_case.name,
            "org": org,
            "use_case": use_case,
            "third_parties": use_case.third_parties.select_related("party", "contract"),
            "assessments": assessments,
            "dpia": dpia_status(use_case),
            "record": record,
            "systems": list(use_case.systems.order_by("name")),
            "can_write": can(request.user, Level.WRITE, org),
        },
    )


@organisation_view(Level.READ)
def use_case_history(request, org, use_case_pk: int):
    use_case = use_case_for(org, use_case_pk)
    return render(
        request,
        "core/history.html",
        {
            "page_title": f"History of {use_case.name}",
            "org": org,
            "record": use_case,
            "entries": combined_history(
                use_case,
                [(f"third party {tp.name}", tp) for tp in use_case.third_parties.all()],
            ),
        },
    )


@organisation_view(Level.WRITE)
def third_party_add_view(request, org, use_case_pk: int):
    use_case = use_case_for(org, use_case_pk)
    form = ThirdPartyForm(request.POST if request.method == "POST" else None, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            third_party_add(use_case=use_case, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Third party added.")
            return redirect("ai:use-case", org_slug=org.slug, use_case_pk=use_case.pk)
    return render(
        request,
        "core/form_page.html",
        {"page_title": f"Add a third party to {use_case.name}", "org": org, "form": form},
    )


@organisation_view(Level.WRITE)
def third_party_remove_view(request, org, third_party_pk: int):
    third_party = get_in_organisation(
        ThirdParty.objects.select_related("use_case"), org, pk=third_party_pk
    )
    if request.method == "POST":
        use_case_pk = third_party.use_case_id
        third_party_remove(third_party=third_party, user=request.user)
        messages.success(request, f"{third_party.name} removed.")
        return redirect("ai:use-case", org_slug=org.slug, use_case_pk=use_case_pk)
    return render(
        request,
        "ai/confirm.html",
        {
            "page_title": f"Remove {third_party.name} from {third_party.use_case.name}?",
            "org": org,
            "button": "Remove third party",
        },
    )
