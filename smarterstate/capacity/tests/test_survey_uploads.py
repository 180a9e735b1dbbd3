"""People survey files go through the one upload policy (core.uploads, docs/uploads.md):
hostile files are refused with the limit that stopped them, on the form and in the import,
and nothing is stored. (smarterstate/jobs/tests/test_hostile_uploads.py runs the same kind
through a real worker and measures its memory.)"""

from __future__ import annotations

import gzip
import io
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from smarterstate.capacity.models import SurveyColumn, SurveyOrganisation, SurveyResult
from smarterstate.jobs.models import Job

MiB = 1024 * 1024
HEADER = b"Organisation code,Organisation,B01. I am interested in my work\n"
SETTING = "UPLOAD_MAX_DECOMPRESSED_BYTES_CAPACITY_PEOPLE_SURVEY"


def gzip_members(first: bytes, repeated: bytes, times: int) -> bytes:
    """``first`` then ``repeated`` × ``times``, gzipped at almost no cost (members concatenate)."""
    return gzip.compress(first, 9) + gzip.compress(repeated, 9) * times


def ods_bomb() -> bytes:
    """A zip that looks like an ODS whose content inflates to 64 MiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b"<" + b" " * (64 * MiB))
    return buffer.getvalue()


def import_fails(path, match: str) -> None:
    with pytest.raises(CommandError, match=match):
        call_command("import_people_survey", str(path), "--year", "2019", stdout=StringIO())
    assert not SurveyResult.objects.exists() and not SurveyOrganisation.objects.exists()
    assert not SurveyColumn.objects.exists()


@pytest.mark.django_db
def test_a_gzip_bomb_is_refused_by_the_import(tmp_path):
    path = tmp_path / "csps-2019.csv.gz"
    path.write_bytes(gzip_members(HEADER, b"\n" * MiB, 1024))
    import_fails(path, "limit for this kind of file is 100:1 .*UPLOAD_MAX_RATIO_CAPACITY_PEOPLE")


@pytest.mark.django_db
def test_a_line_that_never_ends_is_refused_by_the_import(tmp_path):
    path = tmp_path / "csps-2019.csv.gz"
    path.write_bytes(gzip_members(HEADER + b"DWP,", b"a" * MiB, 1024))
    import_fails(path, "line size limit .*UPLOAD_MAX_LINE_BYTES_CAPACITY_PEOPLE_SURVEY")


@pytest.mark.django_db
def test_a_huge_field_is_a_clear_error(tmp_path):
    path = tmp_path / "csps-2019.csv"
    # A quoted 10 MB field whose newlines keep every line short: the CSV reader's own
    # field limit stops it, as a file error (not a crash).
    path.write_bytes(HEADER + b'DWP,"' + (b"x" * 99 + b"\n") * (100 * 1024) + b'",60%\n')
    import_fails(path, r"csps-2019.csv, line \d+: field larger than field limit")


@pytest.mark.django_db
def test_a_spreadsheet_that_inflates_past_the_limit_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "csps-2024.ods"
    path.write_bytes(ods_bomb())
    import_fails(path, f"its parts add up to 64.0 MiB once decompressed.*{SETTING}")


@pytest.mark.django_db
def test_the_upload_form_refuses_a_gzip_bomb_before_a_job_is_queued(client, superuser, tmp_path):
    client.force_login(superuser)
    bomb = gzip.compress(b"\n" * (20 * MiB), 9)
    response = client.post(
        reverse("capacity:survey-upload"),
        {"file": SimpleUploadedFile("csps-2019.csv.gz", bomb)},
    )
    assert response.status_code == 200
    assert "limit for this kind of file" in response.content.decode()
    assert "UPLOAD_MAX_RATIO_CAPACITY_PEOPLE_SURVEY" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_the_upload_form_refuses_an_ods_bomb_before_a_job_is_queued(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("capacity:survey-upload"),
        {"file": SimpleUploadedFile("csps-2024.ods", ods_bomb())},
    )
    assert response.status_code == 200
    assert SETTING in response.content.decode()
    assert not Job.objects.exists()


def test_the_upload_form_names_the_size_limit():
    from smarterstate.capacity.forms import SurveyUploadForm

    assert "The file can be up to 20 MiB." in SurveyUploadForm().fields["file"].help_text
