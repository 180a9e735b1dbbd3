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


def test_an_excel_windows_1252_csv_is_refused_with_how_to_fix_it():
    latin = "outcome,date,value,note\n1,2025-04-01,3,Café\n".encode("cp1252")
    with pytest.raises(ContentRefused) as refused:
        check_first_block("outcome-measurements", latin, source="m.csv")
    message = str(refused.value)
    assert "not UTF-8" in message and "line 2" in message and "0xE9" in message
    assert "“é”" in message and "CSV UTF-8" in message


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
    upload = SimpleUploadedFile("m.csv.gz", gzip.compress("a,b\nCafé\n".encode("cp1252")))
    with pytest.raises(ContentRefused):
        check_upload("outcome-measurements", upload)
    assert upload.tell() == 0
    fine = SimpleUploadedFile("ok.csv", b"outcome,date,value\n")
    check_upload("outcome-measurements", fine, columns=("outcome", "date", "value"))


def test_the_forms_check_the_columns_their_importers_require():
    from smarterstate.organisations.forms import OrganisationImportForm
    from smarterstate.organisations.importers.organisations_csv import REQUIRED_COLUMNS
    from smarterstate.outcomes.forms import UploadForm
    from smarterstate.outcomes.importers.measurements_csv import REQUIRED

    assert UploadForm().fields["file"].columns == REQUIRED
    assert OrganisationImportForm().fields["file"].columns == REQUIRED_COLUMNS
