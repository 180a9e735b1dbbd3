"""Matching components to catalogue products and release cycles, and re-matching after a
catalogue sync.

A component matches a product by, in order: its base purl (``purl``, exact), its CPE
(``cpe``), or its purl family (``family``, inferred): the purl namespace equals the namespace of
exactly one product's purl identifiers — ``org.eclipse.jetty/jetty-util`` beside the listed
``jetty-server`` — *and* its version finds a release cycle of that product. The cycle is the
guard against false families (``symfony/polyfill-*`` 1.x are not Symfony 1.x): a family match
without a cycle is no match. Cycles are the longest dot-boundary prefix of the version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from ..models import Component, ComponentMapping, Cycle, MatchKind, Product
from ..rules import base_cpe, base_purl, clean_version, match_cycle, purl_family


@dataclass(frozen=True)
class Match:
    product_id: int | None
    cycle_id: int | None
    note: str
    kind: str = MatchKind.NONE


def identifier_bases(identifiers) -> Iterator[tuple[str, str]]:
    """A product's identifiers as ("purl", base purl) and ("cpe", vendor:product) pairs."""
    for identifier in identifiers or []:
        kind, value = identifier.get("type"), identifier.get("id", "")
        if kind == "purl" and (base := base_purl(value)):
            yield "purl", base
        elif kind == "cpe" and (base := base_cpe(value)):
            yield "cpe", base


def _first_word(purl: str) -> str:
    """The package name's first word: ``pkg:maven/org.eclipse.jetty/jetty-util@9`` → ``jetty``."""
    name = purl.split("?")[0].split("@")[0].rstrip("/").rsplit("/", 1)[-1]
    return re.split(r"[-_.]", name.lower(), maxsplit=1)[0]


@dataclass
class CatalogueIndex:
    by_purl: dict[str, int] = field(default_factory=dict)
    by_cpe: dict[str, int] = field(default_factory=dict)
    cycles: dict[int, dict[str, int]] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    # purl family (pkg:type/namespace) → {product id: the product's first base purl in it}
    families: dict[str, dict[int, str]] = field(default_factory=dict)
    # organisation id → {purl family or base purl: product id, or None for "not covered"}
    mappings: dict[int, dict[str, int | None]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> CatalogueIndex:
        return cls.build(
            Product.objects.values_list("pk", "label", "identifiers"),
            Cycle.objects.filter(removed=False).values_list("pk", "product_id", "name"),
            ComponentMapping.objects.values_list("organisation_id", "key", "product_id"),
        )

    @classmethod
    def build(
        cls,
        products: Iterable[tuple[int, str, list]],
        cycles: Iterable[tuple[int, int, str]],
        mappings: Iterable[tuple[int, str, int | None]] = (),
    ) -> CatalogueIndex:
        """From (pk, label, identifiers) of each product and (pk, product id, name) of each
        cycle in the catalogue (bench/lifecycle_coverage.py builds one from the JSON file)."""
        index = cls()
        for pk, label, identifiers in products:
            index.labels[pk] = label
            for kind, base in identifier_bases(identifiers):
                (index.by_purl if kind == "purl" else index.by_cpe).setdefault(base, pk)
                if kind == "purl" and (family := purl_family(base)):
                    index.families.setdefault(family, {}).setdefault(pk, base)
        for pk, product_id, name in cycles:
            index.cycles.setdefault(product_id, {})[name] = pk
        for organisation_id, key, mapped_id in mappings:
            index.mappings.setdefault(organisation_id, {})[key] = mapped_id
        return index

    def mapping_match(
        self, organisation_id: int | None, purl_base: str, version: str
    ) -> Match | None:
        """The organisation's mapping of the package, else of its family; None if neither."""
        mapped = self.mappings.get(organisation_id or 0)
        if not mapped:
            return None
        family = purl_family(purl_base) or ""
        key = purl_base if purl_base in mapped else family if family in mapped else None
        if key is None:
            return None
        product_id = mapped[key]
        if product_id is None:
            return Match(None, None, f"Not covered: your organisation's mapping of {key}.")
        cycles = self.cycles.get(product_id, {})
        cycle_name = match_cycle(version, cycles)
        label = self.labels.get(product_id, "")
        if cycle_name is None:
            return Match(
                product_id,
                None,
                f"{label} (your mapping of {key}) has no release cycle for version {version}.",
                MatchKind.MAPPING,
            )
        return Match(
            product_id,
            cycles[cycle_name],
            f"Your organisation's mapping of {key}.",
            MatchKind.MAPPING,
        )

    def family_match(self, purl: str, version: str) -> Match | None:
        """The inferred match by purl family, or None: no family, several products share it,
        the component's name does not start with the listed package's first word (``jetty-util``
        beside ``jetty-server``; not ``laravel/laravel`` beside ``laravel/framework``), or the
        version finds no release cycle of the one product."""
        family = purl_family(purl)
        owners = self.families.get(family or "", {})
        if len(owners) != 1:
            return None
        ((product_id, listed),) = owners.items()
        if _first_word(purl) != _first_word(listed):
            return None
        cycles = self.cycles.get(product_id, {})
        cycle_name = match_cycle(version, cycles)
        if cycle_name is None:
            return None
        return Match(
            product_id,
            cycles[cycle_name],
            f"Inferred: same namespace as {listed}.",
            MatchKind.FAMILY,
        )

    def match(
        self,
        *,
        purl: str = "",
        cpe: str = "",
        version: str = "",
        organisation_id: int | None = None,
    ) -> Match:
        product_id = None
        kind = MatchKind.NONE
        purl_base = base_purl(purl)
        if purl_base:
            product_id = self.by_purl.get(purl_base)
            kind = MatchKind.PURL
        if product_id is None and (cpe_base := base_cpe(cpe)):
            product_id = self.by_cpe.get(cpe_base)
            kind = MatchKind.CPE
        if product_id is None and purl_base:
            if mapped := self.mapping_match(organisation_id, purl_base, version):
                return mapped
            if family := self.family_match(purl, version):
                return family
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
                return Match(
                    product_id, None, f"{label}: no version to match a release cycle.", kind
                )
            return Match(
                product_id, None, f"{label} has no release cycle for version {version}.", kind
            )
        return Match(product_id, cycles[cycle_name], "", kind)


MATCHED_FIELDS = (
    "pk",
    "purl",
    "cpe",
    "version",
    "product_id",
    "cycle_id",
    "match_note",
    "match_kind",
    "organisation_id",
)
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
    identifier can take them from no product or from another), and those in the purl family of
    one of those identifiers (a family match depends on how many products share the namespace).
    Everything else keeps its match.
    """
    products = list(products)
    ids = {product.pk for product in products if product.pk is not None}  # None: unmatched
    purls: set[str] = set()
    cpes: set[str] = set()
    for product in products:
        for kind, base in identifier_bases(product.identifiers):
            (purls if kind == "purl" else cpes).add(base)
    purl_types = {_purl_type(base) for base in purls}
    families = {family for base in purls if (family := purl_family(base))}
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
            component_base = bases[purl]
            if component_base in purls or (
                component_base and purl_family(component_base) in families
            ):
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
            match = index.match(
                purl=component.purl,
                cpe=component.cpe,
                version=component.version,
                organisation_id=component.organisation_id,
            )
            if (
                component.product_id,
                component.cycle_id,
                component.match_note,
                component.match_kind,
            ) != (match.product_id, match.cycle_id, match.note, match.kind):
                component.product_id, component.cycle_id = match.product_id, match.cycle_id
                component.match_note, component.match_kind = match.note, match.kind
                changed.append(component)
    Component.objects.bulk_update(
        changed, ["product", "cycle", "match_note", "match_kind"], batch_size=1000
    )
    return len(changed)
