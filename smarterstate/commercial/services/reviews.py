"""Writes for continuous-value reviews of contracts and notes on processes.

Reviews and notes belong to the organisation that writes them; the views and the API check
WRITE on the buying organisation before calling these. A review's score and next review date
follow the rules in commercial.reviews.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ..models import Contract, ContractReview, Process, ProcessNote
from ..reviews import CHECKLIST, default_next_review_date, review_score

REVIEW_FIELDS = (*CHECKLIST, "kpis_recorded", "notes", "review_date", "next_review_date")


def _apply(review: ContractReview, *, next_given: bool) -> ContractReview:
    review.score = review_score(review)
    if not next_given:
        review.next_review_date = default_next_review_date(review)
    # The checklist fields are nullable ("not known") but not blank=True, which full_clean
    # would refuse; None is a valid answer, so those fields are left out of the check.
    review.full_clean(exclude=[name for name in CHECKLIST if getattr(review, name) is None])
    review.save()
    return review


@transaction.atomic
def contract_review_create(*, contract: Contract, user, **data) -> ContractReview:
    """Record a review of ``contract`` for the organisation that buys it."""
    unknown = set(data) - set(REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"unknown review fields: {sorted(unknown)}")
    review = ContractReview(
        contract=contract,
        organisation=contract.process.organisation,
        reviewer=user,
        review_date=data.pop("review_date", None) or dt.date.today(),
        **{k: v for k, v in data.items() if k != "next_review_date"},
    )
    review.next_review_date = data.get("next_review_date")
    review._change_reason = "Review recorded"
    return _apply(review, next_given=bool(data.get("next_review_date")))


@transaction.atomic
def contract_review_update(*, review: ContractReview, user, **data) -> ContractReview:
    unknown = set(data) - set(REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"unknown review fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(review, name, value)
    review.reviewer = user
    # Keep a date someone chose; recompute one that was left empty.
    return _apply(review, next_given=bool(review.next_review_date))


@transaction.atomic
def contract_review_delete(*, review: ContractReview, user) -> None:
    review.delete()


@transaction.atomic
def process_note_create(*, process: Process, organisation, user, text: str) -> ProcessNote:
    note = ProcessNote(process=process, organisation=organisation, author=user, text=text.strip())
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def process_note_delete(*, note: ProcessNote, user) -> None:
    note.delete()
