"""Uploads refused on the form when their first block shows the wrong format (issue 16, item 3)."""

import gzip

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smarterstate.core.upload_content import ContentRefused, check_first_block
from smarterstate.core.uploads import check_upload


def test_a_text_file_is_not_an_sbom():
    with pytest.raises(ContentRefused, match="not JSON.*CycloneDX JSON"):
        check_first_block("lifecycle-sbom", b"hello world\n", source="notes.txt")
    with pytest.raises(ContentRefused, match="is XML"):
        check_first_block("lifecycle-sbom", b"  <?xml version='1.0'?><bom/>", source="bom.xml")
    check_first_block("lifecycle-sbom", b'\xef\xbb\xbf\n {"bomFormat": "CycloneDX"}', source="b")


def test_an_excel_windows_1252_csv_is_accepted_and_its_header_checked():
    latin = "outcome,date,value,note\n1,2025-04-01,3,Café £5\n".encode("cp1252")
    check_first_block(
        "outcome-measurements", latin, source="m.csv", columns=("outcome", "date", "value")
    )
    with pytest.raises(ContentRefused, match="lacks value"):
        check_first_block("outcome-measurements", "outcome,dáte\n".encode("cp1252"),
                          source="m.csv", columns=("outcome", "value"))  # fmt: skip


def test_a_byte_undefined_in_windows_1252_is_refused_naming_its_offset():
    data = b"outcome,date,value,note\n1,2025-04-01,3,Caf\xe9 \x81\n"
    with pytest.raises(ContentRefused) as refused:
        check_first_block("outcome-measurements", data, source="m.csv")
    message = str(refused.value)
    assert message.startswith("m.csv, line 2: not UTF-8 or Windows-1252 text")
    assert "0x81 at byte offset 44" in message and "CSV UTF-8" in message


def test_utf8_then_other_bytes_is_refused_as_mixed():
    data = "a,b\nSiân,1\n".encode() + "Café,2\n".encode("cp1252")
    with pytest.raises(ContentRefused, match=r"line 3: not UTF-8 text: the byte 0xE9 at byte "
                       r"offset 15 is not UTF-8, but text before it was"):  # fmt: skip
        check_first_block("skills-people", data, source="p.csv")


def test_a_character_cut_by_the_end_of_the_block_is_no_error():
    check_first_block("skills-people", "reference\nÉ".encode()[:-1], source="p.csv")


def test_a_csv_must_name_the_required_columns_in_its_first_row():
    with pytest.raises(ContentRefused, match="lacks date, value"):
        check_first_block(
            "outcome-measurements", b"outcome,when\n1,2\n", source="m.csv",
            columns=("outcome", "date", "value"),
        )  # fmt: skip
    check_first_block("outcome-measurements", b"\xef\xbb\xbfoutcome, date ,value\n", source="m",
                      columns=("outcome", "date", "value"))  # fmt: skip


def test_an_xls_workbook_is_not_a_csv():
    with pytest.raises(ContentRefused, match=r"\.xls"):
        check_first_block("skills-people", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", source="p.xls")


def test_check_upload_looks_inside_gzip_and_rewinds():
    upload = SimpleUploadedFile("m.csv.gz", gzip.compress(b"a,b\nCaf\x8f\n"))
    with pytest.raises(ContentRefused, match="0x8F at byte offset 7"):
        check_upload("outcome-measurements", upload)
    assert upload.tell() == 0
    cp1252 = SimpleUploadedFile("m.csv.gz", gzip.compress("a,b\nCafé\n".encode("cp1252")))
    check_upload("outcome-measurements", cp1252)
    assert cp1252.tell() == 0
    fine = SimpleUploadedFile("ok.csv", b"outcome,date,value\n")
    check_upload("outcome-measurements", fine, columns=("outcome", "date", "value"))


def test_the_forms_check_the_columns_their_importers_require():
    from smarterstate.organisations.forms import OrganisationImportForm
    from smarterstate.organisations.importers.organisations_csv import REQUIRED_COLUMNS
    from smarterstate.outcomes.forms import UploadForm
    from smarterstate.outcomes.importers.measurements_csv import REQUIRED

    assert UploadForm().fields["file"].columns == REQUIRED
    assert OrganisationImportForm().fields["file"].columns == REQUIRED_COLUMNS
