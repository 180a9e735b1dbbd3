"""Writes for continuous-value reviews of contracts and notes on processes.

Reviews and notes belong to the organisation that writes them; the views and
the API check WRITE on the buying organisation before calling these.

The score is the share of the seven checklist items met, 0–100:

1. the vendor roadmap was delivered since the last review;
2. an innovation or technology refresh clause is present;
3. an exit plan exists;
4. the exit plan was tested;
5. data can be moved to another supplier;
6. the contract uses open standards;
7. enough KPIs are recorded: at least 3 for a contract worth over £5m
   (Procurement Act 2023 s.52), at least 1 otherwise.

An unanswered item (None) counts as not met: what nobody can vouch for is not
yet evidence of value. The next review falls 6 months after the review when
the score is under 60 or the KPI rule is broken, else 12 months after.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from smarterstate.core.dates import add_months

from ..models import Contract, ContractReview, Process, ProcessNote

KPI_RULE_THRESHOLD = Decimal("5000000")
KPI_RULE_MINIMUM = 3
CHECKLIST = (
    "roadmap_delivered",
    "refresh_clause",
    "exit_plan_exists",
    "exit_plan_tested",
    "data_portability",
    "open_standards",
)
REVIEW_FIELDS = (*CHECKLIST, "kpis_recorded", "notes", "review_date", "next_review_date")
LOW_SCORE = 60


def kpi_rule_applies(contract: Contract) -> bool:
    """Contracts over £5m must have at least 3 KPIs (Procurement Act 2023 s.52)."""
    return contract.value is not None and contract.value > KPI_RULE_THRESHOLD


def kpi_gap(contract: Contract, kpis_recorded: int) -> bool:
    return kpi_rule_applies(contract) and kpis_recorded < KPI_RULE_MINIMUM


def review_score(review: ContractReview) -> int:
    met = sum(1 for name in CHECKLIST if getattr(review, name) is True)
    needed = KPI_RULE_MINIMUM if kpi_rule_applies(review.contract) else 1
    met += 1 if (review.kpis_recorded or 0) >= needed else 0
    return round(100 * met / (len(CHECKLIST) + 1))


def default_next_review_date(review: ContractReview) -> dt.date:
    months = 6 if review.score < LOW_SCORE or kpi_gap(review.contract, review.kpis_recorded) else 12
    return add_months(review.review_date, months)


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
