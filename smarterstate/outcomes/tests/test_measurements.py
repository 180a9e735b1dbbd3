"""Outcomes and measurements: unit, date and outcome checks; latest value and realisation kept."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from smarterstate.outcomes.services import outcomes

from . import factories as f


@pytest.fixture
def outcome(org_a):
    return f.outcome(f.initiative(org_a))


def test_measurements_keep_the_latest_value_and_realisation_on_the_outcome(outcome):
    outcomes.measurement_record(outcome=outcome, date=f.TODAY - dt.timedelta(days=10), value="60")
    outcomes.measurement_record(outcome=outcome, date=f.TODAY - dt.timedelta(days=40), value="50")
    outcome.refresh_from_db()
    assert outcome.latest_value == Decimal("60")
    assert outcome.measurement_count == 2
    assert outcome.realisation == Decimal("50.0")


def test_the_same_value_again_is_unchanged_and_a_new_value_corrects_it(outcome):
    day = f.TODAY - dt.timedelta(days=1)
    assert outcomes.measurement_record(outcome=outcome, date=day, value="60")[1] == "created"
    assert outcomes.measurement_record(outcome=outcome, date=day, value="60.0")[1] == "unchanged"
    assert outcomes.measurement_record(outcome=outcome, date=day, value="70")[1] == "updated"
    outcome.refresh_from_db()
    assert (outcome.latest_value, outcome.measurement_count) == (Decimal("70"), 1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"unit": "days"}, "unit"),
        ({"date": f.TODAY + dt.timedelta(days=1)}, "date"),
        ({"date": dt.date(1850, 1, 1)}, "date"),
        ({"date": "2025-13-01"}, "date"),
        ({"value": "lots"}, "value"),
        ({"value": "NaN"}, "value"),
    ],
)
def test_bad_measurements_are_refused_naming_the_field(outcome, kwargs, field):
    data = {"date": f.TODAY, "value": "1", **kwargs}
    with pytest.raises(ValidationError) as exc:
        outcomes.measurement_record(outcome=outcome, **data)
    assert field in exc.value.message_dict
    assert outcome.measurements.count() == 0


def test_a_target_must_go_the_way_the_measure_should(org_a):
    init = f.initiative(org_a)
    with pytest.raises(ValidationError) as exc:
        f.outcome(init, direction="decrease")
    assert "target_value" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        f.outcome(init, target_value=Decimal("40"))
    assert "target_value" in exc.value.message_dict


def test_a_baseline_needs_both_value_and_date(org_a):
    with pytest.raises(ValidationError) as exc:
        f.outcome(f.initiative(org_a), measurable=False, baseline_value=Decimal("1"))
    assert "baseline_date" in exc.value.message_dict


def test_services_adopt_the_four_mandatory_kpis_once(org_a):
    service = f.initiative(org_a)
    made = outcomes.kpis_adopt(initiative=service, kpis=["cost-per-transaction", "digital-take-up"])
    assert [(o.name, o.unit, o.direction) for o in made] == [
        ("Cost per transaction", "£", "decrease"),
        ("Digital take-up", "%", "increase"),
    ]
    again = outcomes.kpis_adopt(
        initiative=service,
        kpis=["cost-per-transaction", "user-satisfaction", "completion-rate", "digital-take-up"],
    )
    assert len(again) == 2
    assert service.outcomes.exclude(kpi="").count() == 4
    service.refresh_from_db()
    assert service.flagged, "KPIs need a baseline and target before they count"


def test_only_services_adopt_the_kpis(org_a):
    with pytest.raises(ValidationError):
        outcomes.kpis_adopt(
            initiative=f.initiative(org_a, kind="project"), kpis=["completion-rate"]
        )


def test_the_unit_is_fixed_once_measured(outcome):
    outcomes.measurement_record(outcome=outcome, date=f.TODAY, value="1")
    with pytest.raises(ValidationError) as exc:
        outcomes.outcome_update(outcome=outcome, unit="days")
    assert "unit" in exc.value.message_dict
