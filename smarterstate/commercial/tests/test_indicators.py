"""refresh_indicators on hand-computed scenarios (see scenarios.py for the table)."""

from datetime import date

import pytest

from smarterstate.commercial.indicators.catalogue import CODES
from smarterstate.commercial.models import BuyerMapping, IndicatorValue, MappingMethod
from smarterstate.commercial.services.refresh import refresh_indicators
from smarterstate.commercial.tests.factories import (
    AwardFactory,
    BuyerFactory,
    ContractFactory,
    ProcessFactory,
    dt,
)
from smarterstate.commercial.tests.scenarios import TODAY, euro_buyer, hand_computed
from smarterstate.organisations.tests.factories import OrganisationFactory


@pytest.fixture
def scenario(org_a):
    return hand_computed(org_a)


def values(buyer=None, organisation=None, kind="fy", label="2024-25"):
    rows = IndicatorValue.objects.filter(period_kind=kind, period_label=label)
    rows = rows.filter(buyer=buyer) if buyer else rows.filter(organisation=organisation)
    return {row.code: row for row in rows}


def test_it_writes_every_indicator_for_each_scope_and_period(scenario):
    refresh_indicators(today=TODAY)
    fy = values(buyer=scenario.buyer)
    assert sorted(fy) == sorted(CODES)
    assert {row.total for row in fy.values()} == {5}
    assert fy["A1"].period_start == date(2024, 4, 1) and fy["A1"].period_end == date(2025, 4, 1)
    r12 = values(buyer=scenario.buyer, kind="r12", label="12m to 2025-07-15")
    assert sorted(r12) == sorted(CODES)
    assert r12["A1"].total == 4  # P1 (1 July 2024) is before 16 July 2024
    org = values(organisation=scenario.organisation)
    assert {code: (row.value, row.covered) for code, row in org.items()} == {
        code: (row.value, row.covered) for code, row in fy.items()
    }


def test_a1_and_a2_report_median_and_p90(scenario):
    refresh_indicators(today=TODAY)
    fy = values(buyer=scenario.buyer)
    # A1: 61, 92, 122 days → median 92; p90 rank 1.8 → 92 + 0.8 × 30 = 116
    assert fy["A1"].value == 92
    assert fy["A1"].detail == {"median_days": 92.0, "p90_days": 116.0, "n": 3}
    assert (fy["A1"].covered, fy["A1"].total) == (3, 5)
    # A2: 10, 20, 30 days → median 20, p90 28
    assert fy["A2"].value == 20
    assert fy["A2"].detail["p90_days"] == 28.0
    assert fy["A2"].covered == 3
    r12 = values(buyer=scenario.buyer, kind="r12", label="12m to 2025-07-15")
    assert r12["A1"].value == 107  # 92 and 122


def test_a3_competition_shares(scenario):
    refresh_indicators(today=TODAY)
    a3 = values(buyer=scenario.buyer)["A3"]
    assert a3.value == 75.0  # 3 of 4 awarded processes open or selective
    assert a3.covered == 4
    assert a3.detail["counts"] == {"direct": 1, "open": 2, "selective": 1}
    assert a3.detail["value_shares"] == {"direct": 1.43, "open": 12.86, "selective": 85.71}
    assert a3.detail["competitive_value_share"] == 98.57
    assert a3.detail["currency"] == "GBP"


def test_a4_a5_a6(scenario):
    refresh_indicators(today=TODAY)
    fy = values(buyer=scenario.buyer)
    assert (fy["A4"].value, fy["A4"].covered) == (20.0, 5)
    assert fy["A4"].detail["value_share"] == 85.71  # £6m of £7m
    # A5: £6.6m of £7m to SME or VCSE suppliers (S1 £600k, S3 £6m)
    assert fy["A5"].value == pytest.approx(94.2857, abs=1e-3)
    assert fy["A5"].detail["vcse_share"] == 85.71
    assert fy["A5"].covered == 4
    assert (fy["A6"].value, fy["A6"].covered) == (25.0, 4)


def test_l1_hhi_with_band_and_top_shares(scenario):
    refresh_indicators(today=TODAY)
    l1 = values(buyer=scenario.buyer)["L1"]
    # S1 £600k, S2 £400k, S3 £6m of £7m
    expected = (100 * 6 / 70) ** 2 + (100 * 4 / 70) ** 2 + (100 * 60 / 70) ** 2
    assert l1.value == pytest.approx(expected)
    assert round(l1.value, 2) == 7453.06
    assert l1.detail["band"] == "high"
    assert (l1.detail["top1_share"], l1.detail["top3_share"], l1.detail["suppliers"]) == (
        85.71,
        100.0,
        3,
    )
    assert l1.covered == 4


def test_l2_incumbency(scenario):
    refresh_indicators(today=TODAY)
    l2 = values(buyer=scenario.buyer)["L2"]
    # CPV 72: P2 follows P1 (S1) and goes to S2 — not incumbent; P3 follows P2 (S2) and goes
    # to S2 — incumbent. £100k of £400k.
    assert (l2.value, l2.covered) == (25.0, 2)


def test_l3_single_bidding(scenario):
    refresh_indicators(today=TODAY)
    l3 = values(buyer=scenario.buyer)["L3"]
    assert l3.value == pytest.approx(200 / 3)
    assert l3.covered == 3


def test_l4_l5_contract_growth_and_direct_award_changes(scenario):
    refresh_indicators(today=TODAY)
    fy = values(buyer=scenario.buyer)
    assert fy["L4"].value == 0.5  # 2 amendments over 4 contracts
    assert fy["L4"].detail["value_growth_pct"] == 1.0  # £7.07m against £7m
    assert fy["L4"].detail["mean_months_added"] == round(184 / (365.25 / 12) / 4, 2)
    assert fy["L4"].covered == 4
    assert (fy["L5"].value, fy["L5"].covered) == (100.0, 1)


def test_l6_crunch_points_and_l7_kpi_gap(scenario):
    refresh_indicators(today=TODAY)
    fy = values(buyer=scenario.buyer)
    # C4 ends 2026-06-30, within 18 months, and nothing in CPV 48 was tendered after P4.
    # C1 and C2 end within the lead time too, but P5 (CPV 72) started a tender afterwards.
    assert (fy["L6"].value, fy["L6"].covered) == (1.0, 4)
    assert fy["L6"].detail == {"processes": 1, "value": 6_000_000.0}
    # C4: £6m with one KPI.
    assert (fy["L7"].value, fy["L7"].covered) == (1.0, 4)
    assert fy["L7"].detail["over_threshold"] == 1


def test_a_shorter_lead_time_finds_fewer_crunch_points(scenario):
    refresh_indicators(today=TODAY, lead_time_months=6)
    assert values(buyer=scenario.buyer)["L6"].value == 0.0


def test_value_figures_use_the_dominant_currency(db):
    euro = euro_buyer()
    refresh_indicators(today=TODAY)
    l1 = values(buyer=euro.buyer)["L1"]
    assert l1.detail["currency"] == "EUR"
    assert l1.value == pytest.approx(25**2 + 75**2)  # €1,000 and €3,000; the £500 is left out
    assert (l1.covered, l1.total) == (2, 3)
    assert values(buyer=euro.buyer)["L7"].value is None  # no GBP contracts


def test_periods_follow_the_reference_date(db):
    process = ProcessFactory(first_award_date=None)
    AwardFactory(process=process, date=dt(2024, 3, 31))  # financial year 2023-24
    ProcessFactory(buyer=process.buyer, first_award_date=dt(2024, 4, 1))
    refresh_indicators(today=TODAY)
    labels = set(
        IndicatorValue.objects.filter(buyer=process.buyer, code="A1").values_list(
            "period_label", "total"
        )
    )
    assert labels == {("2023-24", 1), ("2024-25", 1)}


def test_refreshing_replaces_earlier_values(scenario):
    refresh_indicators(today=TODAY)
    first = IndicatorValue.objects.count()
    assert refresh_indicators(today=TODAY) == first == IndicatorValue.objects.count()


def test_empty_database_gives_no_rows(db):
    assert refresh_indicators(today=TODAY) == 0


def test_real_portuguese_buyer_hhi_matches_the_raw_json(db):
    """Município de Lagoa (PT-NIPPC 506804240): HHI recomputed straight from the package."""
    from collections import defaultdict

    from smarterstate.commercial.normalise import normalise_ocids
    from smarterstate.commercial.tests import ocds_data

    name = "pt_base_release-package_2019-11.json"
    by_supplier: dict[str, float] = defaultdict(float)
    for release in ocds_data.read_releases(name):
        if release["buyer"]["id"] == "506804240":
            for award in release["awards"]:
                for supplier in award["suppliers"]:
                    by_supplier[supplier["id"]] += award["value"]["amount"] / len(
                        award["suppliers"]
                    )
    total = sum(by_supplier.values())
    expected = sum((100 * v / total) ** 2 for v in by_supplier.values())

    normalise_ocids(ocds_data.load(name))
    refresh_indicators(today=date(2020, 3, 31))
    l1 = IndicatorValue.objects.get(
        code="L1", buyer__key="PT-NIPPC-506804240", period_kind="fy", period_label="2019-20"
    )
    assert l1.value == pytest.approx(expected)
    assert l1.detail["band"] == (
        "high" if expected > 2500 else "moderate" if expected >= 1500 else "low"
    )
    assert (l1.detail["currency"], l1.covered, l1.total) == ("EUR", 10, 10)
    # Every Portuguese award is a direct award: A3 competitive share 0%.
    a3 = IndicatorValue.objects.get(
        code="A3", buyer=l1.buyer, period_kind="fy", period_label="2019-20"
    )
    assert (a3.value, a3.detail["counts"]) == (0.0, {"direct": 10})


def _rows_of(buyer, organisation):
    rows = IndicatorValue.objects.filter(buyer=buyer) | IndicatorValue.objects.filter(
        organisation=organisation
    )
    return sorted(
        (r.code, r.scope_kind, r.period_kind, r.period_label, r.value, r.covered, r.total)
        + (str(r.detail),)
        for r in rows
    )


def _neighbour(organisation, *, awards: bool, suppliers: bool, contracts: bool):
    """A mapped buyer with one process and only some of the other kinds of rows."""
    buyer = BuyerFactory()
    BuyerMapping.objects.create(party=buyer, organisation=organisation, method=MappingMethod.MANUAL)
    process = ProcessFactory(buyer=buyer, first_award_date=None, tender_start=dt(2024, 6, 1))
    if awards:
        award = AwardFactory(process=process, suppliers=None if suppliers else [])
        if contracts:
            ContractFactory(process=process, award=award, period_end=dt(2026, 1, 31))
    return buyer


def test_each_scope_is_computed_from_its_own_rows_whatever_its_neighbours_hold(org_a, org_b):
    """The refresh walks four streams ordered by scope id in step (streams.scopes), one scope at
    a time. Buyers and organisations on either side in id order, each missing some of the
    streams, must not change a scope's rows, and get their own."""
    first = _neighbour(org_b, awards=False, suppliers=False, contracts=False)
    scenario = hand_computed(org_a)
    refresh_indicators(today=TODAY)
    alone = _rows_of(scenario.buyer, scenario.organisation)
    assert len(alone) == 2 * 2 * len(CODES)  # buyer and organisation × FY and rolling 12 months

    others = [
        _neighbour(org_b, awards=True, suppliers=False, contracts=False),
        _neighbour(org_b, awards=True, suppliers=True, contracts=False),
        _neighbour(OrganisationFactory(), awards=True, suppliers=True, contracts=True),
    ]
    refresh_indicators(today=TODAY)

    assert _rows_of(scenario.buyer, scenario.organisation) == alone
    for buyer in [first, *others]:
        a1 = IndicatorValue.objects.get(buyer=buyer, code="A1", period_kind="fy")
        assert (a1.total, a1.period_label) == (1, "2024-25")
    org_b_l1 = IndicatorValue.objects.get(organisation=org_b, code="L1", period_kind="fy")
    assert (org_b_l1.total, org_b_l1.covered) == (3, 1)  # one award with a supplier
