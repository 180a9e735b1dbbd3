"""Benefit profiles (outcomes), the mandatory KPIs as ready-made measures, and measurements.

``measurement_record`` is the one way a measurement is stored (form, API, CSV import): it
checks the unit and date, then keeps the outcome's latest value, count and realisation, so
lists and the dashboard read them from the outcome rather than scanning measurements.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..calculations import realisation_pct
from ..models import (
    BenefitType,
    Direction,
    Initiative,
    Kind,
    MandatoryKPI,
    Measurement,
    MeasurementSource,
    Outcome,
)
from .initiatives import initiative_refresh_measurable

OUTCOME_FIELDS = (
    "name",
    "measure",
    "unit",
    "direction",
    "benefit_type",
    "kpi",
    "owner",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
)
EARLIEST = dt.date(1900, 1, 1)

# The four mandatory KPIs as ready-made measures: (measure, unit, direction).
KPI_MEASURES = {
    MandatoryKPI.COST_PER_TRANSACTION: (
        "Total cost of running the service divided by the number of completed transactions",
        "£",
        Direction.DECREASE,
    ),
    MandatoryKPI.USER_SATISFACTION: (
        "Share of users who were satisfied or very satisfied with the service",
        "%",
        Direction.INCREASE,
    ),
    MandatoryKPI.COMPLETION_RATE: (
        "Share of transactions started that were completed",
        "%",
        Direction.INCREASE,
    ),
    MandatoryKPI.DIGITAL_TAKE_UP: (
        "Share of transactions completed using the digital service",
        "%",
        Direction.INCREASE,
    ),
}


def _check(outcome: Outcome) -> None:
    outcome.full_clean()
    errors = {}
    if (outcome.baseline_value is None) != (outcome.baseline_date is None):
        errors["baseline_date"] = "Give the baseline's value and its date, or neither."
    if (outcome.target_value is None) != (outcome.target_date is None):
        errors["target_date"] = "Give the target's value and its date, or neither."
    if (
        outcome.baseline_date
        and outcome.target_date
        and outcome.target_date <= outcome.baseline_date
    ):
        errors["target_date"] = "The target date must be after the baseline date."
    if (
        outcome.baseline_value is not None
        and outcome.target_value is not None
        and outcome.baseline_value == outcome.target_value
    ):
        errors["target_value"] = "The target must differ from the baseline."
    elif outcome.baseline_value is not None and outcome.target_value is not None:
        rising = outcome.target_value > outcome.baseline_value
        if rising != (outcome.direction == Direction.INCREASE):
            errors["target_value"] = (
                "The target goes the wrong way: "
                + ("lower" if outcome.direction == Direction.DECREASE else "higher")
                + " is better for this measure."
            )
    for name in ("baseline_date", "target_date"):
        value = getattr(outcome, name)
        if value and value < EARLIEST and name not in errors:
            errors[name] = "Give a date after 1900."
    if errors:
        raise ValidationError(errors)


def _refresh(outcome: Outcome) -> Outcome:
    outcome.realisation = realisation_pct(
        outcome.baseline_value, outcome.target_value, outcome.latest_value
    )
    return outcome


@transaction.atomic
def outcome_create(*, initiative: Initiative, user=None, **data) -> Outcome:
    unknown = set(data) - set(OUTCOME_FIELDS)
    if unknown:
        raise TypeError(f"unknown outcome fields: {sorted(unknown)}")
    outcome = Outcome(initiative=initiative, organisation=initiative.organisation, **data)
    _check(outcome)
    _refresh(outcome)
    outcome._change_reason = "Created"
    outcome.save()
    initiative_refresh_measurable(initiative)
    return outcome


@transaction.atomic
def outcome_update(*, outcome: Outcome, user=None, **data) -> Outcome:
    unknown = set(data) - set(OUTCOME_FIELDS)
    if unknown:
        raise TypeError(f"unknown outcome fields: {sorted(unknown)}")
    if "unit" in data and data["unit"] != outcome.unit and outcome.measurement_count:
        raise ValidationError(
            {"unit": "This outcome has measurements in its unit; start a new outcome instead."}
        )
    for name, value in data.items():
        setattr(outcome, name, value)
    _check(outcome)
    _refresh(outcome)
    outcome._change_reason = "Changed"
    outcome.save()
    initiative_refresh_measurable(outcome.initiative)
    return outcome


@transaction.atomic
def outcome_delete(*, outcome: Outcome, user=None) -> None:
    if outcome.criteria.exists():
        raise ValidationError("A pilot's success criterion uses this outcome; remove that first.")
    initiative = outcome.initiative
    outcome.delete()
    initiative_refresh_measurable(initiative)


@transaction.atomic
def kpis_adopt(
    *, initiative: Initiative, kpis: list[str], owner: str = "", user=None
) -> list[Outcome]:
    """Add the chosen mandatory KPIs to a service as outcomes (baseline and target to be set)."""
    if initiative.kind != Kind.SERVICE:
        raise ValidationError({"kpis": "Only services adopt the mandatory KPIs."})
    have = set(initiative.outcomes.exclude(kpi="").values_list("kpi", flat=True))
    created = []
    for kpi in kpis:
        if kpi not in MandatoryKPI.values:
            raise ValidationError({"kpis": f"{kpi!r} is not one of the mandatory KPIs."})
        if kpi in have:
            continue
        measure, unit, direction = KPI_MEASURES[MandatoryKPI(kpi)]
        created.append(
            outcome_create(
                initiative=initiative,
                user=user,
                name=MandatoryKPI(kpi).label,
                measure=measure,
                unit=unit,
                direction=direction,
                benefit_type=BenefitType.NON_CASH_RELEASING,
                kpi=kpi,
                owner=owner,
            )
        )
        have.add(kpi)
    return created


def outcome_refresh_latest(outcome: Outcome) -> Outcome:
    """Recompute the latest measurement, the count and realisation from the measurements."""
    latest = outcome.measurements.order_by("-date").values("date", "value").first()
    outcome.measurement_count = outcome.measurements.count()
    outcome.latest_value = latest["value"] if latest else None
    outcome.latest_date = latest["date"] if latest else None
    _refresh(outcome)
    outcome.save(
        update_fields=[
            "latest_value",
            "latest_date",
            "measurement_count",
            "realisation",
            "updated_at",
        ]
    )
    return outcome


def parse_value(value) -> Decimal:
    """A measurement value from text or a number; ValidationError naming the field otherwise."""
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except (InvalidOperation, ValueError):
            raise ValidationError({"value": f"{value!r} is not a number."}) from None
    if not number.is_finite():
        raise ValidationError({"value": f"{value!r} is not a number."})
    return number


@transaction.atomic
def measurement_record(
    *,
    outcome: Outcome,
    date: dt.date,
    value,
    unit: str | None = None,
    source: str = MeasurementSource.MANUAL,
    note: str = "",
    user=None,
) -> tuple[Measurement, str]:
    """Store the outcome's value on a date: "created", "updated" (new value) or "unchanged".

    One measurement per outcome and date, so re-importing a file changes nothing. A unit,
    when given, must be the outcome's; dates must be real, after 1900 and not in the future.
    """
    if unit is not None and unit.strip() != outcome.unit:
        raise ValidationError(
            {"unit": f"{outcome.name} is measured in {outcome.unit!r}, not {unit.strip()!r}."}
        )
    if not isinstance(date, dt.date):
        raise ValidationError({"date": f"{date!r} is not a date (use YYYY-MM-DD)."})
    if date < EARLIEST:
        raise ValidationError({"date": "Give a date after 1900."})
    if date > timezone.localdate():
        raise ValidationError({"date": f"{date.isoformat()} is in the future."})
    number = parse_value(value)
    existing = Measurement.objects.select_for_update().filter(outcome=outcome, date=date).first()
    if existing is not None:
        if existing.value == number:
            return existing, "unchanged"
        existing.value = number
        existing.note = note or existing.note
        existing.source = source
        existing.entered_by = user
        existing.full_clean()
        existing._change_reason = "Value corrected"
        existing.save()
        outcome_refresh_latest(outcome)
        return existing, "updated"
    measurement = Measurement(
        outcome=outcome, date=date, value=number, source=source, note=note, entered_by=user
    )
    measurement.full_clean(validate_unique=False)
    measurement.save()
    outcome_refresh_latest(outcome)
    return measurement, "created"


@transaction.atomic
def measurement_delete(*, measurement: Measurement, user=None) -> None:
    outcome = measurement.outcome
    measurement.delete()
    outcome_refresh_latest(outcome)
