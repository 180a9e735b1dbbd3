"""Every upload form refuses a file over its kind's limits with a GOV.UK error, queuing nothing."""

from __future__ import annotations

import gzip
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smarterstate.jobs.models import Job
from smarterstate.lifecycle.tests.factories import SystemFactory

# (URL name, URL kwargs besides the organisation, kind, extra POST data)
FORMS = [
    ("organisation-import", {}, "organisations", {}),
    ("commercial:import-upload", {}, "ocds", {}),
    ("skills:people-upload", {"org": True}, "skills-people", {}),
    ("skills:training-upload", {"org": True}, "skills-training-records", {}),
    ("outcomes:measurement-upload", {"org": True}, "outcome-measurements", {}),
    ("lifecycle:register-upload", {"org": True}, "lifecycle-register", {"kind": "systems"}),
    ("lifecycle:sbom-upload", {"org": True, "system": True}, "lifecycle-sbom", {}),
    ("capacity:survey-upload", {}, "capacity-people-survey", {}),
]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def form_url(name, kwargs, org, system) -> str:
    args = {}
    if kwargs.get("org"):
        args["org_slug"] = org.slug
    if kwargs.get("system"):
        args["lifecycle_system_pk"] = system.pk
    if name == "organisation-import":
        return "/organisations/import/"
    return reverse(name, kwargs=args)


def error_summary(response) -> str:
    text = response.content.decode()
    assert 'class="govuk-error-summary' in text
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@pytest.mark.parametrize(("name", "kwargs", "kind", "data"), FORMS)
def test_a_file_over_the_size_limit_is_refused_on_the_form(
    client, superuser, org_a, settings, name, kwargs, kind, data
):
    setting = f"UPLOAD_MAX_BYTES_{kind.upper().replace('-', '_')}"
    settings.UPLOAD_LIMIT_OVERRIDES = {setting: 1024}
    client.force_login(superuser)
    system = SystemFactory(organisation=org_a)
    url = form_url(name, kwargs, org_a, system)

    response = client.post(url, {**data, "file": SimpleUploadedFile("big.csv", b"x" * 2048)})

    assert response.status_code == 200
    text = error_summary(response)
    assert "big.csv: it is 2 KiB; the upload size limit for this kind of file is 1 KiB" in text
    assert setting in text
    assert not Job.objects.exists()


@pytest.mark.parametrize(("name", "kwargs", "kind", "data"), FORMS)
def test_a_gzip_bomb_is_refused_on_the_form_before_a_job_is_queued(
    client, superuser, org_a, name, kwargs, kind, data
):
    client.force_login(superuser)
    system = SystemFactory(organisation=org_a)
    bomb = gzip.compress(b"\n" * (20 * 1024 * 1024), 9)

    response = client.post(
        form_url(name, kwargs, org_a, system),
        {**data, "file": SimpleUploadedFile("bomb.csv.gz", bomb)},
    )

    assert response.status_code == 200
    assert "limit for this kind of file" in error_summary(response)
    assert not Job.objects.exists()
