"""endoflife.date API v1 ``/products/full`` (or one ``/products/{name}``) → the catalogue."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import IO

from smarterstate.core.importing import Importer, ImportReport, InputUnreadable, Position, Record

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
    return meta, products


class EndOfLifeImporter(Importer):
    name = "endoflife.date catalogue"

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
        return product_sync(state=self.state, data=record.data["product"], where=where)

    def finish(self, report: ImportReport) -> None:
        if self.state is None:
            return
        snapshot = snapshot_finish(state=self.state)
        rematched = components_rematch() if self.state.changed else 0
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
