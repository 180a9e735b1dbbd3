"""Writes for an organisation's coverage: mappings of component families, and its own lifecycle
entries for software the catalogue does not cover. Each re-matches the organisation's components
it can change, so the mapping shows at once and applies to every later SBOM."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from ..models import Component, ComponentMapping, Cycle, Product
from ..rules import mapping_key
from .matching import components_rematch


@dataclass(frozen=True)
class OwnCycle:
    name: str
    release_date: dt.date | None
    eol_from: dt.date | None


def _rematch(organisation, key: str) -> int:
    # Every component of the package or family, its purl encoded or not (pkg:npm/%40acme or
    # pkg:npm/@acme); re-matching the few others the prefix takes in is harmless.
    prefixes = {key, unquote(key)}
    condition = Q()
    for prefix in prefixes:
        condition |= Q(purl__startswith=prefix)
    components = Component.objects.filter(condition, organisation=organisation)
    return components_rematch(queryset=components)


def _key(key: str) -> str:
    normalised = mapping_key(key)
    if normalised is None:
        raise ValidationError({"key": "Enter a purl family such as pkg:maven/org.acme"})
    return normalised


@transaction.atomic
def component_mapping_set(
    *, organisation, key: str, product: Product | None, note: str, user
) -> ComponentMapping:
    """Map the family or package ``key`` to ``product`` (None: not covered); returns the mapping."""
    key = _key(key)
    if product is not None and product.organisation_id not in (None, organisation.pk):
        raise ValidationError({"product": "Choose a catalogue product or your own entry."})
    mapping = ComponentMapping.objects.filter(organisation=organisation, key=key).first()
    if mapping is None:
        mapping = ComponentMapping(organisation=organisation, key=key)
    mapping.product, mapping.note, mapping.created_by = product, note, user
    mapping.full_clean()
    mapping.save()
    _rematch(organisation, key)
    return mapping


@transaction.atomic
def component_mapping_delete(*, mapping: ComponentMapping) -> None:
    organisation, key = mapping.organisation, mapping.key
    mapping.delete()
    _rematch(organisation, key)


@transaction.atomic
def own_product_create(
    *, organisation, label: str, evidence: str, cycles: list[OwnCycle], key: str, user
) -> Product:
    """The organisation's own lifecycle entry, with its cycles, mapped from ``key``."""
    key = _key(key)
    name = f"{organisation.slug}.{slugify(label)}"[:100]
    product = Product(
        name=name, label=label, organisation=organisation, evidence=evidence, identifiers=[]
    )
    product.full_clean()
    product.save()
    Cycle.objects.bulk_create(
        Cycle(
            product=product,
            name=cycle.name,
            position=position,
            release_date=cycle.release_date,
            eol_from=cycle.eol_from,
            is_eol=None,
        )
        for position, cycle in enumerate(cycles)
    )
    component_mapping_set(
        organisation=organisation,
        key=key,
        product=product,
        note=f"Our own lifecycle entry. {evidence}".strip(),
        user=user,
    )
    return product
