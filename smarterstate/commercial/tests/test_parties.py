import pytest

from smarterstate.commercial.parties import (
    govuk_slug,
    normalise_name,
    party_identity,
    party_key,
    scale_flags,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ACME Ltd.", "acme"),
        ("Acme Limited", "acme"),
        ("  ACME   LTD ", "acme"),
        ("Acme (UK) PLC", "acme uk"),
        ("The Acme Company", "acme company"),
        ("Smith & Jones LLP", "smith and jones"),
        ("Ricardo Vale & Teixeira, Ld.ª", "ricardo vale and teixeira"),
        ("Município de Lagoa", "municipio de lagoa"),
        ("TDST (Taxi Direct School Transport Ltd)", "tdst taxi direct school transport"),
        ("Limited", "limited"),  # a name that is only a legal form keeps it
        ("", ""),
        (None, ""),
    ],
)
def test_it_normalises_names_consistently(raw, expected):
    assert normalise_name(raw) == expected


def test_it_keys_a_party_by_scheme_and_identifier():
    party = {"name": "NOMINET UK", "identifier": {"scheme": "GB-COH", "id": "458577871"}}
    assert party_identity(party) == ("GB-COH-458577871", "GB-COH", "458577871")


def test_it_does_not_prefix_an_identifier_that_already_carries_its_scheme():
    party = {"identifier": {"scheme": "GB-COH", "id": "GB-COH-01234567"}}
    assert party_key(party) == "GB-COH-01234567"


def test_it_falls_back_to_additional_identifiers_then_the_name():
    with_extra = {
        "name": "Acme",
        "identifier": {"legalName": "Acme"},
        "additionalIdentifiers": [{"scheme": "GB-CHC", "id": "1234"}],
    }
    assert party_key(with_extra) == "GB-CHC-1234"
    # Contracts Finder: identifier with a legal name but no scheme or id.
    assert party_key({"id": "GB-CFS-4337", "name": "Progress Housing Group Ltd"}) == (
        "name:progress housing group"
    )
    assert party_key({"name": "Acme Limited"}) == party_key({"name": "ACME LTD."})


def test_it_reads_sme_and_vcse_flags():
    assert scale_flags({"details": {"scale": "sme", "vcse": True}}) == (True, True)
    assert scale_flags({"details": {"scale": "large", "vcse": False}}) == (False, False)
    assert scale_flags({"details": {"scale": "micro"}}) == (True, None)
    assert scale_flags({"name": "x"}) == (None, None)


def test_it_finds_a_govuk_organisation_slug():
    party = {
        "details": {"url": "http://www.gov.uk/government/organisations/uk-atomic-energy-authority"}
    }
    assert govuk_slug(party) == "uk-atomic-energy-authority"
    assert govuk_slug({"details": {"url": "https://www.progressgroup.org.uk"}}) is None
