"""Phase gates: the only way an initiative's phase changes.

Rules (each tested):

* a gate goes from the initiative's current phase to the next one, or to retirement;
  nothing leaves retirement;
* a decision to go (with or without conditions) needs a measurable outcome — an
  initiative with no outcome that has a baseline and a target cannot pass (outcome first);
* "go with conditions" needs at least one condition, each with an owner and a due date;
  plain "go" takes none;
* services are assessed against the 14 points of the Service Standard at every gate but
  retirement: all 14 answered, and "go" only when all 14 are met;
* a stopped pilot passes no more gates.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..frameworks import service_standard
from ..models import (
    Decision,
    GateCondition,
    GateReview,
    Initiative,
    Kind,
    Phase,
    PilotDecision,
    StandardPointResult,
)

ORDER = [p.value for p in Phase]


def next_phases(phase: str) -> list[str]:
    """Where a gate from ``phase`` may lead: the next phase, and retirement."""
    if phase == Phase.RETIREMENT:
        return []
    following = ORDER[ORDER.index(phase) + 1]
    return [following] if following == Phase.RETIREMENT else [following, Phase.RETIREMENT]


def needs_assessment(initiative: Initiative, to_phase: str) -> bool:
    return initiative.kind == Kind.SERVICE and to_phase != Phase.RETIREMENT


@transaction.atomic
def gate_review_create(
    *,
    initiative: Initiative,
    to_phase: str,
    decision: str,
    panel: str,
    review_date: dt.date | None = None,
    notes: str = "",
    conditions: list[dict] | None = None,
    points: list[dict] | None = None,
    user=None,
) -> GateReview:
    """Record a gate review; when it passes, move the initiative to ``to_phase``.

    ``conditions`` are dicts of text, owner, due_date; ``points`` dicts of point (1–14),
    met (bool) and notes.
    """
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    conditions = conditions or []
    points = points or []
    review_date = review_date or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    _check_decision(initiative, to_phase, decision, review_date, error)
    _check_conditions(decision, conditions, review_date, error)
    _check_points(initiative, to_phase, decision, points, error)
    if errors:
        raise ValidationError(errors)

    gate = GateReview(
        initiative=initiative,
        organisation=initiative.organisation,
        from_phase=initiative.phase,
        to_phase=to_phase,
        review_date=review_date,
        panel=panel,
        decision=decision,
        notes=notes,
        created_by=user,
    )
    gate.full_clean()
    gate.save()
    _save_items(gate, conditions, points)
    if gate.passed:
        initiative.phase = to_phase
        initiative._change_reason = f"Gate review {gate.pk}: {gate.get_decision_display()}"
        initiative.save(update_fields=["phase", "updated_at"])
    return gate


def _check_decision(initiative, to_phase: str, decision: str, review_date: dt.date, error) -> None:
    """The gate leads to a next phase; a pass needs a measurable outcome (outcome first) and a
    pilot not stopped; reviews are recorded after they happen."""
    allowed = next_phases(initiative.phase)
    if to_phase not in allowed:
        if not allowed:
            error("to_phase", "A retired initiative has no further gates.")
        else:
            names = " or ".join(Phase(p).label.lower() for p in allowed)
            error(
                "to_phase", f"From {Phase(initiative.phase).label.lower()} a gate leads to {names}."
            )
    if decision not in Decision.values:
        error("decision", "Choose go, go with conditions or no go.")
    passing = decision in (Decision.GO, Decision.GO_WITH_CONDITIONS)
    if passing and not initiative.has_measurable_outcome:
        error(
            "decision",
            "Outcome first: this initiative has no outcome with a baseline and a target, "
            "so it cannot pass a gate. Record no go, or add a measurable outcome first.",
        )
    pilot = getattr(initiative, "pilot", None) if initiative.kind == Kind.PILOT else None
    if passing and pilot is not None and pilot.decision == PilotDecision.STOP:
        error("decision", "This pilot was stopped; it passes no more gates.")
    if review_date > timezone.localdate():
        error("review_date", "A gate review is recorded after it happens, not in the future.")


def _check_conditions(decision: str, conditions: list[dict], review_date: dt.date, error) -> None:
    """Go with conditions has some, go has none; each says what, who and by when."""
    if decision == Decision.GO_WITH_CONDITIONS and not conditions:
        error("conditions", "Give at least one condition, with its owner and due date.")
    if decision == Decision.GO and conditions:
        error("conditions", "A go has no conditions: choose go with conditions instead.")
    for index, condition in enumerate(conditions, start=1):
        if not (condition.get("text") or "").strip():
            error("conditions", f"Condition {index}: say what must be done.")
        if not (condition.get("owner") or "").strip():
            error("conditions", f"Condition {index}: give its owner.")
        due = condition.get("due_date")
        if not isinstance(due, dt.date):
            error("conditions", f"Condition {index}: give a due date.")
        elif due < review_date:
            error("conditions", f"Condition {index}: the due date is before the review.")


def _check_points(initiative, to_phase: str, decision: str, points: list[dict], error) -> None:
    """A service gate assesses every Service Standard point, and go needs them all met; other
    gates assess none."""
    standard = service_standard()
    if needs_assessment(initiative, to_phase):
        answered = {p.get("point") for p in points}
        if answered != set(range(1, len(standard) + 1)) or len(points) != len(standard):
            error("points", f"A service gate assesses all {len(standard)} Service Standard points.")
        elif decision == Decision.GO and not all(p.get("met") is True for p in points):
            missing = sorted(p["point"] for p in points if p.get("met") is not True)
            error(
                "decision",
                "Go needs every Service Standard point met; not met: "
                + ", ".join(str(n) for n in missing)
                + ". Choose go with conditions or no go.",
            )
    elif points:
        error("points", "Only service gates (not retirement) assess the Service Standard.")


def _save_items(gate: GateReview, conditions: list[dict], points: list[dict]) -> None:
    for condition in conditions:
        item = GateCondition(
            gate=gate,
            text=condition["text"].strip(),
            owner=condition["owner"].strip(),
            due_date=condition["due_date"],
        )
        item.full_clean()
        item.save()
    for point in points:
        result = StandardPointResult(
            gate=gate, point=point["point"], met=point["met"], notes=point.get("notes") or ""
        )
        result.full_clean()
        result.save()


@transaction.atomic
def gate_condition_set_met(*, condition: GateCondition, met: bool, user=None) -> GateCondition:
    condition.met = met
    condition._change_reason = "Marked met" if met else "Marked not met"
    condition.save(update_fields=["met"])
    return condition
