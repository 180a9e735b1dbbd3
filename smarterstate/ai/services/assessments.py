"""Writes for checklist assessments, and the ICO DPIA screening rule.

Workflow: draft → submitted → approved or needs changes (→ edited → submitted …).
Answers change only in draft or needs changes. Sign-off (approve or send back)
is for the organisation's admins; approving needs every item answered and sets
the review date (12 months on unless given), after which the assessment is due again.

DPIA screening (ICO): any "always" item that applies → DPIA required; two or more
"consider" items that apply → DPIA likely required. "Yes" and "Partly" apply.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from smarterstate.authz import Level, can
from smarterstate.core.dates import add_months

from ..models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Checklist,
    Framework,
    UseCase,
)
from .checklists import current_checklist

ANSWER_FIELDS = ("answer", "evidence", "owner", "notes")
REVIEW_MONTHS = 12


@transaction.atomic
def assessment_create(
    *, use_case: UseCase, user, framework: str, owner: str = "", checklist: Checklist | None = None
) -> Assessment:
    """Start an assessment on the newest version of the framework's checklist."""
    if framework not in Framework.values:
        raise ValidationError({"framework": [f"Choose one of: {', '.join(Framework.values)}."]})
    checklist = checklist or current_checklist(framework)
    assessment = Assessment(use_case=use_case, checklist=checklist, owner=owner)
    assessment.full_clean()
    assessment._change_reason = "Assessment started"
    assessment.save()
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item=item) for item in checklist.items.all()
    )
    return assessment


def _editable(assessment: Assessment) -> None:
    if not assessment.editable:
        raise ValidationError(
            f"This assessment is {assessment.get_status_display().lower()}: "
            "answers change only in draft or when changes are needed."
        )


@transaction.atomic
def answer_update(*, item_answer: Answer, user, **data) -> Answer:
    """Change one answer (fields: answer, evidence, owner, notes)."""
    unknown = set(data) - set(ANSWER_FIELDS)
    if unknown:
        raise TypeError(f"unknown answer fields: {sorted(unknown)}")
    _editable(item_answer.assessment)
    changed = False
    for name, value in data.items():
        if getattr(item_answer, name) != value:
            setattr(item_answer, name, value)
            changed = True
    if changed:
        item_answer.full_clean()
        item_answer.save()
    return item_answer


@transaction.atomic
def assessment_answer(*, assessment: Assessment, user, answers: dict[int, dict]) -> Assessment:
    """Save several answers at once: {item id: {answer, evidence, owner, notes}}."""
    _editable(assessment)
    by_item = {answer.item_id: answer for answer in assessment.answers.select_related("item")}
    for item_id, data in answers.items():
        if item_id not in by_item:
            raise ValidationError(f"Item {item_id} is not in this assessment's checklist.")
        answer_update(item_answer=by_item[item_id], user=user, **data)
    return assessment


@transaction.atomic
def assessment_update(*, assessment: Assessment, user, owner=None, notes=None) -> Assessment:
    if owner is not None:
        assessment.owner = owner
    if notes is not None:
        assessment.notes = notes
    assessment.full_clean()
    assessment.save()
    return assessment


def unanswered(assessment: Assessment) -> list[str]:
    return [
        f"{answer.item.key}. {answer.item.text}"
        for answer in assessment.answers.select_related("item").order_by("item__position")
        if not answer.answer
    ]


def _transition(assessment: Assessment, status: str, reason: str) -> Assessment:
    assessment.status = status
    assessment._change_reason = reason
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user) -> Assessment:
    _editable(assessment)
    return _transition(assessment, AssessmentStatus.SUBMITTED, "Submitted for sign-off")


def _check_admin(assessment: Assessment, user) -> None:
    if not can(user, Level.ADMIN, assessment.use_case.organisation):
        raise PermissionDenied("Only the organisation's admins sign off assessments.")


@transaction.atomic
def assessment_approve(
    *, assessment: Assessment, user, review_date: dt.date | None = None
) -> Assessment:
    """Sign off: refused, with the items listed, while any item is unanswered."""
    _check_admin(assessment, user)
    if assessment.status not in (AssessmentStatus.SUBMITTED, AssessmentStatus.DRAFT):
        raise ValidationError(
            f"Only draft or submitted assessments can be approved; this one is "
            f"{assessment.get_status_display().lower()}."
        )
    missing = unanswered(assessment)
    if missing:
        raise ValidationError(
            f"{len(missing)} item(s) are unanswered: " + "; ".join(missing),
            code="unanswered",
        )
    today = timezone.localdate()
    if review_date is not None and review_date <= today:
        raise ValidationError({"review_date": ["The review date must be in the future."]})
    assessment.signed_off_by = user
    assessment.signed_off_at = timezone.now()
    assessment.review_date = review_date or add_months(today, REVIEW_MONTHS)
    return _transition(assessment, AssessmentStatus.APPROVED, "Approved")


@transaction.atomic
def assessment_return(*, assessment: Assessment, user, notes: str = "") -> Assessment:
    """Send back for changes (or reopen an approved assessment that is due again)."""
    _check_admin(assessment, user)
    if notes:
        assessment.notes = (assessment.notes + "\n\n" + notes).strip()
    assessment.signed_off_by = None
    assessment.signed_off_at = None
    return _transition(assessment, AssessmentStatus.NEEDS_CHANGES, "Changes needed")
