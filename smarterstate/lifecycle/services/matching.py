"""Matching components to catalogue products (base purl, then cpe) and release cycles
(longest dot-boundary prefix of the version), and re-matching after a catalogue sync."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from ..models import Component, Cycle, Product
from ..rules import base_cpe, base_purl, clean_version, match_cycle


@dataclass(frozen=True)
class Match:
    product_id: int | None
    cycle_id: int | None
    note: str


def identifier_bases(identifiers) -> Iterator[tuple[str, str]]:
    """A product's identifiers as ("purl", base purl) and ("cpe", vendor:product) pairs."""
    for identifier in identifiers or []:
        kind, value = identifier.get("type"), identifier.get("id", "")
        if kind == "purl" and (base := base_purl(value)):
            yield "purl", base
        elif kind == "cpe" and (base := base_cpe(value)):
            yield "cpe", base


@dataclass
class CatalogueIndex:
    by_purl: dict[str, int] = field(default_factory=dict)
    by_cpe: dict[str, int] = field(default_factory=dict)
    cycles: dict[int, dict[str, int]] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> CatalogueIndex:
        index = cls()
        for pk, label, identifiers in Product.objects.values_list("pk", "label", "identifiers"):
            index.labels[pk] = label
            for kind, base in identifier_bases(identifiers):
                (index.by_purl if kind == "purl" else index.by_cpe).setdefault(base, pk)
        for pk, product_id, name in Cycle.objects.filter(removed=False).values_list(
            "pk", "product_id", "name"
        ):
            index.cycles.setdefault(product_id, {})[name] = pk
        return index

    def match(self, *, purl: str = "", cpe: str = "", version: str = "") -> Match:
        product_id = None
        purl_base = base_purl(purl)
        if purl_base:
            product_id = self.by_purl.get(purl_base)
        if product_id is None and (cpe_base := base_cpe(cpe)):
            product_id = self.by_cpe.get(cpe_base)
        if product_id is None:
            if not purl and not cpe:
                return Match(None, None, "No purl or CPE to match on.")
            if purl and not purl_base and not cpe:
                return Match(None, None, "The purl is not valid.")
            return Match(None, None, f"No catalogue product for {purl_base or cpe}.")
        cycles = self.cycles.get(product_id, {})
        cycle_name = match_cycle(version, cycles)
        label = self.labels.get(product_id, "")
        if cycle_name is None:
            if not clean_version(version):
                return Match(product_id, None, f"{label}: no version to match a release cycle.")
            return Match(product_id, None, f"{label} has no release cycle for version {version}.")
        return Match(product_id, cycles[cycle_name], "")


MATCHED_FIELDS = ("pk", "purl", "cpe", "version", "product_id", "cycle_id", "match_note")
# Ids per query: SQLite takes at most ~1,000 parameters.
CHUNK = 900


def _purl_type(purl: str) -> str:
    """The type of a ``pkg:`` purl, read as packageurl reads it (lower case)."""
    return purl[4:].strip().lstrip("/").partition("/")[0].lower()


def components_affected(components, products: Iterable[Product]) -> list[int]:
    """Ids of the components whose match a change to ``products`` (added or changed) can change.

    A match depends only on which product claims the component's base purl or CPE (the first by
    label), and on that product's label and release cycles. So: the components matched to one of
    the products, and those whose base purl or CPE one of them now lists (a new or changed
    identifier can take them from no product or from another). Everything else keeps its match.
    """
    products = list(products)
    ids = {product.pk for product in products if product.pk is not None}  # None: unmatched
    purls: set[str] = set()
    cpes: set[str] = set()
    for product in products:
        for kind, base in identifier_bases(product.identifiers):
            (purls if kind == "purl" else cpes).add(base)
    purl_types = {_purl_type(base) for base in purls}
    bases: dict[str, str | None] = {}  # purl → base purl: parsing is the slow part
    affected = []
    for pk, purl, cpe, product_id in components.values_list(
        "pk", "purl", "cpe", "product_id"
    ).iterator(chunk_size=5000):
        if product_id in ids or (cpes and cpe and base_cpe(cpe) in cpes):
            affected.append(pk)
        elif purls and purl.startswith("pkg:") and _purl_type(purl) in purl_types:
            if purl not in bases:
                bases[purl] = base_purl(purl)
            if bases[purl] in purls:
                affected.append(pk)
    return affected


@transaction.atomic
def components_rematch(
    *,
    index: CatalogueIndex | None = None,
    queryset=None,
    products: Iterable[Product] | None = None,
) -> int:
    """Match components again after a catalogue change; returns how many changed.

    Every component (of ``queryset``, if given) — or, given the ``products`` a catalogue sync
    added or changed (``SyncState.touched_products``), only the components whose match those can
    change (``components_affected``): the rest would match exactly as before.
    """
    index = index or CatalogueIndex.load()
    components = queryset if queryset is not None else Component.objects.all()
    if products is None:
        batches = [components]
    else:
        pks = components_affected(components, products)
        batches = [components.filter(pk__in=pks[i : i + CHUNK]) for i in range(0, len(pks), CHUNK)]
    changed = []
    for batch in batches:
        for component in batch.only(*MATCHED_FIELDS).iterator(chunk_size=2000):
            match = index.match(purl=component.purl, cpe=component.cpe, version=component.version)
            if (component.product_id, component.cycle_id, component.match_note) != (
                match.product_id,
                match.cycle_id,
                match.note,
            ):
                component.product_id, component.cycle_id = match.product_id, match.cycle_id
                component.match_note = match.note
                changed.append(component)
    Component.objects.bulk_update(changed, ["product", "cycle", "match_note"], batch_size=1000)
    return len(changed)
