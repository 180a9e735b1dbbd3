"""The rules of continuous-value reviews of contracts: pure, no database (services.reviews
records the reviews).

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
from typing import TYPE_CHECKING

from smarterstate.core.dates import add_months

if TYPE_CHECKING:  # for the annotations only: these rules read the fields, never the database
    from .models import Contract, ContractReview

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
