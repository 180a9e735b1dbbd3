"""A people CSV saved by Excel as plain "CSV" (Windows-1252) imports, with a warning (issue 16, item 3)."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from smarterstate.jobs.models import Job
from smarterstate.jobs.tasks import run_import_job
from smarterstate.skills.models import Person

CSV = "reference,grade,profession,team\nX1,HEO,Finance (£),Siân’s team\nX2,G7,Digital,Platform\n"


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _upload(user, org, data: bytes, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("skills:people-upload", kwargs={"org_slug": org.slug}),
            {"file": SimpleUploadedFile("people.csv", data)},
        )
    return client, response


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.mark.django_db
def test_a_windows_1252_people_csv_imports_with_the_right_text_and_one_warning(
    org_a, editor_a, django_capture_on_commit_callbacks, media_in_tmp
):
    data = CSV.encode("cp1252")
    assert b"Si\xe2n" in data and b"\xa3" in data  # not UTF-8
    client, response = _upload(editor_a, org_a, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job = Job.objects.get(kind="import:skills-people")
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    person = Person.objects.get(organisation=org_a, reference="X1")
    assert person.team == "Siân’s team" and person.profession == "Finance (£)"
    warning = "people.csv: read as Windows-1252 (Excel’s “CSV” format); save as “CSV UTF-8” to avoid this."
    assert job.report["warnings"] == [warning]
    page = _text(client.get(f"/jobs/{job.pk}/"))
    assert page.count(f"Warning {warning}") == 1


@pytest.mark.django_db
def test_a_byte_undefined_in_windows_1252_is_refused_on_the_form(
    org_a, editor_a, django_capture_on_commit_callbacks, media_in_tmp
):
    data = CSV.encode("cp1252").replace("£".encode("cp1252"), b"\x81")
    _client, response = _upload(editor_a, org_a, data, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert not Job.objects.filter(kind="import:skills-people").exists()
    page = _text(response)
    assert (
        "people.csv, line 2: not UTF-8 or Windows-1252 text: the byte 0x81 at byte offset 48"
        in (page)
    )
    assert "CSV UTF-8" in page


@pytest.mark.django_db
def test_a_utf8_people_csv_with_a_bom_imports_without_a_warning(
    org_a, editor_a, django_capture_on_commit_callbacks, media_in_tmp
):
    _upload(editor_a, org_a, ("\ufeff" + CSV).encode(), django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="import:skills-people")
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.report["warnings"] == []
    assert Person.objects.get(organisation=org_a, reference="X1").team == "Siân’s team"
