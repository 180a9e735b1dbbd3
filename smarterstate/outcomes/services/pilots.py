"""Pilots, their success criteria and decisions, and the innovation fund ledger.

Fail fast and reinvest: when a pilot's time-box ends a decision is due — scale, iterate
(with a new time-box) or stop. Stopping releases the pilot's unspent budget into the
organisation's innovation fund; allocating from the fund to a pilot or initiative is a
ledger entry that adds to its budget. The fund row is locked (``select_for_update``) for
every entry, and no entry or decision may take the balance below zero.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import (
    EntryKind,
    FundEntry,
    Initiative,
    InnovationFund,
    Kind,
    Outcome,
    Pilot,
    PilotDecision,
    PilotDecisionRecord,
    SuccessCriterion,
)
from .initiatives import initiative_new

ZERO = Decimal("0")


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{day.isoformat()} is in the future."})


# -- the fund ------------------------------------------------------------------------------


def fund_locked(organisation) -> InnovationFund:
    """The organisation's fund, created if need be, locked until the transaction ends."""
    InnovationFund.objects.get_or_create(organisation=organisation)
    return InnovationFund.objects.select_for_update().get(organisation=organisation)


def _entry(
    *,
    organisation,
    kind: str,
    amount: Decimal,
    entry_date: dt.date,
    note: str = "",
    pilot: Pilot | None = None,
    initiative: Initiative | None = None,
    user=None,
) -> FundEntry:
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"amount": "Give an amount above £0."})
    _not_future(entry_date, "entry_date")
    fund = fund_locked(organisation)
    balance = fund.balance + amount if kind != EntryKind.ALLOCATION else fund.balance - amount
    if balance < 0:
        raise ValidationError(
            {"amount": f"The innovation fund holds £{fund.balance:,.2f}; it cannot go below zero."}
        )
    entry = FundEntry(
        fund=fund,
        organisation=organisation,
        kind=kind,
        amount=amount,
        entry_date=entry_date,
        note=note,
        pilot=pilot,
        initiative=initiative,
        balance_after=balance,
        created_by=user,
    )
    entry.full_clean()
    fund.balance = balance
    fund.full_clean()
    fund.save(update_fields=["balance"])
    entry.save()
    return entry


@transaction.atomic
def fund_deposit(
    *, organisation, amount: Decimal, entry_date: dt.date | None = None, note: str = "", user=None
) -> FundEntry:
    """Money paid into the fund from elsewhere (an opening balance, a grant)."""
    return _entry(
        organisation=organisation,
        kind=EntryKind.DEPOSIT,
        amount=amount,
        entry_date=entry_date or timezone.localdate(),
        note=note,
        user=user,
    )


@transaction.atomic
def fund_allocate(
    *,
    organisation,
    initiative: Initiative,
    amount: Decimal,
    entry_date: dt.date | None = None,
    note: str = "",
    user=None,
) -> FundEntry:
    """Reinvest: move money from the fund into an initiative's (or pilot's) budget."""
    if initiative.organisation_id != organisation.pk:
        raise ValidationError({"initiative": "Allocate only to your organisation's initiatives."})
    pilot = getattr(initiative, "pilot", None) if initiative.kind == Kind.PILOT else None
    if pilot is not None and pilot.decision == PilotDecision.STOP:
        raise ValidationError({"initiative": "This pilot was stopped; allocate to live work."})
    entry = _entry(
        organisation=organisation,
        kind=EntryKind.ALLOCATION,
        amount=amount,
        entry_date=entry_date or timezone.localdate(),
        note=note,
        initiative=initiative,
        user=user,
    )
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    initiative.budget += entry.amount
    initiative.full_clean()
    initiative._change_reason = f"£{entry.amount:,.2f} allocated from the innovation fund"
    initiative.save(update_fields=["budget", "updated_at"])
    return entry


# -- pilots --------------------------------------------------------------------------------


@transaction.atomic
def pilot_create(
    *,
    organisation,
    name: str,
    hypothesis: str,
    timebox_start: dt.date,
    timebox_end: dt.date,
    budget: Decimal = ZERO,
    from_fund: Decimal = ZERO,
    parent: Initiative | None = None,
    senior_responsible_owner: str = "",
    team: str = "",
    description: str = "",
    user=None,
) -> Pilot:
    """A pilot: its own budget, plus ``from_fund`` allocated from the innovation fund."""
    if timebox_end <= timebox_start:
        raise ValidationError({"timebox_end": "The time-box must end after it starts."})
    initiative = initiative_new(
        organisation=organisation,
        phase="alpha",
        data={
            "name": name,
            "kind": Kind.PILOT,
            "parent": parent,
            "description": description,
            "senior_responsible_owner": senior_responsible_owner,
            "team": team,
            "budget": Decimal(budget or 0),
            "start_date": timebox_start,
            "end_date": timebox_end,
        },
    )
    pilot = Pilot(
        initiative=initiative,
        organisation=organisation,
        hypothesis=hypothesis,
        timebox_start=timebox_start,
        timebox_end=timebox_end,
    )
    pilot.full_clean()
    pilot.save()
    if from_fund:
        try:
            fund_allocate(
                organisation=organisation,
                initiative=initiative,
                amount=Decimal(from_fund),
                entry_date=min(timebox_start, timezone.localdate()),
                note=f"Allocated to new pilot {name}",
                user=user,
            )
        except ValidationError as exc:
            raise ValidationError({"from_fund": exc.messages}) from exc
        pilot.initiative.refresh_from_db()
    return pilot


@transaction.atomic
def success_criterion_add(
    *, pilot: Pilot, outcome: Outcome, description: str, threshold: Decimal | None = None, user=None
) -> SuccessCriterion:
    if outcome.initiative_id != pilot.initiative_id:
        raise ValidationError({"outcome": "Choose one of this pilot's own outcome measures."})
    criterion = SuccessCriterion(
        pilot=pilot, outcome=outcome, description=description, threshold=threshold
    )
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def pilot_decide(
    *,
    pilot: Pilot,
    decision: str,
    evidence: str,
    decided_on: dt.date | None = None,
    new_timebox_end: dt.date | None = None,
    funding: Decimal = ZERO,
    user=None,
) -> PilotDecisionRecord:
    """Scale, iterate or stop a pilot, with evidence.

    * iterate needs a new time-box end after the decision;
    * stop releases the unspent budget (budget − spend) into the fund and records it as
      ``released``; the budget stays as it was agreed (the pages show budget, spend and
      released side by side); a stopped pilot takes no more decisions or money;
    * scale and iterate may take ``funding`` from the fund, which must hold it.
    """
    pilot = Pilot.objects.select_for_update().select_related("initiative").get(pk=pilot.pk)
    decided_on = decided_on or timezone.localdate()
    funding = Decimal(funding or 0)
    errors = _decision_errors(
        pilot=pilot,
        decision=decision,
        evidence=evidence,
        decided_on=decided_on,
        new_timebox_end=new_timebox_end,
        funding=funding,
    )
    if errors:
        raise ValidationError(errors)
    record = PilotDecisionRecord(
        pilot=pilot,
        decision=decision,
        decided_on=decided_on,
        evidence=evidence.strip(),
        new_timebox_end=new_timebox_end,
        decided_by=user,
    )
    record.full_clean()
    record.save()
    _apply_decision(pilot=pilot, record=record, user=user)
    if funding:
        _fund_decision(pilot=pilot, record=record, funding=funding, user=user)
    return record


def _decision_errors(
    *,
    pilot: Pilot,
    decision: str,
    evidence: str,
    decided_on: dt.date,
    new_timebox_end: dt.date | None,
    funding: Decimal,
) -> dict[str, str]:
    """What is wrong with a decision, by field (empty when it may be taken)."""
    errors: dict[str, str] = {}
    if not pilot.is_open:
        errors["decision"] = f"This pilot was already decided: {pilot.get_decision_display()}."
    elif decision not in PilotDecision.values:
        errors["decision"] = "Choose scale, iterate or stop."
    if not (evidence or "").strip():
        errors["evidence"] = "Record the evidence the decision rests on."
    if decided_on > timezone.localdate():
        errors["decided_on"] = "A decision cannot be dated in the future."
    elif decided_on < pilot.timebox_start:
        errors["decided_on"] = "The decision cannot come before the pilot started."
    if decision == PilotDecision.ITERATE:
        if new_timebox_end is None:
            errors["new_timebox_end"] = "Iterating needs a new end to the time-box."
        elif new_timebox_end <= decided_on:
            errors["new_timebox_end"] = "The new time-box must end after the decision."
    elif new_timebox_end is not None:
        errors["new_timebox_end"] = "Only an iterate decision sets a new time-box."
    if funding < 0:
        errors["funding"] = "Give an amount of £0 or more."
    elif funding and decision == PilotDecision.STOP:
        errors["funding"] = "A stopped pilot takes no more money."
    return errors


def _apply_decision(*, pilot: Pilot, record: PilotDecisionRecord, user) -> None:
    """The pilot and its initiative after the decision: a new time-box (iterate), or the
    unspent budget released to the fund and the initiative ended (stop)."""
    decision, decided_on = record.decision, record.decided_on
    pilot.decision = decision
    pilot.decided_on = decided_on
    initiative = pilot.initiative
    if decision == PilotDecision.ITERATE:
        pilot.timebox_end = record.new_timebox_end
        initiative.end_date = record.new_timebox_end
    if decision == PilotDecision.STOP:
        pilot.released = _release_unspent(pilot=pilot, decided_on=decided_on, user=user)
        initiative.end_date = decided_on
    pilot._change_reason = f"Decision: {record.get_decision_display()}"
    pilot.save()
    initiative.full_clean()
    initiative._change_reason = f"Pilot decision: {record.get_decision_display()}"
    initiative.save()


def _release_unspent(*, pilot: Pilot, decided_on: dt.date, user) -> Decimal:
    """Release a stopped pilot's unspent budget into the fund; return the amount."""
    initiative = pilot.initiative
    unspent = initiative.unspent
    if unspent > 0:
        _entry(
            organisation=pilot.organisation,
            kind=EntryKind.RELEASE,
            amount=unspent,
            entry_date=decided_on,
            note=f"Unspent budget of stopped pilot {initiative.name}",
            pilot=pilot,
            user=user,
        )
    return unspent


def _fund_decision(*, pilot: Pilot, record: PilotDecisionRecord, funding: Decimal, user) -> None:
    """Allocate the funding a scale or iterate decision takes from the fund."""
    try:
        fund_allocate(
            organisation=pilot.organisation,
            initiative=pilot.initiative,
            amount=funding,
            entry_date=record.decided_on,
            note=f"Funding to {record.get_decision_display().lower()} {pilot.initiative.name}",
            user=user,
        )
    except ValidationError as exc:
        raise ValidationError({"funding": exc.messages}) from exc
