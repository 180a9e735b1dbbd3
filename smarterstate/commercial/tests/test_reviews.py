"""Continuous-value reviews: score from the checklist, the £5m KPI rule, next review dates, history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from smarterstate.commercial.reviews import kpi_gap
from smarterstate.commercial.services.reviews import (
    contract_review_create,
    contract_review_update,
    process_note_create,
)
from smarterstate.commercial.tests.factories import (
    BuyerMappingFactory,
    ContractFactory,
    ProcessFactory,
)

ALL_YES = dict.fromkeys(
    [
        "roadmap_delivered",
        "refresh_clause",
        "exit_plan_exists",
        "exit_plan_tested",
        "data_portability",
        "open_standards",
    ],
    True,
)


@pytest.fixture
def contract(org_a):
    buyer = BuyerMappingFactory(organisation=org_a).party
    return ContractFactory(process=ProcessFactory(buyer=buyer), value=Decimal("200000"))


@pytest.fixture
def big_contract(org_a):
    buyer = BuyerMappingFactory(organisation=org_a).party
    return ContractFactory(process=ProcessFactory(buyer=buyer), value=Decimal("6000000"))


def test_a_review_with_every_check_met_scores_100_and_is_due_in_12_months(contract, editor_a):
    review = contract_review_create(
        contract=contract,
        user=editor_a,
        review_date=dt.date(2025, 1, 31),
        kpis_recorded=1,
        **ALL_YES,
    )
    assert review.score == 100
    assert review.organisation == contract.process.organisation
    assert review.reviewer == editor_a
    assert review.next_review_date == dt.date(2026, 1, 31)


def test_unanswered_checks_count_as_not_met(contract, editor_a):
    review = contract_review_create(
        contract=contract, user=editor_a, review_date=dt.date(2025, 8, 31), kpis_recorded=1
    )
    assert review.roadmap_delivered is None
    assert review.score == round(100 / 7)
    # A low score brings the next review forward to 6 months, clamped to February's end.
    assert review.next_review_date == dt.date(2026, 2, 28)


def test_a_contract_over_5m_needs_three_kpis(big_contract, editor_a):
    review = contract_review_create(
        contract=big_contract,
        user=editor_a,
        review_date=dt.date(2025, 1, 1),
        kpis_recorded=2,
        **ALL_YES,
    )
    assert kpi_gap(big_contract, review.kpis_recorded)
    assert review.score == round(100 * 6 / 7)
    assert review.next_review_date == dt.date(2025, 7, 1)  # 6 months: the KPI rule is broken

    review = contract_review_update(
        review=review, user=editor_a, kpis_recorded=3, next_review_date=None
    )
    assert not kpi_gap(big_contract, review.kpis_recorded)
    assert review.score == 100
    assert review.next_review_date == dt.date(2026, 1, 1)


def test_a_chosen_next_review_date_is_kept(contract, editor_a):
    review = contract_review_create(
        contract=contract,
        user=editor_a,
        review_date=dt.date(2025, 1, 1),
        next_review_date=dt.date(2025, 3, 1),
        kpis_recorded=0,
    )
    assert review.next_review_date == dt.date(2025, 3, 1)


def test_changes_are_kept_in_the_history(contract, editor_a, admin_a):
    review = contract_review_create(contract=contract, user=editor_a, kpis_recorded=0)
    contract_review_update(review=review, user=admin_a, kpis_recorded=4, notes="Better")
    history = list(review.history.order_by("history_date"))
    assert [h.kpis_recorded for h in history] == [0, 4]
    assert history[-1].notes == "Better"


def test_a_contract_without_an_organisation_cannot_be_reviewed(editor_a):
    contract = ContractFactory()
    assert contract.process.organisation is None
    with pytest.raises(ValidationError):
        contract_review_create(contract=contract, user=editor_a, kpis_recorded=0)


def test_unknown_fields_are_refused(contract, editor_a):
    with pytest.raises(TypeError):
        contract_review_create(contract=contract, user=editor_a, score=100)


def test_a_note_belongs_to_the_writing_organisation(contract, editor_a, org_a):
    note = process_note_create(
        process=contract.process, organisation=org_a, user=editor_a, text="  Check the exit plan  "
    )
    assert note.organisation == org_a
    assert note.text == "Check the exit plan"
    with pytest.raises(ValidationError):
        process_note_create(process=contract.process, organisation=org_a, user=editor_a, text=" ")
