"""endoflife.date API v1 ``/products/full`` (or one ``/products/{name}``) → the catalogue."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import IO, Any

from smarterstate.core.importing import (
    Importer,
    ImportReport,
    InputUnreadable,
    Position,
    Record,
    RecordRejected,
)

from ..services.catalogue import new_state, product_sync, snapshot_finish
from ..services.matching import components_rematch


def read_products(stream: IO[bytes], source: str) -> tuple[dict, list]:
    """The response's metadata and its products; a clear error for anything else."""
    try:
        document = json.load(stream)
    except UnicodeDecodeError as exc:
        raise InputUnreadable(f"{source}: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise InputUnreadable(
            f"{source}, line {exc.lineno}: not JSON ({exc.msg}, column {exc.colno})"
        ) from exc
    if not isinstance(document, dict) or "result" not in document:
        raise InputUnreadable(
            f"{source}: not an endoflife.date API v1 response (no 'result' field)"
        )
    result = document["result"]
    if isinstance(result, dict):  # /products/{name}
        products = [result]
    elif isinstance(result, list):  # /products/full
        products = result
    else:
        raise InputUnreadable(f"{source}: 'result' is neither a product nor a list of products")
    meta = {k: document.get(k) for k in ("schema_version", "generated_at", "total")}
    if (where := nul_path(meta, "")) is not None:
        raise InputUnreadable(f"{source}: {where[1:]} contains a NUL character")
    return meta, products


def nul_path(value: Any, path: str) -> str | None:
    """Where in a JSON value the first NUL character is (in a string or a key), or None.

    PostgreSQL stores NUL neither in text nor in jsonb (SQLite does), and run_import's own
    check sees only a record's top-level values, not a product's nested ones."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}"
            if "\x00" in key:
                return where.replace("\x00", "\\x00")  # the report is stored too
            if (found := nul_path(item, where)) is not None:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if (found := nul_path(item, f"{path}[{i}]")) is not None:
                return found
    return None


class EndOfLifeImporter(Importer):
    name = "endoflife.date catalogue"
    upload_kind = "reference"

    def __init__(self, synced_at: str | None = None):
        when = dt.datetime.fromisoformat(synced_at) if isinstance(synced_at, str) else synced_at
        self.synced_at = when
        self.state = None

    def records(self, stream: IO[bytes], source: str) -> Iterator[Record]:
        meta, products = read_products(stream, source)
        self.state = new_state(source, self.synced_at)
        self.state.meta = meta
        for index, product in enumerate(products):
            yield Record(Position(source), {"index": index, "product": product})

    def store(self, record: Record) -> str:
        where = f"result[{record.data['index']}]"
        if (found := nul_path(record.data["product"], where)) is not None:
            raise RecordRejected(f"{found} contains a NUL character", field=found)
        return product_sync(state=self.state, data=record.data["product"], where=where)

    def finish(self, report: ImportReport) -> None:
        if self.state is None:
            return
        snapshot = snapshot_finish(state=self.state)
        # Only the products the sync added or changed can move a component's match. That
        # includes a product whose identifiers or label alone changed (no cycle change, so
        # ``state.changed`` is False): identifiers decide which product a component matches.
        touched = self.state.touched_products
        rematched = components_rematch(products=touched) if touched else 0
        report.extra.update(
            {
                "snapshot": snapshot.pk,
                "products_added": snapshot.products_added,
                "cycles": snapshot.cycles,
                "cycles_added": snapshot.cycles_added,
                "cycles_changed": snapshot.cycles_changed,
                "cycles_removed": snapshot.cycles_removed,
                "components_rematched": rematched,
            }
        )
