"""An assessment answered GOV.UK-style: task list, one item per page, check your answers.

The task list shows one task per checklist item with its status; each item's page has only
its four fields and its guidance, and saves through ``assessment_answer`` as the single page
does ("Save and continue" goes to the next item, "Save and come back later" to the task
list). "Check your answers" checks the whole assessment with the single page's form
(``AnswersForm``, the same rules) and submits it through ``assessment_submit``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from smarterstate.authz import Level
from smarterstate.authz.views import organisation_view
from smarterstate.core.forms import apply_errors

from .. import sections
from ..forms import AnswersForm
from ..forms_sections import SectionForm
from ..guidance import framework_text
from ..models import Framework
from ..services.assessments import ANSWER_FIELDS, assessment_answer, assessment_submit
from .assessments import assessment_for

LATER = "later"


def _closed(request, org, assessment):
    """The assessment is submitted or approved: say so and show it (as the single page does)."""
    messages.error(
        request,
        f"This assessment is {assessment.get_status_display().lower()}: an admin must send "
        "it back for changes before its answers change.",
    )
    return redirect("ai:assessment", org_slug=org.slug, assessment_pk=assessment.pk)


def _context(org, assessment, **extra) -> dict:
    return {
        "org": org,
        "assessment": assessment,
        "framework_label": Framework(assessment.checklist.framework).label,
        "text": framework_text(assessment.checklist.framework),
        **extra,
    }


@organisation_view(Level.WRITE)
def assessment_tasks(request, org, assessment_pk: int):
    assessment = assessment_for(org, assessment_pk)
    if not assessment.editable:
        return _closed(request, org, assessment)
    all_sections = sections.assessment_sections(assessment)
    counts = sections.counts(all_sections)
    return render(
        request,
        "ai/assessment_tasks.html",
        _context(
            org,
            assessment,
            page_title=f"Answer the {assessment.checklist}",
            groups=sections.grouped(all_sections),
            total=len(all_sections),
            completed=counts[sections.COMPLETED],
        ),
    )


@organisation_view(Level.WRITE)
def assessment_section(request, org, assessment_pk: int, item_key: str):
    assessment = assessment_for(org, assessment_pk)
    if not assessment.editable:
        return _closed(request, org, assessment)
    all_sections = sections.assessment_sections(assessment)
    section = sections.find(all_sections, item_key)
    if section is None:
        raise Http404(f"No item {item_key} in this assessment's checklist.")
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        answer=section.answer,
        use_case_name=assessment.use_case.name,
        framework=assessment.checklist.framework,
    )
    text = framework_text(assessment.checklist.framework)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_answer(assessment=assessment, user=request.user, answers=form.values())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if request.POST.get("action") == LATER:
                messages.success(
                    request,
                    f"Your answer to {text.noun} {section.number} is saved. You can come back "
                    "to this assessment at any time.",
                )
                return redirect(
                    "ai:assessment-tasks", org_slug=org.slug, assessment_pk=assessment.pk
                )
            after = sections.following(all_sections, section)
            if after is None:
                return redirect(
                    "ai:assessment-check", org_slug=org.slug, assessment_pk=assessment.pk
                )
            return redirect(
                "ai:assessment-section",
                org_slug=org.slug,
                assessment_pk=assessment.pk,
                item_key=after.key,
            )
    return render(
        request,
        "ai/assessment_section.html",
        _context(
            org,
            assessment,
            page_title=f"{text.noun.capitalize()} {section.number}: {section.title}",
            section=section,
            total=len(all_sections),
            guidance=sections.guidance(assessment, section),
            form=form,
        ),
    )


def _check_errors(org, assessment, form: AnswersForm, all_sections) -> list[dict]:
    """The whole form's errors, each linking to the field on its item's page."""
    by_item = {section.answer.item_id: section for section in all_sections}
    noun = framework_text(assessment.checklist.framework).noun
    errors = []
    for name, messages_ in form.errors.items():
        if name == "__all__":
            errors += [{"text": str(message), "href": ""} for message in messages_]
            continue
        item_id = int(name.split("_")[1])
        section = by_item[item_id]
        page = reverse(
            "ai:assessment-section",
            kwargs={"org_slug": org.slug, "assessment_pk": assessment.pk, "item_key": section.key},
        )
        for message in messages_:
            errors.append(
                {
                    "text": f"{noun.capitalize()} {section.number}, {name.rsplit('_', 1)[1]}: "
                    f"{message}",
                    "href": f"{page}#id_{name}",
                }
            )
    return errors


@organisation_view(Level.WRITE)
def assessment_check(request, org, assessment_pk: int):
    assessment = assessment_for(org, assessment_pk)
    if not assessment.editable:
        return _closed(request, org, assessment)
    all_sections = sections.assessment_sections(assessment)
    answers = [section.answer for section in all_sections]
    errors: list[dict] = []
    if request.method == "POST":
        # The stored answers through the single page's form: what it refuses is refused here.
        stored = {
            f"item_{answer.item_id}_{name}": getattr(answer, name)
            for answer in answers
            for name in ANSWER_FIELDS
        }
        form = AnswersForm(stored, answers=answers)
        if form.is_valid():
            try:
                assessment_submit(assessment=assessment, user=request.user)
            except ValidationError as exc:
                errors = [{"text": message, "href": ""} for message in exc.messages]
            else:
                messages.success(request, "Submitted for sign-off by an admin.")
                return redirect("ai:assessment", org_slug=org.slug, assessment_pk=assessment.pk)
        else:
            errors = _check_errors(org, assessment, form, all_sections)
    counts = sections.counts(all_sections)
    return render(
        request,
        "ai/assessment_check.html",
        _context(
            org,
            assessment,
            page_title=f"Check your answers: {assessment.checklist}",
            sections=all_sections,
            unanswered=len(all_sections) - counts[sections.COMPLETED],
            errors=errors,
        ),
    )
