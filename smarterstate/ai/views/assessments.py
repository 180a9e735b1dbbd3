"""Checklist assessments: list, start, answer, submit, sign off, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from smarterstate.authz import Level, can, get_in_organisation
from smarterstate.authz.views import organisation_view
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.forms import apply_errors
from smarterstate.core.pagination import paginate

from .. import selectors
from ..dpia import screening_outcome
from ..forms import AnswersForm, AssessmentDecisionForm, AssessmentFilterForm, AssessmentStartForm
from ..models import Assessment, Framework
from ..services.assessments import (
    assessment_answer,
    assessment_approve,
    assessment_create,
    assessment_return,
    assessment_submit,
    unanswered,
)
from .history import combined_history
from .register import use_case_for

ASSESSMENT_COLUMNS = [
    Column("Use case", "use_case.name"),
    Column("Framework", lambda a: Framework(a.checklist.framework).label),
    Column("Checklist version", "checklist.version"),
    Column("Status", lambda a: a.get_status_display()),
    Column("Items", "item_count"),
    Column("Unanswered", "unanswered_count"),
    Column("Owner", "owner"),
    Column("Signed off by", lambda a: a.signed_off_by.username if a.signed_off_by else ""),
    Column("Signed off at", "signed_off_at"),
    Column("Review date", "review_date"),
    Column("Overdue", "is_overdue"),
]


def assessment_for(org, pk: int) -> Assessment:
    return get_in_organisation(
        Assessment.objects.select_related("use_case__organisation", "checklist", "signed_off_by"),
        org,
        pk=pk,
    )


@organisation_view(Level.READ)
def assessment_list(request, org):
    filters = AssessmentFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    queryset = selectors.assessments(
        org,
        status=params.get("status", ""),
        framework=params.get("framework", ""),
        review=params.get("review", ""),
    )
    download = export_response(request, queryset, ASSESSMENT_COLUMNS, f"{org.slug}-ai-assessments")
    if download:
        return download
    return render(
        request,
        "ai/assessment_list.html",
        {
            "page_title": f"AI assessments: {org.name}",
            "org": org,
            "filters": filters,
            "page": paginate(request, queryset),
            "today": timezone.localdate(),
            "export_links": export_links(request),
        },
    )


@organisation_view(Level.WRITE)
def assessment_start(request, org, use_case_pk: int):
    use_case = use_case_for(org, use_case_pk)
    form = AssessmentStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_create(
                use_case=use_case, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{assessment.checklist} started.")
            return redirect("ai:assessment-tasks", org_slug=org.slug, assessment_pk=assessment.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": f"Assess {use_case.name}",
            "org": org,
            "form": form,
            "intro": "The assessment uses the newest version of the framework's checklist; "
            "later versions never change its items or answers.",
        },
    )


@organisation_view(Level.READ)
def assessment_detail(request, org, assessment_pk: int):
    assessment = assessment_for(org, assessment_pk)
    answers = list(assessment.answers.select_related("item").order_by("item__position"))
    is_dpia = assessment.checklist.framework == Framework.ICO_DPIA
    return render(
        request,
        "ai/assessment_detail.html",
        {
            "page_title": f"{Framework(assessment.checklist.framework).label}: {assessment.use_case.name}",
            "org": org,
            "assessment": assessment,
            "answers": answers,
            "dpia": screening_outcome(answers) if is_dpia else None,
            "unanswered": unanswered(assessment),
            "can_write": can(request.user, Level.WRITE, org),
            "can_admin": can(request.user, Level.ADMIN, org),
        },
    )


@organisation_view(Level.WRITE)
def assessment_answer_view(request, org, assessment_pk: int):
    assessment = assessment_for(org, assessment_pk)
    if not assessment.editable:
        messages.error(
            request,
            f"This assessment is {assessment.get_status_display().lower()}: an admin must send "
            "it back for changes before its answers change.",
        )
        return redirect("ai:assessment", org_slug=org.slug, assessment_pk=assessment.pk)
    if request.method != "POST":
        # Answered one item per page now (assessment_sections.py); posting the whole form here
        # still saves every answer at once, as before.
        return redirect("ai:assessment-tasks", org_slug=org.slug, assessment_pk=assessment.pk)
    answers = assessment.answers.select_related("item").order_by("item__position")
    form = AnswersForm(request.POST, answers=answers)
    if form.is_valid():
        try:
            assessment_answer(assessment=assessment, user=request.user, answers=form.by_item())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Answers saved.")
            return redirect("ai:assessment", org_slug=org.slug, assessment_pk=assessment.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": f"Answer: {assessment.checklist}",
            "org": org,
            "form": form,
            "intro": f"For {assessment.use_case.name}. Give evidence for each answer.",
        },
    )


@organisation_view(Level.WRITE)
def assessment_submit_view(request, org, assessment_pk: int):
    assessment = assessment_for(org, assessment_pk)
    if request.method == "POST":
        try:
            assessment_submit(assessment=assessment, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Submitted for sign-off by an admin.")
        return redirect("ai:assessment", org_slug=org.slug, assessment_pk=assessment.pk)
    return render(
        request,
        "ai/confirm.html",
        {
            "page_title": f"Submit {assessment.checklist} for sign-off?",
            "org": org,
            "button": "Submit for sign-off",
        },
    )


@organisation_view(Level.ADMIN)
def assessment_decide(request, org, assessment_pk: int):
    assessment = assessment_for(org, assessment_pk)
    form = AssessmentDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                assessment_approve(
                    assessment=assessment, user=request.user, review_date=data["review_date"]
                )
            else:
                assessment_return(assessment=assessment, user=request.user, notes=data["notes"])
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied:
            raise
        else:
            messages.success(request, f"Decision recorded: {assessment.get_status_display()}.")
            return redirect("ai:assessment", org_slug=org.slug, assessment_pk=assessment.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "page_title": f"Sign off {assessment.checklist}",
            "org": org,
            "form": form,
            "intro": f"For {assessment.use_case.name}. Approval needs every item answered.",
        },
    )


@organisation_view(Level.READ)
def assessment_history(request, org, assessment_pk: int):
    assessment = assessment_for(org, assessment_pk)
    return render(
        request,
        "core/history.html",
        {
            "page_title": f"History of {assessment}",
            "org": org,
            "record": assessment,
            "entries": combined_history(
                assessment,
                [
                    (f"answer to item {answer.item.key}", answer)
                    for answer in assessment.answers.select_related("item")
                ],
            ),
        },
    )
