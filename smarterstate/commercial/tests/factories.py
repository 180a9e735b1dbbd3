"""factory_boy factories for the commercial models.

Defaults describe a plausible UK process: a buyer, an open tender started 1 May 2024 and awarded
on 1 July 2024 (financial year 2024-25) for £100,000 in CPV division 72 (IT services).
Build a whole awarded process in one line::

    award = AwardFactory(process__buyer=buyer, value=250_000, suppliers=[acme])
    contract = ContractFactory(process=award.process, award=award)

``ReleaseFactory``/``CompiledReleaseFactory`` store raw JSON text as the importer does.
"""

from datetime import UTC, datetime
from decimal import Decimal

import factory
import orjson

from smarterstate.commercial.models import (
    Amendment,
    Award,
    AwardSupplier,
    BuyerMapping,
    CompiledRelease,
    Contract,
    IndicatorValue,
    Lot,
    MappingMethod,
    MethodCategory,
    Party,
    Process,
    Release,
)
from smarterstate.organisations.tests.factories import OrganisationFactory


def dt(year: int, month: int = 1, day: int = 1) -> datetime:
    """An aware UTC datetime at noon, so local-date conversions never cross midnight."""
    return datetime(year, month, day, 12, tzinfo=UTC)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("key",)

    name = factory.Sequence(lambda n: f"Supplier {n} Ltd")
    scheme = "GB-COH"
    identifier = factory.Sequence(lambda n: f"{n:08d}")
    key = factory.LazyAttribute(
        lambda p: f"{p.scheme}-{p.identifier}" if p.scheme else f"name:{p.name.casefold()}"
    )
    is_supplier = True

    class Params:
        buyer = factory.Trait(
            is_buyer=True,
            is_supplier=False,
            scheme="",
            identifier="",
            name=factory.Sequence(lambda n: f"Buying Body {n}"),
        )
        sme = factory.Trait(is_sme=True, is_vcse=False)
        large = factory.Trait(is_sme=False, is_vcse=False)
        vcse = factory.Trait(is_sme=True, is_vcse=True)


class BuyerFactory(PartyFactory):
    buyer = True


class BuyerMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuyerMapping

    party = factory.SubFactory(BuyerFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    method = MappingMethod.MANUAL


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    ocid = factory.Sequence(lambda n: f"ocds-test00-{n:06d}")
    buyer = factory.SubFactory(BuyerFactory)
    title = factory.Sequence(lambda n: f"IT services contract {n}")
    status = "complete"
    procurement_method = "open"
    procurement_method_details = "Open procedure"
    method_category = MethodCategory.OPEN
    main_cpv = "72000000"
    cpv_division = factory.LazyAttribute(lambda p: p.main_cpv[:2])
    tender_value = Decimal("100000")
    tender_currency = "GBP"
    tender_start = factory.LazyFunction(lambda: dt(2024, 5, 1))
    tender_start_source = "tenderPeriod.startDate"
    tender_end = factory.LazyFunction(lambda: dt(2024, 6, 1))
    first_release_date = factory.LazyAttribute(lambda p: p.tender_start)
    last_release_date = factory.LazyAttribute(lambda p: p.first_award_date or p.tender_start)
    release_count = 2
    first_award_date = factory.LazyFunction(lambda: dt(2024, 7, 1))
    awarded_value = None
    reference_date = factory.LazyAttribute(
        lambda p: p.first_award_date or p.tender_start or p.first_release_date
    )

    class Params:
        # A process with a tender and no award yet.
        tendering = factory.Trait(status="active", first_award_date=None)
        direct = factory.Trait(
            procurement_method="direct",
            procurement_method_details="Direct award",
            method_category=MethodCategory.DIRECT,
        )
        call_off = factory.Trait(
            procurement_method="selective",
            procurement_method_details="Call-off from a framework agreement",
            method_category=MethodCategory.SELECTIVE,
            is_call_off=True,
        )

    @factory.lazy_attribute
    def organisation(self):
        mapping = BuyerMapping.objects.filter(party=self.buyer).first() if self.buyer else None
        return mapping.organisation if mapping else None


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    process = factory.SubFactory(ProcessFactory)
    lot_id = factory.Sequence(lambda n: f"lot-{n}")
    title = "Lot"


class AwardFactory(factory.django.DjangoModelFactory):
    """An active award. ``suppliers=[party, …]`` links suppliers (default: one new supplier).

    Keeps the process's ``awarded_value`` and ``first_award_date`` in step, as normalisation does.
    """

    class Meta:
        model = Award
        skip_postgeneration_save = True

    process = factory.SubFactory(ProcessFactory)
    award_id = factory.Sequence(lambda n: f"award-{n}")
    status = "active"
    date = factory.LazyAttribute(lambda a: a.process.first_award_date or dt(2024, 7, 1))
    value = Decimal("100000")
    currency = "GBP"

    @factory.post_generation
    def suppliers(self, create, extracted, **kwargs):
        if not create:
            return
        parties = extracted if extracted is not None else [PartyFactory()]
        for party in parties:
            AwardSupplier.objects.get_or_create(award=self, party=party)
        process = self.process
        if self.status not in ("cancelled", "unsuccessful", "pending"):
            changed = []
            if self.value is not None:
                process.awarded_value = (process.awarded_value or 0) + Decimal(self.value)
                changed.append("awarded_value")
            if self.date and (
                process.first_award_date is None or self.date < process.first_award_date
            ):
                process.first_award_date = self.date
                process.reference_date = self.date
                changed += ["first_award_date", "reference_date"]
            if changed:
                process.save(update_fields=changed)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    process = factory.SubFactory(ProcessFactory)
    award = None
    contract_id = factory.Sequence(lambda n: f"contract-{n}")
    status = "active"
    date_signed = factory.LazyFunction(lambda: dt(2024, 7, 15))
    period_start = factory.LazyFunction(lambda: dt(2024, 8, 1))
    period_end = factory.LazyFunction(lambda: dt(2026, 7, 31))
    original_period_end = factory.LazyAttribute(lambda c: c.period_end)
    value = Decimal("100000")
    original_value = factory.LazyAttribute(lambda c: c.value)
    currency = "GBP"
    amendment_count = 0
    kpi_count = None


class AmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amendment

    contract = factory.SubFactory(ContractFactory)
    process = factory.LazyAttribute(lambda a: a.contract.process)
    amendment_id = factory.Sequence(lambda n: f"amendment-{n}")
    date = factory.LazyFunction(lambda: dt(2025, 1, 1))
    source = "contract"


class ReleaseFactory(factory.django.DjangoModelFactory):
    """A raw release; pass ``payload`` (a dict) to set the JSON, ocid/id/date/tag follow it."""

    class Meta:
        model = Release
        exclude = ("payload",)

    payload = factory.LazyAttribute(
        lambda r: {"ocid": r.ocid, "id": r.release_id, "date": r.date_text, "tag": r.tags}
    )
    ocid = factory.Sequence(lambda n: f"ocds-test00-{n:06d}")
    release_id = factory.Sequence(lambda n: f"release-{n}")
    date_text = "2024-05-01T12:00:00Z"
    date = factory.LazyAttribute(
        lambda r: datetime.fromisoformat(r.date_text.replace("Z", "+00:00"))
    )
    tags = factory.LazyFunction(lambda: ["tender"])
    data = factory.LazyAttribute(lambda r: orjson.dumps(r.payload).decode())
    content_hash = factory.Sequence(lambda n: f"{n:040x}")


class CompiledReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompiledRelease
        django_get_or_create = ("ocid",)
        exclude = ("payload",)

    payload = factory.LazyAttribute(lambda c: {"ocid": c.ocid, "id": f"{c.ocid}-compiled"})
    ocid = factory.Sequence(lambda n: f"ocds-test00-{n:06d}")
    data = factory.LazyAttribute(lambda c: orjson.dumps(c.payload).decode())
    releases_digest = factory.Sequence(lambda n: f"{n:040x}")
    release_count = 1


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    code = "A1"
    scope_kind = "buyer"
    buyer = factory.SubFactory(BuyerFactory)
    period_kind = "fy"
    period_label = "2024-25"
    period_start = factory.LazyFunction(lambda: datetime(2024, 4, 1).date())
    period_end = factory.LazyFunction(lambda: datetime(2025, 4, 1).date())
    value = 42.0
    covered = 1
    total = 1
