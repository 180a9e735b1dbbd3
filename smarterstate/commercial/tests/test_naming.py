"""Contracts and awards named by their titles, CPV codes by their descriptions."""

import pytest

from smarterstate.commercial.cpv import cpv_label, descriptions, parents
from smarterstate.commercial.naming import award_name, contract_name
from smarterstate.commercial.tests.factories import AwardFactory, ContractFactory, ProcessFactory


@pytest.mark.django_db
def test_a_contract_without_a_title_is_named_by_its_award_then_its_tender():
    process = ProcessFactory(title="Training services for the armed forces")
    award = AwardFactory(process=process, title="")
    from_award = ContractFactory(
        process=process, award=award, title="", contract_id="award:ocds-b5fd17-1-1"
    )
    assert contract_name(from_award) == "Training services for the armed forces"
    assert str(from_award) == "Training services for the armed forces"
    award.title = "Lot 1 award"
    assert contract_name(from_award) == "Lot 1 award"
    from_award.title = "Signed contract"
    assert contract_name(from_award) == "Signed contract"


@pytest.mark.django_db
def test_the_raw_id_is_the_last_resort():
    contract = ContractFactory(process=ProcessFactory(title=""), title="", contract_id="c-1")
    assert contract_name(contract) == "c-1"
    award = AwardFactory(process=ProcessFactory(title="Tender title"), title="")
    assert award_name(award) == "Tender title"


def test_the_bundled_cpv_list_describes_the_codes_of_the_real_files():
    names = descriptions()
    assert len(names) > 200
    assert (
        names["72000000"] == "IT services: consulting, software development, Internet and support"
    )
    assert all(len(code) == 8 and code.isdigit() for code in names)


def test_a_code_is_described_exactly_or_by_its_nearest_parent():
    assert str(cpv_label("72000000")) == (
        "72000000 IT services: consulting, software development, Internet and support"
    )
    assert str(cpv_label("72000000-5")).startswith("72000000 IT services")  # check digit
    label = cpv_label("72999999")  # not listed: its division is
    assert label is not None and not label.exact
    assert str(label) == (
        "72999999 (in IT services: consulting, software development, Internet and support)"
    )
    assert str(cpv_label("00000001")) == "00000001"
    assert cpv_label("") is None


def test_parents_run_from_category_to_division():
    assert parents("72212310") == ["72212000", "72210000", "72200000", "72000000"]
    assert parents("72000000") == []


@pytest.mark.django_db
def test_the_process_page_reads_as_prose(client, viewer_a):
    from decimal import Decimal

    from django.urls import reverse

    process = ProcessFactory(
        title="Defence training services",
        main_cpv="80000000",
        tender_value=Decimal("173000000.00"),
        tender_start=None,
    )
    award = AwardFactory(process=process, title="", value=Decimal("173000000.0"))
    ContractFactory(process=process, award=award, title="", contract_id="award:ocds-b5fd17-9-1")
    client.force_login(viewer_a)
    body = client.get(reverse("commercial:process", args=[process.ocid])).content.decode()
    assert "£173,000,000" in body and "173000000" not in body.split("Compiled release")[0]
    assert "award:ocds-b5fd17-9-1" not in body
    assert body.count("Defence training services") >= 3  # heading, award, contract
    assert "?" not in body.split("Tender period")[1].split("</dd>")[0]
    assert "Closes" in body.split("Tender period")[1].split("</dd>")[0]
    assert "80000000 Education and training services" in body


@pytest.mark.django_db
def test_the_supplier_page_shows_shares_as_percentages(client, viewer_a):
    """Issue 16 item 13: the supplier page read "70.4000" for a share of a buyer's spend."""
    from django.urls import reverse

    from smarterstate.commercial.tests.factories import BuyerFactory, PartyFactory

    buyer = BuyerFactory(name="Pensions Buyer")
    supplier = PartyFactory(name="Acme Digital Ltd")
    AwardFactory(process__buyer=buyer, value=70_400, suppliers=[supplier])
    AwardFactory(process__buyer=buyer, value=29_600)
    client.force_login(viewer_a)
    body = client.get(reverse("commercial:supplier", args=[supplier.pk])).content.decode()
    assert "70.4%" in body
    assert "70.4000" not in body and "70.40" not in body
