import pytest

from smarterstate.commercial.models import BuyerMapping, IndicatorValue, Party, Process
from smarterstate.commercial.normalise import normalise_ocids
from smarterstate.commercial.selectors import unmapped_buyers
from smarterstate.commercial.services.mapping import buyer_mapping_set, buyer_mappings_auto
from smarterstate.commercial.services.refresh import refresh_indicators
from smarterstate.commercial.tests import ocds_data
from smarterstate.commercial.tests.factories import BuyerFactory, ProcessFactory
from smarterstate.organisations.tests.factories import OrganisationFactory

CF_2025_03 = "uk_contractsfinder_releases_2025-03.jsonl"
UKAEA_OCID = "ocds-b5fd17-a2e8d11a-9970-43cf-9088-a4c30017882c"
DONCASTER = "City of Doncaster Council"


def test_it_maps_a_buyer_by_its_govuk_organisation_link(db):
    # The buyer's details.url is gov.uk/government/organisations/uk-atomic-energy-authority; the
    # organisation's name differs, so only the identifier can match.
    ukaea = OrganisationFactory(
        name="UK Atomic Energy Authority", slug="uk-atomic-energy-authority"
    )
    normalise_ocids(ocds_data.load(CF_2025_03))
    process = Process.objects.get(ocid=UKAEA_OCID)
    assert process.organisation == ukaea
    assert process.buyer.mapping.method == "identifier"


def test_it_maps_a_buyer_by_normalised_name(db):
    doncaster = OrganisationFactory(name="CITY OF DONCASTER COUNCIL.", slug="doncaster")
    normalise_ocids(ocds_data.load(CF_2025_03))
    processes = Process.objects.filter(buyer__name=DONCASTER)
    assert processes.count() == 4
    assert set(processes.values_list("organisation", flat=True)) == {doncaster.pk}
    mapping = BuyerMapping.objects.get(party__name=DONCASTER)
    assert (mapping.organisation, mapping.method) == (doncaster, "name")


def test_it_does_not_map_an_ambiguous_name(db):
    OrganisationFactory(name="City of Doncaster Council", slug="doncaster-1")
    OrganisationFactory(name="City of Doncaster Council Ltd", slug="doncaster-2")
    normalise_ocids(ocds_data.load(CF_2025_03))
    assert not BuyerMapping.objects.filter(party__name=DONCASTER).exists()


def test_a_manual_mapping_is_remembered_across_renormalisation(db, admin_a, org_a, org_b):
    OrganisationFactory(name=DONCASTER, slug="doncaster")  # would match by name
    ocids = ocds_data.load(CF_2025_03)
    normalise_ocids(ocids)
    party = Party.objects.get(name=DONCASTER)
    mapping = buyer_mapping_set(party=party, organisation=org_b, user=admin_a)
    assert (mapping.method, mapping.mapped_by) == ("manual", admin_a)
    assert set(Process.objects.filter(buyer=party).values_list("organisation", flat=True)) == {
        org_b.pk
    }

    normalise_ocids(ocids)

    mapping.refresh_from_db()
    assert (mapping.organisation, mapping.method) == (org_b, "manual")
    assert set(Process.objects.filter(buyer=party).values_list("organisation", flat=True)) == {
        org_b.pk
    }


def test_a_manual_mapping_catches_the_same_name_under_another_key(db, org_a):
    first = BuyerFactory(name="Acme Borough Council", key="GB-CFS-1")
    buyer_mapping_set(party=first, organisation=org_a, user=None)
    ProcessFactory(buyer=None)  # unrelated
    other = BuyerFactory(name="ACME BOROUGH COUNCIL.", key="GB-CFS-2")
    assert buyer_mappings_auto() == 1
    assert BuyerMapping.objects.get(party=other).organisation == org_a


def test_unmapping_clears_the_processes(db, org_a):
    party = BuyerFactory()
    ProcessFactory(buyer=party)
    buyer_mapping_set(party=party, organisation=org_a)
    assert buyer_mapping_set(party=party, organisation=None) is None
    assert Process.objects.get(buyer=party).organisation is None
    assert party in unmapped_buyers()


def test_unmapped_buyers_lists_the_busiest_first(db, org_a):
    quiet, busy, mapped = BuyerFactory(name="Quiet"), BuyerFactory(name="Busy"), BuyerFactory()
    ProcessFactory(buyer=quiet)
    ProcessFactory.create_batch(3, buyer=busy)
    buyer_mapping_set(party=mapped, organisation=org_a)
    result = list(unmapped_buyers())
    assert result == [busy, quiet]
    assert result[0].process_count == 3


def test_a_mapping_moves_the_buyer_into_the_organisation_indicators(db, org_a):
    party = BuyerFactory()
    ProcessFactory(buyer=party)
    refresh_indicators()
    assert not IndicatorValue.objects.filter(organisation=org_a).exists()
    buyer_mapping_set(party=party, organisation=org_a)
    refresh_indicators()
    assert IndicatorValue.objects.filter(organisation=org_a, code="A1").exists()


@pytest.mark.parametrize("name", ["", "   "])
def test_nameless_buyers_never_match(db, name):
    OrganisationFactory(name="Anything", slug="anything")
    BuyerFactory(name=name, key=f"name:{name}x")
    assert buyer_mappings_auto() == 0


def test_a_new_automatic_mapping_also_moves_earlier_processes(db):
    normalise_ocids(ocds_data.load(CF_2025_03))
    earlier = Process.objects.filter(buyer__name=DONCASTER)
    assert set(earlier.values_list("organisation", flat=True)) == {None}
    doncaster = OrganisationFactory(name=DONCASTER, slug="doncaster")
    # Only one of the buyer's ocids comes round again (a later import).
    normalise_ocids([earlier.first().ocid])
    assert set(earlier.values_list("organisation", flat=True)) == {doncaster.pk}
