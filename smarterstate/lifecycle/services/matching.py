"""Matching components to catalogue products (base purl, then cpe) and release cycles
(longest dot-boundary prefix of the version), and re-matching after a catalogue sync."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from ..models import Component, Cycle, Product
from ..rules import base_cpe, base_purl, clean_version, match_cycle


@dataclass(frozen=True)
class Match:
    product_id: int | None
    cycle_id: int | None
    note: str


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
            for identifier in identifiers or []:
                kind, value = identifier.get("type"), identifier.get("id", "")
                if kind == "purl" and (base := base_purl(value)):
                    index.by_purl.setdefault(base, pk)
                elif kind == "cpe" and (base := base_cpe(value)):
                    index.by_cpe.setdefault(base, pk)
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


@transaction.atomic
def components_rematch(*, index: CatalogueIndex | None = None, queryset=None) -> int:
    """Match every component again (after a catalogue change); returns how many changed."""
    index = index or CatalogueIndex.load()
    components = queryset if queryset is not None else Component.objects.all()
    changed = []
    for component in components.only(
        "pk", "purl", "cpe", "version", "product_id", "cycle_id", "match_note"
    ).iterator(chunk_size=2000):
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
