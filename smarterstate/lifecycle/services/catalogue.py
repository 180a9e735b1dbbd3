"""Catalogue sync: endoflife.date API v1 products into Product and Cycle, one dated snapshot a sync.

endoflife.date keeps no history, so each sync records a ``CatalogueSnapshot`` and a
``CycleRevision`` for every cycle that is new, changed or gone; the time machine reads them.
A product whose vendor data hashes the same as last time is not compared cycle by cycle,
which makes re-syncing an unchanged file cheap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from smarterstate.core.importing import RecordRejected

from ..models import CatalogueSnapshot, Cycle, CycleRevision, Product, RevisionKind

# endoflife.date release field → Cycle field, and whether it is a date.
RELEASE_FIELDS = {
    "releaseDate": ("release_date", True),
    "isLts": ("is_lts", False),
    "ltsFrom": ("lts_from", True),
    "isEoas": ("is_eoas", False),
    "eoasFrom": ("eoas_from", True),
    "isEol": ("is_eol", False),
    "eolFrom": ("eol_from", True),
    "isEoes": ("is_eoes", False),
    "eoesFrom": ("eoes_from", True),
    "isDiscontinued": ("is_discontinued", False),
    "discontinuedFrom": ("discontinued_from", True),
    "isMaintained": ("is_maintained", False),
}
COMPARED = [name for name, _ in RELEASE_FIELDS.values()] + ["label", "codename", "latest_name"]


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordRejected(f"{where} {value!r} is not a date", field=where)
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise RecordRejected(f"{where} {value!r} is not a date (YYYY-MM-DD)", field=where) from exc


def _flag(value: Any, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise RecordRejected(f"{where} {value!r} is not true, false or null", field=where)


def parse_release(release: Any, where: str) -> dict[str, Any]:
    if not isinstance(release, dict):
        raise RecordRejected(f"{where} is not an object", field=where)
    name = release.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RecordRejected(f"{where}.name is missing", field=f"{where}.name")
    values: dict[str, Any] = {"name": name.strip()[:100]}
    for source, (target, is_date) in RELEASE_FIELDS.items():
        raw = release.get(source)
        values[target] = (
            _date(raw, f"{where}.{source}") if is_date else _flag(raw, f"{where}.{source}")
        )
    values["is_lts"] = bool(values["is_lts"])
    values["label"] = str(release.get("label") or "")[:200]
    values["codename"] = str(release.get("codename") or "")[:200]
    latest = release.get("latest") if isinstance(release.get("latest"), dict) else {}
    values["latest_name"] = str(latest.get("name") or "")[:100]
    values["latest_date"] = _date(latest.get("date"), f"{where}.latest.date")
    return values


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass
class SyncState:
    """What one sync has seen so far. Records are checked one by one (rejects keep their
    positions) and their writes are gathered, then stored in a few bulk statements by
    ``sync_finish``, so a sync costs a handful of queries rather than several a product."""

    synced_at: dt.datetime
    source: str
    meta: dict[str, Any] = field(default_factory=dict)
    snapshot: CatalogueSnapshot | None = None
    products: dict[str, Product] | None = None
    # Product name → where its kept listing is: a product listed twice in one file keeps the
    # first (as a cycle listed twice does), since its cycles are gathered by then.
    listed: dict[str, str] = field(default_factory=dict)
    cycles: dict[int, dict[str, Cycle]] | None = None
    new_products: list[Product] = field(default_factory=list)
    changed_products: list[Product] = field(default_factory=list)
    new_cycles: list[Cycle] = field(default_factory=list)
    changed_cycles: list[Cycle] = field(default_factory=list)
    revisions: list[CycleRevision] = field(default_factory=list)
    products_added: int = 0
    cycles_added: int = 0
    cycles_changed: int = 0
    cycles_removed: int = 0
    products_seen: int = 0
    cycles_seen: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.products_added or self.cycles_added or self.cycles_changed or self.cycles_removed
        )

    @property
    def touched_products(self) -> list[Product]:
        """Products added or changed by the sync: only their components can match differently
        (``components_rematch(products=...)``)."""
        return [*self.new_products, *self.changed_products]


def snapshot_for(state: SyncState) -> CatalogueSnapshot:
    if state.snapshot is None:
        generated = state.meta.get("generated_at")
        try:
            generated_at = dt.datetime.fromisoformat(generated) if generated else None
        except (TypeError, ValueError):
            generated_at = None
        state.snapshot = CatalogueSnapshot.objects.create(
            synced_at=state.synced_at,
            source=state.source[:500],
            schema_version=str(state.meta.get("schema_version") or "")[:20],
            generated_at=generated_at,
        )
        state.products = {product.name: product for product in Product.objects.all()}
        state.cycles = {}
        for cycle in Cycle.objects.all():
            state.cycles.setdefault(cycle.product_id, {})[cycle.name] = cycle
    return state.snapshot


def product_digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def product_sync(*, state: SyncState, data: Any, where: str) -> str:
    """Check one product and gather its writes; returns created / updated / unchanged."""
    name, parsed = _product_checked(state, data, where)
    snapshot = snapshot_for(state)
    state.listed[name] = where
    state.products_seen += 1
    state.cycles_seen += len(parsed)
    fields = _product_fields(data, name)
    product = state.products.get(name)
    if product is not None and product.digest == fields["digest"]:
        return "unchanged"
    if product is None:
        product = Product(name=name, **fields)
        state.products[name] = product
        state.new_products.append(product)
        state.products_added += 1
        outcome, existing = "created", {}
    else:
        for key, value in fields.items():
            setattr(product, key, value)
        if product.pk is not None and product not in state.changed_products:
            state.changed_products.append(product)
        outcome = "updated"
        existing = state.cycles.get(product.pk, {}) if product.pk else {}
    _cycles_sync(state, snapshot, product, existing, parsed)
    return outcome


def _product_checked(state: SyncState, data: Any, where: str) -> tuple[str, list[dict]]:
    """The product's name and parsed releases, or RecordRejected saying what and where."""
    if not isinstance(data, dict):
        raise RecordRejected(f"{where} is not an object")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RecordRejected(f"{where}: name is missing", field="name")
    name = name.strip()
    if len(name) > 100:
        raise RecordRejected(f"{where}: name is longer than 100 characters", field="name")
    if (first := state.listed.get(name)) is not None:
        raise RecordRejected(
            f"{where}: product {name} listed again; the first listing ({first}) was kept",
            field="name",
        )
    releases = data.get("releases")
    if not isinstance(releases, list):
        raise RecordRejected(f"{where} ({name}): releases is missing", field="releases")
    return name, [parse_release(r, f"{where}.releases[{i}]") for i, r in enumerate(releases)]


def _product_fields(data: dict, name: str) -> dict[str, Any]:
    identifiers = [
        {"type": str(i.get("type")), "id": str(i.get("id"))}
        for i in data.get("identifiers") or []
        if isinstance(i, dict) and i.get("id")
    ]
    return {
        "label": str(data.get("label") or name)[:200],
        "category": str(data.get("category") or "")[:50],
        "tags": data.get("tags") if isinstance(data.get("tags"), list) else [],
        "aliases": data.get("aliases") if isinstance(data.get("aliases"), list) else [],
        "identifiers": identifiers,
        "links": data.get("links") if isinstance(data.get("links"), dict) else {},
        "labels": data.get("labels") if isinstance(data.get("labels"), dict) else {},
        "digest": product_digest(data),
    }


def _cycles_sync(
    state: SyncState,
    snapshot: CatalogueSnapshot,
    product: Product,
    existing: dict[str, Cycle],
    parsed: list[dict],
) -> None:
    """Gather the cycles to add, change and mark removed, each with its revision."""
    seen = set()
    for position, values in enumerate(parsed):
        cycle_name = values.pop("name")
        if cycle_name in seen:
            continue  # the vendor listed it twice; the first wins
        seen.add(cycle_name)
        cycle = existing.get(cycle_name)
        if cycle is None:
            cycle = Cycle(product=product, name=cycle_name, position=position, **values)
            state.new_cycles.append(cycle)
            state.revisions.append(_revision(cycle, snapshot, RevisionKind.ADDED, []))
            state.cycles_added += 1
            continue
        changes = [
            [key, _json_value(getattr(cycle, key)), _json_value(values[key])]
            for key in COMPARED
            if getattr(cycle, key) != values[key]
        ]
        if changes or cycle.removed or cycle.position != position:
            for key, value in values.items():
                setattr(cycle, key, value)
            cycle.position = position
            was_removed, cycle.removed = cycle.removed, False
            state.changed_cycles.append(cycle)
            if changes or was_removed:
                state.revisions.append(_revision(cycle, snapshot, RevisionKind.CHANGED, changes))
                state.cycles_changed += 1
    for cycle_name, cycle in existing.items():
        if cycle_name not in seen and not cycle.removed:
            cycle.removed = True
            state.changed_cycles.append(cycle)
            state.revisions.append(_revision(cycle, snapshot, RevisionKind.REMOVED, []))
            state.cycles_removed += 1


def _revision(cycle: Cycle, snapshot, kind: str, changes: list) -> CycleRevision:
    return CycleRevision(
        cycle=cycle,
        snapshot=snapshot,
        kind=kind,
        changes=changes,
        **{name: getattr(cycle, name) for name in Cycle.LIFECYCLE_FIELDS},
    )


@transaction.atomic
def snapshot_finish(*, state: SyncState) -> CatalogueSnapshot:
    """Store what the sync gathered and the snapshot's counts (a sync that found nothing
    to change still leaves a snapshot)."""
    snapshot = snapshot_for(state)
    Product.objects.bulk_create(state.new_products, batch_size=500)
    if state.changed_products:
        Product.objects.bulk_update(
            state.changed_products,
            ["label", "category", "tags", "aliases", "identifiers", "links", "labels", "digest"],
            batch_size=500,
        )
    for cycle in state.new_cycles:
        cycle.product = cycle.product  # the product's id, now that it is saved
    Cycle.objects.bulk_create(state.new_cycles, batch_size=2000)
    if state.changed_cycles:
        Cycle.objects.bulk_update(
            state.changed_cycles,
            [*COMPARED, "latest_date", "position", "removed"],
            batch_size=1000,
        )
    for revision in state.revisions:
        revision.cycle = revision.cycle
    CycleRevision.objects.bulk_create(state.revisions, batch_size=2000)
    snapshot.products = state.products_seen
    snapshot.cycles = state.cycles_seen
    snapshot.products_added = state.products_added
    snapshot.cycles_added = state.cycles_added
    snapshot.cycles_changed = state.cycles_changed
    snapshot.cycles_removed = state.cycles_removed
    snapshot.save()
    return snapshot


def new_state(source: str, synced_at: dt.datetime | None = None) -> SyncState:
    return SyncState(synced_at=synced_at or timezone.now(), source=source)
