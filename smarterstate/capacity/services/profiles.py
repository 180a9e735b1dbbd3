"""Scorecard profiles: the method as versioned data, changed only by adding a version."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from ..models import ScorecardProfile
from ..scoring import DEFINITIONS, NEGATIVE, OVERALL_THRESHOLD, POSITIVE, default_profile_components

DEFAULT_NAME = "Capacity to innovate"


def profile_current() -> ScorecardProfile:
    """The latest version; the built-in defaults become version 1 the first time."""
    profile = ScorecardProfile.objects.order_by("-version").first()
    if profile is None:
        profile = _create(
            components=default_profile_components(),
            name=DEFAULT_NAME,
            notes="The built-in method (docs/user-guide/capacity.md).",
            threshold=OVERALL_THRESHOLD,
            user=None,
        )
    return profile


def validate_components(components: list[dict]) -> list[dict]:
    errors: list[str] = []
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entry in components:
        code = str(entry.get("code", ""))
        if code not in DEFINITIONS:
            errors.append(f"{code or '(blank)'}: not a scorecard component")
            continue
        if code in seen:
            errors.append(f"{code}: listed twice")
            continue
        seen.add(code)
        try:
            weight, lower, upper = (float(entry[k]) for k in ("weight", "lower", "upper"))
        except (KeyError, TypeError, ValueError):
            errors.append(f"{code}: weight, lower and upper must be numbers")
            continue
        polarity = entry.get("polarity")
        if polarity not in (POSITIVE, NEGATIVE):
            errors.append(f"{code}: polarity must be positive or negative")
        if weight < 0:
            errors.append(f"{code}: weight cannot be negative")
        if lower == upper:
            errors.append(f"{code}: the goalposts must differ")
        cleaned.append(
            {"code": code, "weight": weight, "lower": lower, "upper": upper, "polarity": polarity}
        )
    if cleaned and not any(c["weight"] > 0 for c in cleaned):
        errors.append("At least one component needs a weight above 0.")
    if errors:
        raise ValidationError({"components": errors})
    return cleaned


def _create(*, components, name, notes, threshold, user) -> ScorecardProfile:
    version = (ScorecardProfile.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    profile = ScorecardProfile(
        version=version,
        name=name,
        notes=notes,
        components=components,
        overall_threshold=threshold,
        created_by=user,
    )
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def profile_create(
    *,
    components: list[dict],
    name: str,
    notes: str,
    user,
    threshold: float = OVERALL_THRESHOLD,
) -> ScorecardProfile:
    """A new version of the profile. Scores already stored keep citing their own version;
    the next refresh computes open periods with this one and marks the series break."""
    if not 0 < threshold <= 1:
        raise ValidationError({"overall_threshold": ["Must be above 0 and at most 1."]})
    if not notes.strip():
        raise ValidationError(
            {"notes": ["Say why the method changes: it is shown with the break."]}
        )
    return _create(
        components=validate_components(components),
        name=name,
        notes=notes,
        threshold=threshold,
        user=user,
    )
