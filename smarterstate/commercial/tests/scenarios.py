"""Small, hand-computed indicator scenarios shared by test_indicators and test_selectors.

Buyer "Hand Computed Council" (mapped to an organisation), financial year 2024-25, today
2025-07-15 (lead-time window to 2027-01-15):

| process | method | tender start | award | days | supplier (flags) | value | CPV | tenderers | prior |
|---|---|---|---|---|---|---|---|---|---|
| P1 | open | 2024-05-01 | 2024-07-01 | 61 | S1 (SME) | £600k | 72 | 1 | yes |
| P2 | open | 2024-06-01 | 2024-09-01 | 92 | S2 (large) | £300k | 72 | 4 | no |
| P3 | direct | — | 2024-10-01 | — | S2 (large) | £100k | 72 | — | — |
| P4 | call-off (selective) | 2024-08-01 | 2024-12-01 | 122 | S3 (SME+VCSE) | £6m | 48 | 1 | no |
| P5 | open, no award | 2025-01-15 | — | — | — | — | 72 | — | no |

Contracts: C1 (P1) signed +10 days, £600k → £660k, end 2025-06-30 → 2025-12-31, 2 amendments;
C2 (P2) +20 days, £300k, ends 2026-03-31; C3 (P3) unsigned, £100k → £110k, ends 2027-01-31;
C4 (P4) +30 days, £6m, 1 KPI, ends 2026-06-30.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from smarterstate.commercial.models import BuyerMapping, MappingMethod
from smarterstate.commercial.tests.factories import (
    AwardFactory,
    BuyerFactory,
    ContractFactory,
    PartyFactory,
    ProcessFactory,
    dt,
)

TODAY = date(2025, 7, 15)
FY_START, FY_END = date(2024, 4, 1), date(2025, 4, 1)


def hand_computed(organisation) -> SimpleNamespace:
    buyer = BuyerFactory(name="Hand Computed Council")
    BuyerMapping.objects.create(party=buyer, organisation=organisation, method=MappingMethod.MANUAL)
    s1, s2, s3 = PartyFactory(sme=True), PartyFactory(large=True), PartyFactory(vcse=True)

    def process(**kwargs):
        kwargs.setdefault("first_award_date", None)
        return ProcessFactory(buyer=buyer, **kwargs)

    p1 = process(tender_start=dt(2024, 5, 1), number_of_tenderers=1, has_prior_engagement=True)
    p2 = process(tender_start=dt(2024, 6, 1), number_of_tenderers=4, has_prior_engagement=False)
    p3 = process(
        direct=True, tender_start=None, tender_start_source="", first_release_date=dt(2024, 10, 1)
    )
    p4 = process(
        call_off=True,
        main_cpv="48000000",
        tender_start=dt(2024, 8, 1),
        number_of_tenderers=1,
        has_prior_engagement=False,
    )
    p5 = process(tendering=True, tender_start=dt(2025, 1, 15), has_prior_engagement=False)

    a1 = AwardFactory(process=p1, date=dt(2024, 7, 1), value=Decimal(600_000), suppliers=[s1])
    a2 = AwardFactory(process=p2, date=dt(2024, 9, 1), value=Decimal(300_000), suppliers=[s2])
    a3 = AwardFactory(process=p3, date=dt(2024, 10, 1), value=Decimal(100_000), suppliers=[s2])
    a4 = AwardFactory(process=p4, date=dt(2024, 12, 1), value=Decimal(6_000_000), suppliers=[s3])
    # A cancelled award counts nowhere.
    AwardFactory(
        process=p2, status="cancelled", date=dt(2024, 8, 1), value=Decimal(999_999), suppliers=[s1]
    )

    c1 = ContractFactory(
        process=p1,
        award=a1,
        date_signed=dt(2024, 7, 11),
        value=Decimal(660_000),
        original_value=Decimal(600_000),
        period_end=dt(2025, 12, 31),
        original_period_end=dt(2025, 6, 30),
        amendment_count=2,
    )
    c2 = ContractFactory(
        process=p2,
        award=a2,
        date_signed=dt(2024, 9, 21),
        value=Decimal(300_000),
        period_end=dt(2026, 3, 31),
    )
    c3 = ContractFactory(
        process=p3,
        award=a3,
        date_signed=None,
        value=Decimal(110_000),
        original_value=Decimal(100_000),
        period_end=dt(2027, 1, 31),
    )
    c4 = ContractFactory(
        process=p4,
        award=a4,
        date_signed=dt(2024, 12, 31),
        value=Decimal(6_000_000),
        period_end=dt(2026, 6, 30),
        kpi_count=1,
    )
    for p in (p1, p2, p3, p4, p5):
        p.refresh_from_db()
    return SimpleNamespace(
        buyer=buyer,
        organisation=organisation,
        processes=[p1, p2, p3, p4, p5],
        p1=p1,
        p2=p2,
        p3=p3,
        p4=p4,
        p5=p5,
        c1=c1,
        c2=c2,
        c3=c3,
        c4=c4,
        s1=s1,
        s2=s2,
        s3=s3,
    )


def euro_buyer() -> SimpleNamespace:
    """Two EUR awards (€1,000 to S4, €3,000 to S5) and one £500 award: EUR dominates."""
    buyer = BuyerFactory(name="Município de Teste")
    s4, s5 = PartyFactory(), PartyFactory()
    p6 = ProcessFactory(buyer=buyer, first_award_date=None, direct=True)
    p7 = ProcessFactory(buyer=buyer, first_award_date=None, direct=True)
    p8 = ProcessFactory(buyer=buyer, first_award_date=None, direct=True)
    AwardFactory(
        process=p6, date=dt(2024, 7, 1), value=Decimal(1000), currency="EUR", suppliers=[s4]
    )
    AwardFactory(
        process=p7, date=dt(2024, 8, 1), value=Decimal(3000), currency="EUR", suppliers=[s5]
    )
    AwardFactory(
        process=p8, date=dt(2024, 9, 1), value=Decimal(500), currency="GBP", suppliers=[s4]
    )
    return SimpleNamespace(buyer=buyer, p6=p6, p7=p7, p8=p8)
