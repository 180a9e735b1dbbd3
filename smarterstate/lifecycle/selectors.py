"""Reads for the lifecycle pages: the catalogue as it stood on a date, each system's
obsolescence roll-up, an organisation's estate summary and its end-of-life radar.

Every read takes a day. For today it reads the live tables; for a past day (the time
machine) it reads the catalogue from ``CycleRevision`` rows of syncs up to that day and the
register from django-simple-history, so the answer is what the pages would have said then.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from smarterstate.core.dates import add_months

from .models import (
    CatalogueSnapshot,
    Component,
    Cycle,
    CycleOverride,
    CycleRevision,
    Product,
    System,
)
from .rules import STATUS_LABELS, STATUS_RANK, STATUSES, Lifecycle, status_on

RADAR_MONTHS = 36
MILESTONES = (
    ("eoas_from", "End of active support"),
    ("eol_from", "End of life"),
    ("eoes_from", "End of extended support"),
)
MILESTONE_CODES = {"eoas_from": "eoas", "eol_from": "eol", "eoes_from": "eoes"}
AT_RISK = {"eol", "eol-3m", "eol-6m", "eol-12m"}


def end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def is_past(day: dt.date) -> bool:
    return day < timezone.localdate()


def catalogue_is_current(day: dt.date) -> bool:
    latest = CatalogueSnapshot.objects.order_by("-synced_at").values_list("synced_at", flat=True)
    latest = latest.first()
    return latest is None or latest < end_of(day)


def snapshot_on(day: dt.date) -> CatalogueSnapshot | None:
    return (
        CatalogueSnapshot.objects.filter(synced_at__lt=end_of(day)).order_by("-synced_at").first()
    )


LIFECYCLE_VALUES = ("is_eol", "eol_from", "eoas_from", "is_eoes", "eoes_from")


def lifecycles_on(
    organisation, day: dt.date, cycle_ids=None, *, catalogue_then: bool = True
) -> dict[int, Lifecycle]:
    """Each cycle's dates as the catalogue stood on ``day`` (or as it stands now, when
    ``catalogue_then`` is false), with the organisation's overrides in force that day.
    Cycles unknown then are left out (not covered)."""
    if cycle_ids is None:
        cycle_ids = Component.objects.filter(organisation=organisation).values("cycle_id")
    dates: dict[int, dict] = {}
    if not catalogue_then or catalogue_is_current(day):
        for row in Cycle.objects.filter(pk__in=cycle_ids, removed=False).values(
            "pk", *LIFECYCLE_VALUES
        ):
            dates[row.pop("pk")] = row
    else:
        rows = (
            CycleRevision.objects.filter(
                cycle_id__in=cycle_ids, snapshot__synced_at__lt=end_of(day)
            )
            .order_by("cycle_id", "snapshot__synced_at", "pk")
            .values("cycle_id", "kind", *LIFECYCLE_VALUES)
        )
        for row in rows:
            cycle_id, kind = row.pop("cycle_id"), row.pop("kind")
            if kind == "removed":
                dates.pop(cycle_id, None)
            else:
                dates[cycle_id] = row
    overrides = CycleOverride.objects.filter(
        organisation=organisation, created_at__lt=end_of(day), expires_on__gte=day
    ).values_list("cycle_id", "milestone", "date")
    overridden: dict[int, list[str]] = defaultdict(list)
    for cycle_id, milestone, date in overrides:
        if cycle_id in dates:
            dates[cycle_id][f"{milestone}_from"] = date
            overridden[cycle_id].append(milestone)
    result = {}
    for cycle_id, row in dates.items():
        result[cycle_id] = Lifecycle(**row, overridden=tuple(overridden.get(cycle_id, ())))
    return result


def _component_groups(organisation, day: dt.date) -> list[tuple[int, int | None, int]]:
    """(system id, cycle id or None, components) for the organisation's components on ``day``."""
    if not is_past(day):
        # Raw SQL: tens of thousands of small rows, without the ORM's per-row conversions.
        table = Component._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT system_id, cycle_id, COUNT(*) FROM {table} "  # noqa: S608 - table name from the model
                "WHERE organisation_id = %s GROUP BY system_id, cycle_id",
                [organisation.pk],
            )
            return cursor.fetchall()
    counter: Counter = Counter(
        Component.history.as_of(end_of(day))
        .filter(organisation_id=organisation.pk)
        .values_list("system_id", "cycle_id")
    )
    return [(system_id, cycle_id, n) for (system_id, cycle_id), n in counter.items()]


@dataclass(slots=True)
class SystemRow:
    pk: int
    name: str
    red_rated: bool
    legacy: bool
    risk_score: object
    has_plan: bool
    components: int = 0
    worst: str | None = None
    next_date: dt.date | None = None
    next_milestone: str = ""
    next_cycle: int | None = None

    @property
    def worst_label(self) -> str:
        return STATUS_LABELS.get(self.worst, "No components") if self.worst else "No components"

    @property
    def at_risk(self) -> bool:
        return self.worst in AT_RISK or self.red_rated


SYSTEM_VALUES = (
    "pk",
    "name",
    "red_rated",
    "legacy",
    "risk_score",
    "remediation_date",
    "successor_id",
    "exit_plan",
)


def _systems(organisation, day: dt.date) -> dict[int, SystemRow]:
    if is_past(day):
        records = System.history.as_of(end_of(day)).filter(organisation_id=organisation.pk)
        rows = ((*(getattr(s, f) for f in SYSTEM_VALUES),) for s in records)
    else:
        rows = System.objects.filter(organisation=organisation).values_list(*SYSTEM_VALUES)
    return {
        pk: SystemRow(
            pk=pk,
            name=name,
            red_rated=red,
            legacy=legacy,
            risk_score=risk,
            has_plan=bool(remediation or successor or (exit_plan or "").strip()),
        )
        for pk, name, red, legacy, risk, remediation, successor, exit_plan in rows
    }


@dataclass
class Estate:
    """An organisation's systems with their roll-ups, and what the radar needs."""

    day: dt.date
    systems: dict[int, SystemRow]
    lifecycles: dict[int, Lifecycle]
    # cycle id → {"systems": set, "components": int}
    cycles: dict[int, dict] = field(default_factory=dict)
    component_status: Counter = field(default_factory=Counter)
    labels: dict[int, str] = field(default_factory=dict)

    def label(self, cycle_id: int) -> str:
        return self.labels.get(cycle_id, f"cycle {cycle_id}")


def _per_cycle(lifecycles: dict[int, Lifecycle], day: dt.date) -> dict[int, tuple]:
    """Each cycle's status, its rank and its next milestone (date, index in MILESTONES)."""
    result = {}
    for cycle_id, lifecycle in lifecycles.items():
        status = status_on(lifecycle, day)
        upcoming = [
            (when, index)
            for index, (attribute, _) in enumerate(MILESTONES)
            if (when := getattr(lifecycle, attribute)) and when >= day
        ]
        result[cycle_id] = (status, STATUS_RANK[status], min(upcoming) if upcoming else None)
    return result


def estate_on(organisation, day: dt.date | None = None) -> Estate:
    day = day or timezone.localdate()
    systems = _systems(organisation, day)
    if is_past(day):
        return _estate_from_history(organisation, day, systems)
    return _estate_today(organisation, day, systems)


def _estate_today(organisation, day: dt.date, systems: dict[int, SystemRow]) -> Estate:
    """Two grouped queries: per cycle (a few hundred rows) and per system (worst rank and next
    milestone computed in SQL from a small table of the cycles' statuses), so 50,000
    components never travel to Python one by one."""
    table = Component._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT cycle_id, COUNT(*), COUNT(DISTINCT system_id) FROM {table} "  # noqa: S608
            "WHERE organisation_id = %s GROUP BY cycle_id",
            [organisation.pk],
        )
        by_cycle = cursor.fetchall()
    cycle_ids = {cycle_id for cycle_id, _, _ in by_cycle if cycle_id}
    lifecycles = lifecycles_on(organisation, day, cycle_ids) if cycle_ids else {}
    estate = Estate(day=day, systems=systems, lifecycles=lifecycles)
    per_cycle = _per_cycle(lifecycles, day)
    for cycle_id, count, system_count in by_cycle:
        status = per_cycle[cycle_id][0] if cycle_id in per_cycle else "not-covered"
        estate.component_status[status] += count
        if cycle_id in per_cycle:
            estate.cycles[cycle_id] = {"systems": system_count, "components": count}
    # Text keys "YYYY-MM-DD|milestone|cycle" sort by date, so MIN() finds the next milestone.
    rows = [
        (
            cycle_id,
            rank,
            f"{upcoming[0].isoformat()}|{upcoming[1]}|{cycle_id}" if upcoming else None,
        )
        for cycle_id, (_, rank, upcoming) in per_cycle.items()
    ]
    not_covered = STATUS_RANK["not-covered"]
    with connection.cursor() as cursor:
        if rows:
            values = ", ".join(["(%s, %s, %s)"] * len(rows))
            cursor.execute(
                f"WITH c(cycle_id, rnk, next_key) AS (VALUES {values}) "  # noqa: S608
                f"SELECT t.system_id, COUNT(*), MIN(COALESCE(c.rnk, {not_covered})), "
                f"MIN(c.next_key) FROM {table} t LEFT JOIN c ON c.cycle_id = t.cycle_id "
                "WHERE t.organisation_id = %s GROUP BY t.system_id",
                [value for row in rows for value in row] + [organisation.pk],
            )
        else:
            cursor.execute(
                f"SELECT system_id, COUNT(*), {not_covered}, NULL FROM {table} "  # noqa: S608
                "WHERE organisation_id = %s GROUP BY system_id",
                [organisation.pk],
            )
        for system_id, count, rank, next_key in cursor.fetchall():
            system = systems.get(system_id)
            if system is None:
                continue
            system.components = count
            system.worst = STATUSES[rank]
            if next_key:
                when, index, cycle_id = next_key.split("|")
                system.next_date = dt.date.fromisoformat(when)
                system.next_milestone = MILESTONES[int(index)][1]
                system.next_cycle = int(cycle_id)
    _label(estate)
    return estate


def _estate_from_history(organisation, day: dt.date, systems: dict[int, SystemRow]) -> Estate:
    groups = _component_groups(organisation, day)
    cycle_ids = {cycle_id for _, cycle_id, _ in groups if cycle_id}
    lifecycles = lifecycles_on(organisation, day, cycle_ids) if cycle_ids else {}
    estate = Estate(day=day, systems=systems, lifecycles=lifecycles)
    per_cycle = _per_cycle(lifecycles, day)
    not_covered = ("not-covered", STATUS_RANK["not-covered"], None)
    members: dict[int, set] = {}
    for system_id, cycle_id, count in groups:
        system = systems.get(system_id)
        if system is None:
            continue
        status, rank, upcoming = per_cycle.get(cycle_id, not_covered)
        estate.component_status[status] += count
        system.components += count
        if system.worst is None or rank < STATUS_RANK[system.worst]:
            system.worst = status
        if cycle_id in per_cycle:
            members.setdefault(cycle_id, set()).add(system_id)
            entry = estate.cycles.setdefault(cycle_id, {"systems": 0, "components": 0})
            entry["components"] += count
            if upcoming and (system.next_date is None or upcoming[0] < system.next_date):
                system.next_date, system.next_cycle = upcoming[0], cycle_id
                system.next_milestone = MILESTONES[upcoming[1]][1]
    for cycle_id, ids in members.items():
        estate.cycles[cycle_id]["systems"] = len(ids)
    _label(estate)
    return estate


def _label(estate: Estate) -> None:
    ids = set(estate.cycles) | {s.next_cycle for s in estate.systems.values() if s.next_cycle}
    if ids:
        estate.labels = {
            pk: f"{label} {name}"
            for pk, label, name in Cycle.objects.filter(pk__in=list(ids)).values_list(
                "pk", "product__label", "name"
            )
        }


def estate_summary(estate: Estate) -> dict:
    systems = list(estate.systems.values())
    by_worst = Counter(s.worst or "none" for s in systems)
    total_components = sum(estate.component_status.values())
    not_covered = estate.component_status.get("not-covered", 0)
    return {
        "day": estate.day,
        "systems": len(systems),
        "components": total_components,
        "matched": total_components - not_covered,
        "red_rated": sum(1 for s in systems if s.red_rated),
        "legacy": sum(1 for s in systems if s.legacy),
        "no_plan": sum(1 for s in systems if s.at_risk and not s.has_plan),
        "systems_by_worst": [
            (status, STATUS_LABELS[status], by_worst.get(status, 0)) for status in STATUSES
        ]
        + [("none", "No components", by_worst.get("none", 0))],
        "components_by_status": [
            (status, STATUS_LABELS[status], estate.component_status.get(status, 0))
            for status in STATUSES
        ],
    }


@dataclass
class RadarItem:
    date: dt.date
    milestone: str
    cycle_id: int
    cycle: str
    systems: int
    components: int
    overridden: bool


def radar(estate: Estate, months: int = RADAR_MONTHS) -> dict:
    """Milestones in the next ``months`` months, overdue cycles, red-rated and unplanned systems."""
    day = estate.day
    horizon = add_months(day, months)
    upcoming, overdue = [], []
    for cycle_id, entry in estate.cycles.items():
        lifecycle = estate.lifecycles[cycle_id]
        for attribute, label in MILESTONES:
            when = getattr(lifecycle, attribute)
            if when and day <= when < horizon:
                upcoming.append(
                    RadarItem(
                        when,
                        label,
                        cycle_id,
                        estate.label(cycle_id),
                        entry["systems"],
                        entry["components"],
                        MILESTONE_CODES[attribute] in lifecycle.overridden,
                    )
                )
        if status_on(lifecycle, day) == "eol":
            overdue.append(
                {
                    "cycle_id": cycle_id,
                    "cycle": estate.label(cycle_id),
                    "eol_from": lifecycle.eol_from,
                    "eoes_from": lifecycle.eoes_from
                    if lifecycle.eoes_from and lifecycle.eoes_from >= day
                    else None,
                    "systems": entry["systems"],
                    "components": entry["components"],
                    "overridden": bool(lifecycle.overridden),
                }
            )
    upcoming.sort(key=lambda item: (item.date, item.cycle))
    overdue.sort(key=lambda item: (item["eol_from"] or dt.date.min, item["cycle"]))
    month_counts: dict[tuple[str, str], int] = Counter()
    for item in upcoming:
        month_counts[(item.date.strftime("%Y-%m"), item.milestone)] += item.components
    systems = sorted(estate.systems.values(), key=lambda s: s.name)
    return {
        "day": day,
        "horizon": horizon,
        "upcoming": upcoming,
        "months": [
            {"month": month, "milestone": milestone, "components": n}
            for (month, milestone), n in sorted(month_counts.items())
        ],
        "overdue": overdue,
        "red_rated": [s for s in systems if s.red_rated],
        "no_plan": [s for s in systems if s.at_risk and not s.has_plan],
    }


def sbom_report(organisation, components, day: dt.date) -> tuple[dict, list[dict]]:
    """Counts by status (and why components are not covered) and one row per component."""
    components = list(components.order_by("name", "version", "pk"))
    cycle_ids = {c.cycle_id for c in components if c.cycle_id}
    # Today's catalogue, with dates compared to ``day``.
    lifecycles = (
        lifecycles_on(organisation, day, cycle_ids, catalogue_then=False) if cycle_ids else {}
    )
    products = dict(
        Product.objects.filter(
            pk__in={c.product_id for c in components if c.product_id}
        ).values_list("pk", "name")
    )
    cycles = dict(Cycle.objects.filter(pk__in=cycle_ids).values_list("pk", "name"))
    counts = dict.fromkeys(STATUSES, 0)
    reasons: dict[str, int] = {}
    # Covered components by how they were matched: exact and inferred are counted apart.
    matched_by = {"purl": 0, "cpe": 0, "family": 0}
    rows = []
    for c in components:
        status = status_on(lifecycles.get(c.cycle_id), day) if c.cycle_id else "not-covered"
        counts[status] += 1
        if c.cycle_id and c.match_kind in matched_by:
            matched_by[c.match_kind] += 1
        if status == "not-covered":
            reason = (
                "product matched, no release cycle for the version"
                if c.product_id
                else ("no purl or CPE" if not (c.purl or c.cpe) else "no catalogue product")
            )
            reasons[reason] = reasons.get(reason, 0) + 1
        rows.append(
            {
                "name": c.name,
                "version": c.version,
                "purl": c.purl,
                "product": products.get(c.product_id),
                "cycle": cycles.get(c.cycle_id),
                "status": status,
                "matched_by": c.match_kind,
                **({"reason": c.match_note} if status == "not-covered" or c.match_note else {}),
            }
        )
    summary = {
        "as_of": day.isoformat(),
        "components": len(components),
        "matched": len(components) - counts["not-covered"],
        "matched_by": matched_by,
        "past_eol": counts["eol"],
        "eol_within_3_months": counts["eol-3m"],
        "eol_within_6_months": counts["eol-6m"],
        "eol_within_12_months": counts["eol-12m"],
        "undecided": counts["undecided"],
        "maintained": counts["maintained"],
        "not_covered": counts["not-covered"],
        "not_covered_reasons": reasons,
    }
    return summary, rows


def component_statuses(organisation, day: dt.date) -> dict[int, str]:
    """Each release cycle the organisation's components use → its status on ``day`` (today's catalogue,
    the organisation's overrides): a few hundred cycles, so the components list can show and filter by
    status without computing it per component."""
    cycle_ids = set(
        Component.objects.filter(organisation=organisation, cycle__isnull=False)
        .values_list("cycle_id", flat=True)
        .distinct()
    )
    if not cycle_ids:
        return {}
    lifecycles = lifecycles_on(organisation, day, cycle_ids, catalogue_then=False)
    return {cycle_id: status_on(lifecycles.get(cycle_id), day) for cycle_id in cycle_ids}


def components_with_status(components, statuses: dict[int, str], status: str):
    """``components`` narrowed to one status ("not-covered": not matched to a cycle)."""
    if status == "not-covered":
        return components.filter(cycle__isnull=True)
    return components.filter(cycle_id__in=[c for c, s in statuses.items() if s == status])
