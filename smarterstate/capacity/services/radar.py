"""Store the radar (from radar_sources) and record decisions and snoozes on its items."""

from __future__ import annotations

import datetime as dt
import json
import secrets

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import JSONField
from django.utils import timezone

from smarterstate.organisations.models import Organisation

from .. import components, radar_sources, selectors
from ..models import RadarCount, RadarDecision, RadarFeed, RadarItem
from ..models.radar import DecisionAction

WRITE_BATCH = 5000
ITEM_FIELDS = [
    f.name for f in RadarItem._meta.concrete_fields if f.name not in ("id", "organisation")
]


def decision_states(
    today: dt.date, org_ids=None
) -> dict[tuple[int, str], tuple[str, dt.date | None]]:
    """(organisation, key) → (state, snoozed until) from each item's latest decision."""
    decisions = RadarDecision.objects.order_by("organisation_id", "key", "-decided_at", "-pk")
    if org_ids is not None:
        decisions = decisions.filter(organisation_id__in=org_ids)
    states: dict[tuple[int, str], tuple[str, dt.date | None]] = {}
    for org_id, key, action, until in decisions.values_list(
        "organisation_id", "key", "action", "snooze_until"
    ):
        if (org_id, key) in states:
            continue
        if action == DecisionAction.DECIDED:
            states[(org_id, key)] = ("decided", None)
        elif action == DecisionAction.SNOOZED and until and until > today:
            states[(org_id, key)] = ("snoozed", until)
        else:
            states[(org_id, key)] = ("open", None)
    return states


@transaction.atomic
def radar_refresh(
    *, today: dt.date, organisations=None, estates: components.Estates | None = None
) -> dict:
    """Replace the stored radar items with what the pillars say today.

    Items are keyed by the record behind them, so decisions (kept in RadarDecision) apply
    again to the same key after every refresh.
    """
    organisations = list(organisations if organisations is not None else Organisation.objects.all())
    org_ids = [org.pk for org in organisations]
    states = decision_states(today, org_ids)
    RadarItem.objects.filter(organisation_id__in=org_ids).delete()
    batch, stored, seen = [], 0, set()
    for entry in radar_sources.read_all(today, organisations, estates):
        marker = (entry["organisation_id"], entry["key"])
        if marker in seen:
            continue
        seen.add(marker)
        auto = entry.pop("auto_decided", False)
        state, until = states.get(marker, ("decided" if auto else "open", None))
        batch.append(RadarItem(**entry, decision_state=state, snoozed_until=until))
        if len(batch) >= WRITE_BATCH:
            stored += _insert(batch)
            batch = []
    stored += _insert(batch)
    radar_counts_store(today=today, org_ids=org_ids)
    return {"radar_items": stored}


def _insert(items: list[RadarItem]) -> int:
    """Write new items: PostgreSQL's COPY there (a refresh writes 100,000 of them, and building
    INSERT statements of their values took most of its time), bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        RadarItem.objects.bulk_create(items)
        return len(items)
    fields = [field for field in RadarItem._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields if f.column)
    sql = f"COPY {connection.ops.quote_name(RadarItem._meta.db_table)} ({columns}) FROM STDIN"
    json_fields = {field.attname for field in fields if isinstance(field, JSONField)}
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for item in items:
            copy.write_row(
                [
                    json.dumps(value) if field.attname in json_fields else value
                    for field in fields
                    for value in (getattr(item, field.attname),)
                ]
            )
    return len(items)


def radar_counts_store(*, today: dt.date, org_ids) -> None:
    """Recount the organisations' open items into the summary the cross-government pages read
    (RadarCount); an organisation with no items gets a row of zeros, so it counts as counted."""
    org_ids = list(org_ids)
    rows = selectors.count_open(RadarItem.objects.filter(organisation_id__in=org_ids), today)
    counted = {row["organisation_id"] for row in rows}
    empty = [0] * len(selectors.HORIZON_MONTHS)
    RadarCount.objects.filter(organisation_id__in=org_ids).delete()
    RadarCount.objects.bulk_create(
        [RadarCount(counted_on=today, **row) for row in rows]
        + [
            RadarCount(organisation_id=org_id, kind="", counted_on=today, horizons=empty)
            for org_id in org_ids
            if org_id not in counted
        ],
        batch_size=WRITE_BATCH,
    )


def _apply_state(item: RadarItem, today: dt.date) -> None:
    state, until = decision_states(today, [item.organisation_id]).get(
        (item.organisation_id, item.key), ("open", None)
    )
    RadarItem.objects.filter(pk=item.pk).update(decision_state=state, snoozed_until=until)
    item.decision_state, item.snoozed_until = state, until
    radar_counts_store(today=today, org_ids=[item.organisation_id])


@transaction.atomic
def radar_decision_record(
    *, item: RadarItem, user, option: str, note: str = "", evidence_url: str = "",
    decided_on: dt.datetime | None = None,
) -> RadarDecision:  # fmt: skip
    """Record the option chosen; the item leaves the open list and keeps its history."""
    if option not in item.options:
        raise ValidationError({"option": [f"Choose one of: {', '.join(item.options)}."]})
    decision = RadarDecision(
        organisation_id=item.organisation_id, key=item.key, kind=item.kind, subject=item.subject,
        due_date=item.due_date, action=DecisionAction.DECIDED, option=option, note=note,
        evidence_url=evidence_url, decided_by=user, decided_at=decided_on or timezone.now(),
    )  # fmt: skip
    decision.full_clean()
    decision.save()
    _apply_state(item, timezone.localdate())
    return decision


@transaction.atomic
def radar_snooze(*, item: RadarItem, user, until: dt.date, reason: str) -> RadarDecision:
    """Hide an item from the open list until a date, with a reason; it comes back then."""
    today = timezone.localdate()
    if until <= today:
        raise ValidationError({"snooze_until": ["Snooze until a date after today."]})
    if not reason.strip():
        raise ValidationError({"note": ["Say why the decision can wait."]})
    decision = RadarDecision(
        organisation_id=item.organisation_id, key=item.key, kind=item.kind, subject=item.subject,
        due_date=item.due_date, action=DecisionAction.SNOOZED, note=reason, snooze_until=until,
        decided_by=user, decided_at=timezone.now(),
    )  # fmt: skip
    decision.full_clean()
    decision.save()
    _apply_state(item, today)
    return decision


@transaction.atomic
def radar_reopen(*, item: RadarItem, user, reason: str) -> RadarDecision:
    """Put a decided or snoozed item back on the open list (the earlier entries stay)."""
    decision = RadarDecision(
        organisation_id=item.organisation_id, key=item.key, kind=item.kind, subject=item.subject,
        due_date=item.due_date, action=DecisionAction.REOPENED, note=reason, decided_by=user,
        decided_at=timezone.now(),
    )  # fmt: skip
    decision.full_clean()
    decision.save()
    _apply_state(item, timezone.localdate())
    return decision


@transaction.atomic
def radar_feed_reset(*, organisation) -> RadarFeed:
    """A new secret token for the organisation's calendar feed; the old link stops working."""
    token = secrets.token_urlsafe(32)
    feed, _ = RadarFeed.objects.update_or_create(
        organisation=organisation, defaults={"token": token}
    )
    return feed
