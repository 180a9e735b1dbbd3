"""Pilot decisions and the innovation fund ledger: stop releases, allocations, never negative."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from smarterstate.outcomes import selectors
from smarterstate.outcomes.models import EntryKind, FundEntry, InnovationFund, Pilot
from smarterstate.outcomes.services import initiatives, outcomes, pilots

from . import factories as f


def _spend(pilot, amount):
    initiatives.initiative_update(initiative=pilot.initiative, spend=Decimal(amount))


def test_stopping_releases_the_unspent_budget_into_the_fund(org_a, editor_a):
    pilot = f.pilot(org_a, budget=Decimal("50000"))
    _spend(pilot, "18000")
    record = pilots.pilot_decide(pilot=pilot, decision="stop", evidence="No uptake.", user=editor_a)
    pilot.refresh_from_db()
    assert (pilot.decision, pilot.released) == ("stop", Decimal("32000"))
    assert pilot.initiative.budget == Decimal("50000")  # the agreed budget is kept
    entry = FundEntry.objects.get(pilot=pilot)
    assert (entry.kind, entry.amount, entry.balance_after) == (
        "release",
        Decimal("32000"),
        Decimal("32000"),
    )
    assert InnovationFund.objects.get(organisation=org_a).balance == Decimal("32000")
    assert record.decided_by == editor_a


def test_a_stopped_pilot_takes_no_more_decisions(org_a):
    pilot = f.pilot(org_a)
    pilots.pilot_decide(pilot=pilot, decision="stop", evidence="Failed fast.")
    with pytest.raises(ValidationError) as exc:
        pilots.pilot_decide(pilot=pilot, decision="stop", evidence="Again")
    assert "decision" in exc.value.message_dict
    assert FundEntry.objects.filter(pilot=pilot).count() == 1, "released once only"


def test_iterate_needs_a_new_time_box_and_keeps_the_pilot_open(org_a):
    pilot = f.pilot(org_a, days_left=-5)
    assert Pilot.objects.overdue(f.TODAY).filter(pk=pilot.pk).exists()
    with pytest.raises(ValidationError) as exc:
        pilots.pilot_decide(pilot=pilot, decision="iterate", evidence="Promising.")
    assert "new_timebox_end" in exc.value.message_dict
    new_end = f.TODAY + dt.timedelta(days=60)
    pilots.pilot_decide(
        pilot=pilot, decision="iterate", evidence="Promising.", new_timebox_end=new_end
    )
    pilot.refresh_from_db()
    assert (pilot.decision, pilot.timebox_end, pilot.is_open) == ("iterate", new_end, True)
    assert not Pilot.objects.overdue(f.TODAY).filter(pk=pilot.pk).exists()


def test_decisions_need_evidence_and_a_real_date(org_a):
    pilot = f.pilot(org_a)
    with pytest.raises(ValidationError) as exc:
        pilots.pilot_decide(
            pilot=pilot, decision="scale", evidence="  ", decided_on=f.TODAY + dt.timedelta(days=1)
        )
    assert {"evidence", "decided_on"} <= set(exc.value.message_dict)


def test_pilots_past_their_time_box_without_a_decision_are_overdue(org_a):
    late = f.pilot(org_a, name="Late", days_left=-1)
    f.pilot(org_a, name="Running", days_left=10)
    decided = f.pilot(org_a, name="Decided", days_left=-1)
    pilots.pilot_decide(pilot=decided, decision="scale", evidence="It worked.")
    assert list(Pilot.objects.overdue(f.TODAY)) == [late]


def test_the_fund_never_goes_below_zero(org_a):
    target = f.initiative(org_a)
    with pytest.raises(ValidationError) as exc:
        pilots.fund_allocate(organisation=org_a, initiative=target, amount=Decimal("1"))
    assert "amount" in exc.value.message_dict
    pilots.fund_deposit(organisation=org_a, amount=Decimal("100"), note="Opening balance")
    with pytest.raises(ValidationError):
        pilots.fund_allocate(organisation=org_a, initiative=target, amount=Decimal("100.01"))
    entry = pilots.fund_allocate(organisation=org_a, initiative=target, amount=Decimal("100"))
    assert entry.balance_after == Decimal("0")
    target.refresh_from_db()
    assert target.budget == Decimal("100100")


def test_a_decision_cannot_take_more_funding_than_the_fund_holds(org_a):
    pilot = f.pilot(org_a)
    pilots.fund_deposit(organisation=org_a, amount=Decimal("500"))
    with pytest.raises(ValidationError) as exc:
        pilots.pilot_decide(
            pilot=pilot, decision="scale", evidence="Worked", funding=Decimal("501")
        )
    assert "funding" in exc.value.message_dict
    pilot.refresh_from_db()
    assert pilot.decision == "", "the whole decision is rolled back"
    pilots.pilot_decide(pilot=pilot, decision="scale", evidence="Worked", funding=Decimal("500"))
    assert InnovationFund.objects.get(organisation=org_a).balance == 0


def test_a_new_pilot_can_be_funded_from_the_fund_only_as_far_as_it_goes(org_a):
    old = f.pilot(org_a, name="Old", budget=Decimal("1000"))
    pilots.pilot_decide(pilot=old, decision="stop", evidence="No.")
    with pytest.raises(ValidationError):
        f.pilot(org_a, name="Too greedy", from_fund=Decimal("1000.01"))
    new = f.pilot(org_a, name="New", budget=Decimal("0"), from_fund=Decimal("600"))
    assert new.initiative.budget == Decimal("600")
    assert InnovationFund.objects.get(organisation=org_a).balance == Decimal("400")


def test_allocations_stay_within_the_organisation(org_a, org_b):
    pilots.fund_deposit(organisation=org_a, amount=Decimal("100"))
    with pytest.raises(ValidationError) as exc:
        pilots.fund_allocate(
            organisation=org_a, initiative=f.initiative(org_b), amount=Decimal("10")
        )
    assert "initiative" in exc.value.message_dict


def test_the_ledger_shows_sources_uses_and_time_to_reinvest(org_a):
    stopped = f.pilot(org_a, name="Stopped", budget=Decimal("1000"))
    pilots.pilot_decide(
        pilot=stopped, decision="stop", evidence="No.", decided_on=f.TODAY - dt.timedelta(days=20)
    )
    pilots.fund_allocate(
        organisation=org_a,
        initiative=f.initiative(org_a),
        amount=Decimal("400"),
        entry_date=f.TODAY - dt.timedelta(days=5),
    )
    ledger = selectors.ledger(org_a)
    assert ledger["balance"] == Decimal("600")
    assert (ledger["released"], ledger["allocated"]) == (Decimal("1000"), Decimal("400"))
    (source,) = ledger["sources"]
    assert (source.reinvested, source.days_to_first_use) == (Decimal("400"), 15)
    assert ledger["average_days_to_reinvest"] == 15
    assert [e.kind for e in ledger["entries"]] == [EntryKind.RELEASE, EntryKind.ALLOCATION]


def test_success_criteria_are_tied_to_the_pilots_own_outcomes(org_a):
    pilot = f.pilot(org_a)
    measure = f.outcome(pilot.initiative)
    other = f.outcome(f.initiative(org_a, name="Other"))
    with pytest.raises(ValidationError):
        pilots.success_criterion_add(pilot=pilot, outcome=other, description="x")
    criterion = pilots.success_criterion_add(
        pilot=pilot, outcome=measure, description="Half online", threshold=Decimal("60")
    )
    assert criterion.met is None
    outcomes.measurement_record(outcome=measure, date=f.TODAY, value="61")
    criterion.outcome.refresh_from_db()
    assert criterion.met is True
