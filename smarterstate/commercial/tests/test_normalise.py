"""Normalisation of the real bundled OCDS files, and of synthetic releases for what they lack
(UK notice types, contract amendments, KPIs). Expected values were read off the JSON."""

from datetime import UTC, datetime
from decimal import Decimal

import orjson
import pytest

from smarterstate.commercial.models import (
    Amendment,
    Award,
    AwardSupplier,
    Contract,
    ContractReview,
    Lot,
    Party,
    Process,
)
from smarterstate.commercial.normalise import method_category, normalise_ocids, parse_datetime
from smarterstate.commercial.tests import ocds_data
from smarterstate.commercial.tests.factories import CompiledReleaseFactory, ReleaseFactory

FILES = [
    "pt_base_release-package_2019-11.json",
    "uk_contractsfinder_release-package_2025-01-23.json",
    "uk_contractsfinder_releases_2014-12_ocds1.0.jsonl",
    "uk_contractsfinder_releases_2025-03.jsonl",
    "uk_sell2wales_releases_2025-02.jsonl",
]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


@pytest.fixture
def real(db):
    ocids = ocds_data.load(*FILES)
    normalise_ocids(ocids)
    return ocids


def counts():
    return (
        Process.objects.count(),
        Lot.objects.count(),
        Award.objects.count(),
        AwardSupplier.objects.count(),
        Contract.objects.count(),
        Amendment.objects.count(),
        Party.objects.count(),
    )


def test_it_makes_one_process_per_ocid_of_the_real_files(real):
    assert Process.objects.count() == len(real) == 391


def test_it_normalises_a_portuguese_direct_award(real):
    process = Process.objects.get(ocid="ocds-px0z7d-3025-3003-1")
    assert process.buyer.key == "PT-NIPPC-501138960"
    assert process.buyer.name == "Câmara Municipal de Valongo"
    assert process.procurement_method == "direct"
    assert process.procurement_method_details == "Ajuste Direto Regime Geral"
    assert process.method_category == "direct"
    assert process.is_call_off is False
    assert process.main_cpv == "34300000"  # "34300000-0" without its check digit
    assert process.cpv_division == "34"
    assert process.tender_start == utc("2008-07-30T23:00:00Z")
    assert process.tender_start_source == "tenderPeriod.startDate"
    assert process.number_of_tenderers == 1
    assert process.first_award_date == utc("2008-10-20T23:00:00Z")
    assert process.reference_date == process.first_award_date
    assert process.awarded_value == Decimal("4188.20")
    assert process.has_prior_engagement is False
    contract = process.contracts.get()
    assert contract.contract_id == "contract-1"
    assert contract.award.award_id == "award-1"
    assert contract.date_signed == utc("2008-10-20T23:00:00Z")
    assert contract.period_end == utc("2008-10-28T23:00:00Z")
    assert (contract.value, contract.original_value, contract.currency) == (
        Decimal("4188.20"),
        Decimal("4188.20"),
        "EUR",
    )
    assert contract.from_award is False
    assert contract.kpi_count is None  # no agreedMetrics anywhere in the real data
    supplier = process.awards.get().suppliers.get()
    assert supplier.key == "PT-NIPPC-501101373"
    assert supplier.is_supplier and not supplier.is_buyer


def test_it_turns_a_contracts_finder_award_into_a_contract(real):
    process = Process.objects.get(ocid="ocds-b5fd17-a2e8d11a-9970-43cf-9088-a4c30017882c")
    assert process.buyer.name == "United Kingdom Atomic Energy Authority"
    assert process.buyer.key == "name:united kingdom atomic energy authority"
    # procurementMethod absent and details "Other - ": nothing says which method it was.
    assert process.method_category == ""
    assert process.tender_start is None and process.has_prior_engagement is None
    assert process.reference_date == utc("2025-03-11T00:00:00Z")
    assert process.cpv_division == "85"
    award = process.awards.get()
    assert (award.value, award.currency, award.status) == (Decimal("75000"), "GBP", "active")
    supplier = award.suppliers.get()
    assert supplier.name == "CNLR Horizons Limited T/A CIC Wellbeing"
    assert (supplier.is_sme, supplier.is_vcse) == (False, False)  # details.scale "large"
    contract = process.contracts.get()
    assert contract.from_award is True
    assert contract.contract_id == f"award:{award.award_id}"
    assert contract.award == award
    assert contract.period_end == utc("2028-04-16T23:59:59+01:00")
    assert contract.value == Decimal("75000")


def test_it_takes_tender_start_from_date_published_and_counts_releases(real):
    process = Process.objects.get(ocid="ocds-b5fd17-75afe551-b5e4-4538-a546-0547477d0f9f")
    assert process.tender_start == utc("2024-12-19T15:26:44Z")
    assert process.tender_start_source == "tender.datePublished"
    assert process.release_count == 2
    assert process.first_release_date == utc("2025-01-23T16:36:29Z")
    assert process.last_release_date == utc("2025-01-23T16:37:56Z")
    assert process.reference_date == process.tender_start  # no award yet
    assert process.method_category == "open"
    assert process.has_prior_engagement is False


def test_it_classifies_contracts_finder_methods(real):
    direct = Process.objects.get(ocid="ocds-b5fd17-4d0cd937-f839-4dec-ae20-444e141c5dfa")
    assert direct.procurement_method_details == "Single tender action (below threshold)"
    assert direct.method_category == "direct"
    assert direct.buyer.key == "GB-SRS-sid4gov.cabinetoffice.gov.uk/3A4AmUm4"
    dps = Process.objects.get(ocid="ocds-b5fd17-d1441223-b3e7-45a9-9ff6-88fcdad59f37")
    assert dps.procurement_method_details == "Call-off from a dynamic purchasing system"
    assert (dps.method_category, dps.is_call_off) == ("selective", True)
    # one award to 12 SME taxi firms
    assert dps.awards.get().suppliers.count() == 12
    assert set(dps.awards.get().suppliers.values_list("is_sme", flat=True)) == {True}


def test_it_reads_sell2wales_frameworks_and_lots(real):
    process = Process.objects.get(ocid="ocds-kuma6s-148410")
    assert process.buyer.name == "Creating Enterprise C.I.C"
    assert process.is_call_off is True  # tender.techniques.hasFrameworkAgreement
    assert process.tender_start_source == "release tagged tender"
    assert process.tender_start == utc("2025-02-21T00:00:00Z")
    assert process.tender_value == Decimal("20000000")
    assert process.cpv_division == "45"
    assert sorted(process.lots.values_list("lot_id", "value")) == [
        (str(n), Decimal("5000000.00")) for n in range(1, 5)
    ]


def test_it_keeps_both_awards_of_a_process_and_sums_them(real):
    process = Process.objects.get(ocid="ocds-b5fd17-e0d4b2ec-d437-468f-82c7-1d751544e9ea")
    assert sorted(process.awards.values_list("value", flat=True)) == [
        Decimal("188487"),
        Decimal("18848731"),
    ]
    assert process.awarded_value == Decimal("19037218")
    assert process.contracts.filter(from_award=True).count() == 2


def test_it_upgrades_ocds_10_buyers(real):
    process = Process.objects.get(ocid="ocds-b5fd17-2c330cf9-adc8-11e6-9901-0019b9f3037b")
    assert process.buyer.name == "MET OFFICE"
    assert process.buyer.key == "name:met office"  # identifier with empty scheme and id
    assert process.method_category == "open"  # inferred from "Open procedure"
    assert process.tender_start == utc("2014-12-17T16:44:56Z")
    assert process.tender_start_source == "release tagged tender"


def test_it_is_idempotent_and_keeps_ids_and_reviews(real, org_a):
    before = counts()
    process = Process.objects.get(ocid="ocds-px0z7d-3025-3003-1")
    contract = process.contracts.get()
    review = ContractReview.objects.create(
        contract=contract, organisation=org_a, review_date=datetime(2025, 1, 1).date()
    )
    normalise_ocids(real)
    assert counts() == before
    assert Process.objects.get(ocid="ocds-px0z7d-3025-3003-1").pk == process.pk
    assert process.contracts.get().pk == contract.pk
    assert ContractReview.objects.filter(pk=review.pk).exists()


def test_it_runs_a_fixed_number_of_queries_per_chunk(db, django_assert_max_num_queries):
    ocids = ocds_data.load(*FILES)
    # 391 ocids, 570 parties, 243 awards: per-row queries would be hundreds.
    with django_assert_max_num_queries(60):
        normalise_ocids(ocids, chunk_size=1000)


def test_it_removes_the_process_of_an_ocid_without_compiled_release(real):
    Process.objects.filter(ocid="ocds-px0z7d-3025-3003-1").first()
    from smarterstate.commercial.models import CompiledRelease

    CompiledRelease.objects.filter(ocid="ocds-px0z7d-3025-3003-1").delete()
    normalise_ocids(["ocds-px0z7d-3025-3003-1"])
    assert not Process.objects.filter(ocid="ocds-px0z7d-3025-3003-1").exists()


# --------------------------------------------------------------------- synthetic UK notices


def _store(ocid, releases, compiled):
    for release in releases:
        ReleaseFactory(
            ocid=ocid,
            release_id=release["id"],
            date_text=release["date"],
            tags=release["tag"],
            payload=release,
        )
    CompiledReleaseFactory(ocid=ocid, payload=compiled, release_count=len(releases))


def test_it_reads_uk_notices_amendments_and_kpis(db):
    ocid = "ocds-h6vhtk-000001"
    buyer = {
        "id": "GB-PPON-B1",
        "name": "Cabinet Office",
        "identifier": {"scheme": "GB-PPON", "id": "B1"},
        "roles": ["buyer"],
    }
    supplier = {
        "id": "GB-COH-1",
        "name": "Acme Ltd",
        "identifier": {"scheme": "GB-COH", "id": "00000001"},
        "roles": ["supplier"],
        "details": {"scale": "sme", "vcse": False},
    }
    planning = {"ocid": ocid, "id": "r1", "date": "2025-03-01T00:00:00Z", "tag": ["planning"]}
    award = {
        "ocid": ocid,
        "id": "r2",
        "date": "2025-05-01T00:00:00Z",
        "tag": ["award", "contract"],
        "awards": [
            {
                "id": "a1",
                "date": "2025-05-01T00:00:00Z",
                "status": "active",
                "value": {"amount": 6000000, "currency": "GBP"},
                "suppliers": [{"id": "GB-COH-1"}],
            }
        ],
        "contracts": [
            {
                "id": "c1",
                "awardID": "a1",
                "value": {"amount": 6000000, "currency": "GBP"},
                "period": {"endDate": "2027-04-30T00:00:00Z"},
            }
        ],
    }
    compiled = {
        "ocid": ocid,
        "id": "compiled",
        "date": "2025-09-01T00:00:00Z",
        "tag": ["compiled"],
        "parties": [buyer, supplier],
        "buyer": {"id": "GB-PPON-B1", "name": "Cabinet Office"},
        "tender": {
            "procurementMethod": "limited",
            "procurementMethodDetails": "Direct award",
            "classification": {"scheme": "CPV", "id": "72000000"},
            "documents": [
                {"id": "d1", "noticeType": "UK2", "datePublished": "2025-03-01T00:00:00Z"},
                {"id": "d2", "noticeType": "UK5", "datePublished": "2025-04-01T00:00:00Z"},
            ],
            "tenderPeriod": {"startDate": "2025-04-01T00:00:00Z"},
        },
        "awards": [
            {
                "id": "a1",
                "date": "2025-05-01T00:00:00Z",
                "status": "active",
                "value": {"amount": 6000000, "currency": "GBP"},
                "suppliers": [{"id": "GB-COH-1", "name": "Acme Ltd"}],
            }
        ],
        "contracts": [
            {
                "id": "c1",
                "awardID": "a1",
                "value": {"amount": 7500000, "currency": "GBP"},
                "period": {"endDate": "2027-10-31T00:00:00Z"},
                "agreedMetrics": [{"id": "k1"}, {"id": "k2"}],
                "amendments": [
                    {
                        "id": "am1",
                        "date": "2025-09-01T00:00:00Z",
                        "description": "Extended by 6 months",
                    }
                ],
                "documents": [
                    {"id": "d3", "noticeType": "UK10", "datePublished": "2025-09-01T00:00:00Z"}
                ],
            }
        ],
    }
    _store(ocid, [planning, award], compiled)
    normalise_ocids([ocid])

    process = Process.objects.get(ocid=ocid)
    assert process.notice_types == ["UK10", "UK2", "UK5"]
    assert process.method_category == "direct"  # details say direct award (and a UK5 notice)
    assert process.has_prior_engagement is True  # planning release and UK2 before 1 April
    assert process.buyer.key == "GB-PPON-B1"
    contract = process.contracts.get()
    assert contract.value == Decimal("7500000")
    assert contract.original_value == Decimal("6000000")  # the award's first published value
    assert contract.original_period_end == utc("2027-04-30T00:00:00Z")  # from the earlier release
    assert contract.period_end == utc("2027-10-31T00:00:00Z")
    assert contract.amendment_count == 1  # one amendment, published by one UK10 notice
    assert contract.kpi_count == 2
    amendment = process.amendments.get()
    assert (amendment.contract, amendment.source, amendment.description) == (
        contract,
        "contract",
        "Extended by 6 months",
    )


@pytest.mark.parametrize(
    ("method", "details", "notices", "expected"),
    [
        ("open", "Open procedure (below threshold)", [], "open"),
        ("selective", "Call-off from a framework agreement", [], "selective"),
        ("selective", "Restricted procedure", [], "selective"),
        (
            "limited",
            "Negotiated procedure without prior publication (above threshold)",
            [],
            "limited",
        ),
        ("limited", "Competitive quotation (below threshold)", [], "limited"),
        ("direct", "Single tender action (below threshold)", [], "direct"),
        ("", "Other - Direct Award from a Framework Contract", [], "direct"),
        ("", "Other - Further Competition - Framework", [], "selective"),
        ("", "Open procedu    re", [], "open"),  # Sell2Wales text mangled upstream
        ("open", "Open procedure", ["UK4", "UK5"], "direct"),
        ("", "Other - ", [], ""),
        ("", "Not specified", [], ""),
    ],
)
def test_it_maps_procurement_methods_to_categories(method, details, notices, expected):
    assert method_category(method, details, notices) == expected


def test_it_parses_ocds_dates():
    assert parse_datetime("2019-11-25T17:20:44.9244234Z") == datetime(
        2019, 11, 25, 17, 20, 44, 924423, tzinfo=UTC
    )
    assert parse_datetime("2025-02-03") == datetime(2025, 2, 3, tzinfo=UTC)
    assert parse_datetime("not a date") is None
    assert parse_datetime(None) is None


def test_it_survives_odd_compiled_releases(db):
    CompiledReleaseFactory(ocid="ocds-x-1", payload={"ocid": "ocds-x-1", "tender": {"title": "T"}})
    CompiledReleaseFactory(
        ocid="ocds-x-2",
        payload={"ocid": "ocds-x-2", "tender": "oops", "awards": [{"value": {"amount": "n/a"}}, 3]},
    )
    CompiledReleaseFactory(ocid="ocds-x-3", data="{not json")
    normalise_ocids(["ocds-x-1", "ocds-x-2", "ocds-x-3"])
    process = Process.objects.get(ocid="ocds-x-1")
    assert (process.title, process.buyer, process.notice_types, process.reference_date) == (
        "T",
        None,
        [],
        None,
    )
    award = Award.objects.get(process__ocid="ocds-x-2")
    assert (award.award_id, award.value) == ("#0", None)
    assert not Process.objects.filter(ocid="ocds-x-3").exists()


def test_a_recompiled_release_updates_rows_in_place(real):
    from smarterstate.commercial.models import CompiledRelease

    ocid = "ocds-px0z7d-3025-3003-1"
    compiled = CompiledRelease.objects.get(ocid=ocid)
    data = orjson.loads(compiled.data)
    data["contracts"][0]["value"]["amount"] = 5000
    data["awards"].append(
        {"id": "award-2", "status": "active", "value": {"amount": 1, "currency": "EUR"}}
    )
    compiled.data = orjson.dumps(data).decode()
    compiled.save()
    contract = Contract.objects.get(process__ocid=ocid, contract_id="contract-1")

    normalise_ocids([ocid])

    updated = Contract.objects.get(process__ocid=ocid, contract_id="contract-1")
    assert updated.pk == contract.pk
    assert (updated.value, updated.original_value) == (Decimal("5000.00"), Decimal("4188.20"))
    assert sorted(Award.objects.filter(process__ocid=ocid).values_list("award_id", flat=True)) == [
        "award-1",
        "award-2",
    ]
    assert Process.objects.get(ocid=ocid).awarded_value == Decimal("4189.20")


def normalised_rows() -> dict[str, list[tuple]]:
    """Every normalised row by natural keys (ids differ between runs)."""
    from smarterstate.commercial.normalise import AWARD_FIELDS, CONTRACT_FIELDS, PROCESS_FIELDS

    def values(queryset, *fields):
        return sorted(queryset.values_list(*fields), key=repr)

    contract_fields = [
        f"contract__{f}" if f != "award" else "award__award_id" for f in CONTRACT_FIELDS
    ]
    return {
        "parties": values(
            Party.objects.all(),
            "key",
            "name",
            "scheme",
            "identifier",
            "is_sme",
            "is_vcse",
            "is_buyer",
            "is_supplier",
        ),
        "processes": values(
            Process.objects.all(),
            "ocid",
            "buyer__key",
            *(f for f in PROCESS_FIELDS if f not in {"buyer", "organisation"}),
        ),
        "lots": values(Lot.objects.all(), "process__ocid", "lot_id", "title", "status", "value"),
        "awards": values(
            Award.objects.all(), "process__ocid", "award_id", *(f"{f}" for f in AWARD_FIELDS)
        ),
        "suppliers": values(
            AwardSupplier.objects.all(), "award__process__ocid", "award__award_id", "party__key"
        ),
        "contracts": values(
            Contract.objects.all(),
            "process__ocid",
            "contract_id",
            *(f.removeprefix("contract__") for f in contract_fields),
        ),
        "amendments": values(
            Amendment.objects.all(),
            "process__ocid",
            "contract__contract_id",
            "amendment_id",
            "date",
            "description",
            "rationale",
            "source",
        ),
    }


@pytest.mark.parametrize("workers", [1, 2])
def test_the_importer_writes_what_normalising_from_the_database_writes(db, workers, monkeypatch):
    """The importer parses in its workers, from the releases it merged; ``normalise_ocids``
    reads compiled releases and releases back. Both must give the same rows."""
    from smarterstate.commercial.models import CompiledRelease
    from smarterstate.commercial.services import ingest
    from smarterstate.commercial.services.ingest import compiling, run
    from smarterstate.commercial.services.ingest import workers as pool

    monkeypatch.setattr(compiling, "POOL_THRESHOLD", 0)  # real worker processes for workers=2
    monkeypatch.setattr(pool, "PARALLEL_AFTER_LINES", 0)
    monkeypatch.setattr(run, "ANALYZE_AFTER", 1)  # and refresh PostgreSQL's statistics
    paths = [str(ocds_data.DATA / name) for name in FILES]
    ingest.ocds_import(paths=paths, workers=workers)
    imported = normalised_rows()
    assert len(imported["processes"]) == CompiledRelease.objects.count() > 300
    assert imported["suppliers"] and imported["contracts"] and imported["lots"]

    normalise_ocids(CompiledRelease.objects.values_list("ocid", flat=True))
    assert normalised_rows() == imported
