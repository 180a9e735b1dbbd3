"""Map OCDS buyers (parties) to the platform's organisations.

Automatic mapping, at normalisation time, for buyers that have no mapping yet:
1. by identifier: the buyer links to a GOV.UK organisation page
   (``gov.uk/government/organisations/<slug>``) whose slug is an organisation's slug;
2. by name: the buyer's normalised name equals an organisation's normalised name, or the
   normalised name of a buyer already mapped (so an admin's mapping of "Acme Council" also
   catches "ACME COUNCIL." published under another key).
A name shared by two organisations maps nothing: an admin decides. Mappings are stored in
BuyerMapping and never overwritten automatically; an admin's mapping (``buyer_mapping_set``)
replaces any earlier one and moves the buyer's processes to the organisation at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from smarterstate.commercial.models import (
    BuyerMapping,
    IndicatorRefreshStamp,
    MappingMethod,
    Party,
    Process,
)
from smarterstate.commercial.parties import normalise_name
from smarterstate.organisations.models import Organisation

_AMBIGUOUS = -1


class OrganisationIndex:
    """Organisations by slug and normalised name, plus names of already-mapped buyers."""

    def __init__(self) -> None:
        self.by_slug: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.by_mapped_name: dict[str, int] = {}

    @classmethod
    def load(cls) -> OrganisationIndex:
        index = cls()
        for pk, name, slug in Organisation.objects.values_list("id", "name", "slug"):
            index.by_slug[slug.casefold()] = pk
            index._add(index.by_name, normalise_name(name), pk)
        index.remember(
            BuyerMapping.objects.values_list("party__name", "organisation_id").iterator()
        )
        return index

    @staticmethod
    def _add(table: dict[str, int], name: str, pk: int) -> None:
        if not name:
            return
        if table.get(name, pk) != pk:
            table[name] = _AMBIGUOUS
        else:
            table[name] = pk

    def remember(self, pairs: Iterable[tuple[str, int]]) -> None:
        for name, pk in pairs:
            self._add(self.by_mapped_name, normalise_name(name), pk)

    def match(self, *, slug: str | None, name: str | None) -> tuple[int, str] | None:
        """``(organisation id, method)`` or None."""
        if slug and slug.casefold() in self.by_slug:
            return self.by_slug[slug.casefold()], MappingMethod.IDENTIFIER
        normalised = normalise_name(name)
        for table in (self.by_name, self.by_mapped_name):
            pk = table.get(normalised)
            if pk is not None:
                return (pk, MappingMethod.NAME) if pk != _AMBIGUOUS else None
        return None


@transaction.atomic
def buyer_mapping_set(
    *, party: Party, organisation: Organisation | None, user=None
) -> BuyerMapping | None:
    """An admin maps a buyer to an organisation (or, with ``organisation=None``, unmaps it).

    The buyer's processes move to the organisation straight away; indicators follow on the next
    ``refresh_indicators`` run. Returns the mapping (None after unmapping).
    """
    # Organisations' indicators change with no import touching them: the next refresh
    # (an import's included) must recompute every scope.
    IndicatorRefreshStamp.objects.all().delete()
    if organisation is None:
        BuyerMapping.objects.filter(party=party).delete()
        Process.objects.filter(buyer=party).update(organisation=None)
        return None
    mapping = BuyerMapping.objects.filter(party=party).first() or BuyerMapping(party=party)
    mapping.organisation = organisation
    mapping.method = MappingMethod.MANUAL
    mapping.mapped_by = user if user is not None and user.is_authenticated else None
    mapping.full_clean()
    mapping.save()
    if not party.is_buyer:
        Party.objects.filter(pk=party.pk).update(is_buyer=True)
    Process.objects.filter(buyer=party).update(organisation=organisation)
    return mapping


@transaction.atomic
def buyer_mappings_auto(*, parties: Iterable[Party] | None = None) -> int:
    """Auto-map unmapped buyers by name (e.g. after organisations were added). Returns the count.

    Only names are available here: GOV.UK links are seen at normalisation time.
    """
    index = OrganisationIndex.load()
    queryset = Party.objects.filter(is_buyer=True, mapping__isnull=True)
    if parties is not None:
        queryset = queryset.filter(pk__in=[p.pk for p in parties])
    created = 0
    for party in queryset.only("id", "name").iterator():
        match = index.match(slug=None, name=party.name)
        if match is None:
            continue
        organisation_id, method = match
        BuyerMapping.objects.create(party=party, organisation_id=organisation_id, method=method)
        Process.objects.filter(buyer=party).update(organisation_id=organisation_id)
        created += 1
    if created:
        IndicatorRefreshStamp.objects.all().delete()  # as in buyer_mapping_set
    return created
