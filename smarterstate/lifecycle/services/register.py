"""Writes for the register: systems, components, local overrides, the calendar feed."""

from __future__ import annotations

from django.db import transaction

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
    if contracts is None:
        return
    # Only the organisation's own contracts may be linked.
    system.contracts.set(
        [c for c in contracts if c.process.organisation_id == system.organisation_id]
    )


@transaction.atomic
def system_create(*, organisation, contracts=None, **data) -> System:
    _check_fields(data, SYSTEM_FIELDS)
    system = System(organisation=organisation, **data)
    system.full_clean()
    system.save()
    _set_contracts(system, contracts)
    return system


@transaction.atomic
def system_update(*, system: System, contracts=None, **data) -> System:
    _check_fields(data, SYSTEM_FIELDS)
    for key, value in data.items():
        setattr(system, key, value)
    if system.successor_id == system.pk:
        system.successor = None
    system.full_clean()
    system.save()
    _set_contracts(system, contracts)
    return system


@transaction.atomic
def system_delete(*, system: System) -> None:
    system.delete()


def _matched(component: Component, index: CatalogueIndex | None) -> Component:
    match = (index or CatalogueIndex.load()).match(
        purl=component.purl, cpe=component.cpe, version=component.version
    )
    component.product_id, component.cycle_id, component.match_note = (
        match.product_id,
        match.cycle_id,
        match.note,
    )
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


@transaction.atomic
def override_create(*, organisation, cycle, user, **data) -> CycleOverride:
    override = CycleOverride(organisation=organisation, cycle=cycle, created_by=user, **data)
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
