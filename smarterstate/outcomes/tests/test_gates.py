"""Phase gates: only path for phase changes; outcome first; conditions; Service Standard."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from smarterstate.outcomes.services.gates import gate_review_create, next_phases

from . import factories as f

PANEL = "Service assessment panel"


def _gate(init, **data):
    values = {"to_phase": "alpha", "decision": "go", "panel": PANEL, "points": f.all_points()}
    values |= data
    return gate_review_create(initiative=init, **values)


def test_a_go_moves_the_initiative_to_the_next_phase(org_a):
    init = f.measured_initiative(org_a)
    gate = _gate(init)
    init.refresh_from_db()
    assert (gate.from_phase, gate.to_phase, init.phase) == ("discovery", "alpha", "alpha")
    assert gate.points.count() == 14


def test_an_initiative_with_no_measurable_outcome_cannot_pass_a_gate(org_a):
    init = f.initiative(org_a)
    f.outcome(init, measurable=False)
    for decision, extra in [
        ("go", {}),
        ("go-with-conditions", {"conditions": [{"text": "x", "owner": "y", "due_date": f.TODAY}]}),
    ]:
        with pytest.raises(ValidationError) as exc:
            _gate(init, decision=decision, **extra)
        assert "Outcome first" in " ".join(exc.value.message_dict["decision"])
    init.refresh_from_db()
    assert init.phase == "discovery"
    no_go = _gate(init, decision="no-go")
    init.refresh_from_db()
    assert no_go.pk and init.phase == "discovery"


def test_gates_lead_only_to_the_next_phase_or_retirement(org_a):
    assert next_phases("discovery") == ["alpha", "retirement"]
    assert next_phases("live") == ["retirement"]
    assert next_phases("retirement") == []
    init = f.measured_initiative(org_a, kind="project")
    with pytest.raises(ValidationError) as exc:
        _gate(init, to_phase="live", points=[])
    assert "to_phase" in exc.value.message_dict
    _gate(init, to_phase="retirement", points=[])
    init.refresh_from_db()
    with pytest.raises(ValidationError):
        _gate(init, to_phase="alpha", points=[])


def test_go_with_conditions_needs_conditions_with_owner_and_due_date(org_a):
    init = f.measured_initiative(org_a)
    with pytest.raises(ValidationError) as exc:
        _gate(init, decision="go-with-conditions")
    assert "conditions" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _gate(
            init,
            decision="go-with-conditions",
            conditions=[{"text": "Fix it", "owner": "", "due_date": None}],
        )
    messages = " ".join(exc.value.message_dict["conditions"])
    assert "owner" in messages and "due date" in messages
    gate = _gate(
        init,
        decision="go-with-conditions",
        points=f.all_points(except_=(5,)),
        conditions=[
            {
                "text": "Accessibility audit",
                "owner": "Sam",
                "due_date": f.TODAY + dt.timedelta(days=30),
            }
        ],
    )
    assert [c.owner for c in gate.conditions.all()] == ["Sam"]


def test_a_plain_go_takes_no_conditions(org_a):
    init = f.measured_initiative(org_a)
    with pytest.raises(ValidationError) as exc:
        _gate(init, conditions=[{"text": "x", "owner": "y", "due_date": f.TODAY}])
    assert "conditions" in exc.value.message_dict


def test_service_gates_assess_all_14_points_and_go_needs_all_met(org_a):
    init = f.measured_initiative(org_a)
    with pytest.raises(ValidationError) as exc:
        _gate(init, points=f.all_points()[:13])
    assert "points" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _gate(init, points=f.all_points(except_=(3, 9)))
    assert "not met: 3, 9" in " ".join(exc.value.message_dict["decision"])


def test_non_service_gates_take_no_assessment(org_a):
    init = f.measured_initiative(org_a, kind="project")
    with pytest.raises(ValidationError) as exc:
        _gate(init)
    assert "points" in exc.value.message_dict
    _gate(init, points=[])


def test_a_gate_cannot_be_dated_in_the_future(org_a):
    with pytest.raises(ValidationError) as exc:
        _gate(f.measured_initiative(org_a), review_date=f.TODAY + dt.timedelta(days=1))
    assert "review_date" in exc.value.message_dict


def test_a_passed_gate_is_in_the_initiatives_history(org_a, editor_a):
    init = f.measured_initiative(org_a)
    _gate(init, user=editor_a)
    record = init.history.first()
    assert record.phase == "alpha"
    assert "Gate review" in record.history_change_reason
