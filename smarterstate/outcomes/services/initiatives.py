"""Initiatives, the organisation's confidence scale and delivery confidence ratings."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import (
    SCALE_RATINGS,
    Confidence,
    ConfidenceRating,
    Initiative,
    Kind,
    Phase,
    PortfolioSettings,
)
from ..selectors import settings_for

INITIATIVE_FIELDS = (
    "name",
    "kind",
    "parent",
    "description",
    "senior_responsible_owner",
    "team",
    "budget",
    "spend",
    "start_date",
    "end_date",
    "next_gate_review",
)
MAX_DEPTH = 10


@transaction.atomic
def portfolio_settings_update(
    *, organisation, confidence_scale: int, user=None
) -> PortfolioSettings:
    settings, _ = PortfolioSettings.objects.get_or_create(organisation=organisation)
    settings.confidence_scale = confidence_scale
    settings.full_clean()
    settings.save()
    return settings


def _check_parent(initiative: Initiative) -> None:
    parent = initiative.parent
    if parent is None:
        return
    if parent.organisation_id != initiative.organisation_id:
        raise ValidationError({"parent": "The parent must belong to the same organisation."})
    seen = 0
    while parent is not None:
        if initiative.pk and parent.pk == initiative.pk:
            raise ValidationError({"parent": "An initiative cannot sit inside itself."})
        seen += 1
        if seen > MAX_DEPTH:
            raise ValidationError({"parent": f"Initiatives nest at most {MAX_DEPTH} deep."})
        parent = parent.parent


def _check_dates(initiative: Initiative) -> None:
    if (
        initiative.start_date
        and initiative.end_date
        and initiative.end_date < initiative.start_date
    ):
        raise ValidationError({"end_date": "The end date must not be before the start date."})


def _save(initiative: Initiative, reason: str) -> Initiative:
    initiative.full_clean()
    _check_parent(initiative)
    _check_dates(initiative)
    initiative._change_reason = reason
    initiative.save()
    return initiative


@transaction.atomic
def initiative_create(
    *, organisation, user=None, phase: str = Phase.DISCOVERY, **data
) -> Initiative:
    """A new programme, project or service. Pilots start with ``pilots.pilot_create``.

    The phase may be set only here (an existing service joining the portfolio mid-life);
    after that it changes only through a gate review.
    """
    if data.get("kind") == Kind.PILOT:
        raise ValidationError(
            {"kind": "Start a pilot from the pilots page, with its hypothesis and time-box."}
        )
    return initiative_new(organisation=organisation, phase=phase, data=data)


def initiative_new(*, organisation, phase: str, data: dict) -> Initiative:
    """Create any initiative (pilots too): for this module and pilots.pilot_create."""
    unknown = set(data) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown initiative fields: {sorted(unknown)}")
    initiative = Initiative(organisation=organisation, phase=phase, **data)
    return _save(initiative, "Created")


@transaction.atomic
def initiative_update(*, initiative: Initiative, user=None, **data) -> Initiative:
    if "phase" in data and data["phase"] != initiative.phase:
        raise ValidationError({"phase": "The phase changes only through a gate review."})
    data.pop("phase", None)
    unknown = set(data) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown initiative fields: {sorted(unknown)}")
    kind = data.get("kind", initiative.kind)
    if kind != initiative.kind and Kind.PILOT in (kind, initiative.kind):
        raise ValidationError(
            {"kind": "A pilot stays a pilot, and other initiatives cannot become one."}
        )
    for name, value in data.items():
        setattr(initiative, name, value)
    return _save(initiative, "Changed")


@transaction.atomic
def initiative_delete(*, initiative: Initiative, user=None) -> None:
    if initiative.children.exists():
        raise ValidationError("Move or delete the initiatives inside this one first.")
    if initiative.fund_allocations.exists() or (
        hasattr(initiative, "pilot") and initiative.pilot.fund_entries.exists()
    ):
        raise ValidationError(
            "This initiative is in the innovation fund ledger, which keeps every entry."
        )
    initiative.delete()


def initiative_refresh_measurable(initiative: Initiative) -> None:
    """Keep ``has_measurable_outcome`` true exactly when an outcome has a baseline and a target."""
    measurable = initiative.outcomes.filter(
        baseline_value__isnull=False,
        baseline_date__isnull=False,
        target_value__isnull=False,
        target_date__isnull=False,
    ).exists()
    if measurable != initiative.has_measurable_outcome:
        initiative.has_measurable_outcome = measurable
        initiative._change_reason = "Measurable outcome " + ("added" if measurable else "removed")
        initiative.save(update_fields=["has_measurable_outcome", "updated_at"])


@transaction.atomic
def confidence_rating_add(
    *,
    initiative: Initiative,
    rating: str,
    rated_on: dt.date | None = None,
    note: str = "",
    user=None,
) -> ConfidenceRating:
    """Record a delivery confidence rating on the organisation's chosen scale."""
    scale = settings_for(initiative.organisation).confidence_scale
    rated_on = rated_on or timezone.localdate()
    if rating not in [str(r) for r in SCALE_RATINGS[scale]]:
        names = ", ".join(Confidence(r).label for r in SCALE_RATINGS[scale])
        raise ValidationError(
            {"rating": f"This organisation rates on the {scale}-point scale: {names}."}
        )
    if rated_on > timezone.localdate():
        raise ValidationError({"rated_on": "A rating cannot be dated in the future."})
    record = ConfidenceRating(
        initiative=initiative,
        organisation=initiative.organisation,
        rating=rating,
        scale=scale,
        rated_on=rated_on,
        note=note,
        rated_by=user,
    )
    record.full_clean()
    record.save()
    if initiative.confidence_date is None or rated_on >= initiative.confidence_date:
        initiative.delivery_confidence = rating
        initiative.confidence_date = rated_on
        initiative._change_reason = "Delivery confidence rated"
        initiative.save(update_fields=["delivery_confidence", "confidence_date", "updated_at"])
    return record
