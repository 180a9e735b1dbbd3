"""Writes for the register: systems, components, local overrides, the calendar feed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import CalendarFeed, Component, ComponentSource, CycleOverride, System
from .matching import CatalogueIndex

SYSTEM_FIELDS = (
    "name",
    "description",
    "owner",
    "criticality",
    "users",
    "hosting",
    "annual_cost",
    "phase",
    "plan_date",
    "phase_in_date",
    "active_date",
    "phase_out_date",
    "end_of_life_date",
    "successor",
    "exit_plan",
    "open_standards_notes",
)
COMPONENT_FIELDS = ("name", "version", "purl", "cpe", "where_used")


def _check_fields(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _set_contracts(system: System, contracts) -> None:
    # Contracts are published data everyone signed in reads, so any contract may be linked
    # (a shared service may run under another body's contract). The page offers the
    # organisation's own; the API takes any contract id.
    if contracts is not None:
        system.contracts.set(contracts)


def _check_successor(system: System) -> None:
    """The successor is another system of the same organisation, with no loop back."""
    successor = system.successor
    if successor is None:
        return
    if successor.organisation_id != system.organisation_id:
        raise ValidationError(
            {"successor": "The successor must be a system of the same organisation."}
        )
    if system.pk is not None:
        seen, current = set(), successor
        while current is not None and current.pk not in seen:
            if current.pk == system.pk:
                raise ValidationError(
                    {"successor": "A system cannot succeed itself, directly or through others."}
                )
            seen.add(current.pk)
            current = current.successor


@transaction.atomic
def system_create(*, organisation, contracts=None, **data) -> System:
    _check_fields(data, SYSTEM_FIELDS)
    system = System(organisation=organisation, **data)
    _check_successor(system)
    system.full_clean()
    system.save()
    _set_contracts(system, contracts)
    return system


@transaction.atomic
def system_update(*, system: System, contracts=None, **data) -> System:
    _check_fields(data, SYSTEM_FIELDS)
    for key, value in data.items():
        setattr(system, key, value)
    _check_successor(system)
    system.full_clean()
    system.save()
    _set_contracts(system, contracts)
    return system


@transaction.atomic
def system_delete(*, system: System) -> None:
    system.delete()


def _matched(component: Component, index: CatalogueIndex | None) -> Component:
    match = (index or CatalogueIndex.load()).match(
        purl=component.purl,
        cpe=component.cpe,
        version=component.version,
        organisation_id=component.organisation_id,
    )
    component.product_id, component.cycle_id = match.product_id, match.cycle_id
    component.match_note, component.match_kind = match.note, match.kind
    return component


@transaction.atomic
def component_create(*, system: System, index: CatalogueIndex | None = None, **data) -> Component:
    _check_fields(data, COMPONENT_FIELDS)
    component = Component(
        system=system, organisation_id=system.organisation_id, source=ComponentSource.MANUAL, **data
    )
    _matched(component, index)
    component.full_clean()
    component.save()
    return component


@transaction.atomic
def component_update(*, component: Component, **data) -> Component:
    _check_fields(data, COMPONENT_FIELDS)
    for key, value in data.items():
        setattr(component, key, value)
    _matched(component, None)
    component.full_clean()
    component.save()
    return component


@transaction.atomic
def component_delete(*, component: Component) -> None:
    component.delete()


OVERRIDE_FIELDS = ("milestone", "date", "evidence", "owner", "expires_on")
# Once created an override's cycle, milestone and date stay: the time machine reads them as
# they are. To give another date, remove the override and add a new one.
OVERRIDE_CHANGEABLE = ("evidence", "owner", "expires_on")


def _check_override(override: CycleOverride, *, dates: bool = True) -> None:
    errors = {}
    for name in ("evidence", "owner"):
        if not (getattr(override, name) or "").strip():
            errors[name] = "Say " + (
                "what gives this date (a contract or notice)."
                if name == "evidence"
                else "who answers for it."
            )
    if dates and override.expires_on and override.expires_on < timezone.localdate():
        errors["expires_on"] = (
            "The expiry date must be today or later; an expired override never applies."
        )
    clash = CycleOverride.objects.filter(
        organisation_id=override.organisation_id,
        cycle_id=override.cycle_id,
        milestone=override.milestone,
        expires_on__gte=timezone.localdate(),
    ).exclude(pk=override.pk)
    if dates and override.cycle_id and clash.exists():
        errors["milestone"] = (
            "There is already an override of this milestone of this release cycle in force; "
            "change or remove it."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def override_create(*, organisation, cycle, user, **data) -> CycleOverride:
    _check_fields(data, OVERRIDE_FIELDS)
    override = CycleOverride(organisation=organisation, cycle=cycle, created_by=user, **data)
    _check_override(override)
    override.full_clean()
    override.save()
    return override


@transaction.atomic
def override_update(*, override: CycleOverride, **data) -> CycleOverride:
    """Change an override's evidence, owner or expiry (the rest stays, see above)."""
    _check_fields(data, OVERRIDE_CHANGEABLE)
    for key, value in data.items():
        setattr(override, key, value)
    _check_override(override, dates="expires_on" in data)
    override.full_clean()
    override.save()
    return override


@transaction.atomic
def override_delete(*, override: CycleOverride) -> None:
    override.delete()


@transaction.atomic
def calendar_feed_reset(*, organisation) -> CalendarFeed:
    """Create the feed, or give it a new token (the old link stops working)."""
    feed, created = CalendarFeed.objects.get_or_create(organisation=organisation)
    if not created:
        feed.token = CalendarFeed._meta.get_field("token").default()
        feed.save(update_fields=["token"])
    return feed
