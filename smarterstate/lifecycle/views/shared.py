"""Helpers and export columns the lifecycle views share."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from smarterstate.authz import Level, can, get_in_organisation
from smarterstate.core.exports import Column

from ..forms import AsOfForm
from ..models import (
    IMPACT_CRITERIA,
    LIKELIHOOD_CRITERIA,
    System,
)

SYSTEM_COLUMNS = [
    Column("Name", "name"),
    Column("Description", "description"),
    Column("Owner", "owner"),
    Column("Criticality", "criticality"),
    Column("Users", "users"),
    Column("Hosting", "hosting"),
    Column("Annual cost", "annual_cost"),
    Column("Phase", "phase"),
    Column("Plan from", "plan_date"),
    Column("Phase in from", "phase_in_date"),
    Column("Active from", "active_date"),
    Column("Phase out from", "phase_out_date"),
    Column("End of life from", "end_of_life_date"),
    Column("Successor", lambda s: s.successor.name if s.successor_id else ""),
    Column("Exit plan", "exit_plan"),
    Column("Open standards notes", "open_standards_notes"),
    Column("Risk score", "risk_score"),
    Column("Red-rated", "red_rated"),
    Column("Legacy", "legacy"),
    Column("Remediation date", "remediation_date"),
]
COMPONENT_COLUMNS = [
    Column("System", "system.name"),
    Column("Name", "name"),
    Column("Version", "version"),
    Column("Purl", "purl"),
    Column("CPE", "cpe"),
    Column("Where used", "where_used"),
    Column("Product", lambda c: c.product.name if c.product_id else ""),
    Column("Cycle", lambda c: c.cycle.name if c.cycle_id else ""),
    Column("Source", "source"),
    Column("Matched by", "get_match_kind_display"),
    Column("Why not matched, or how it was inferred", "match_note"),
]
ASSESSMENT_COLUMNS = [
    Column("System", "system.name"),
    Column("Assessed on", "assessed_on"),
    *[Column(code.upper(), code) for code in (*LIKELIHOOD_CRITERIA, *IMPACT_CRITERIA)],
    Column("Likelihood", "likelihood"),
    Column("Impact", "impact"),
    Column("Risk", "risk"),
    Column("Red-rated", "red_rated"),
    Column("Legacy", "legacy"),
    Column("Risk owner", "risk_owner"),
    Column("Legacy owner", "legacy_owner"),
    Column("Funding", "funding"),
    Column("Remediation date", "remediation_date"),
]
RADAR_COLUMNS = [
    Column("Date", "date"),
    Column("Milestone", "milestone"),
    Column("Release cycle", "cycle"),
    Column("Systems", "systems"),
    Column("Components", "components"),
    Column("Our override", "overridden"),
]


def as_of_day(request) -> tuple[AsOfForm, dt.date]:
    form = AsOfForm(request.GET or None)
    day = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data.get("as_of"):
        day = form.cleaned_data["as_of"]
    return form, day


def system_of(org, pk: int) -> System:
    return get_in_organisation(System.objects.select_related("successor"), org, pk=pk)


def page_context(request, org, **extra) -> dict:
    return {"org": org, "can_write": can(request.user, Level.WRITE, org), **extra}
