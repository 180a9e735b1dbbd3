"""The jobs API: read-only, scoped to the organisations one can read.

Platform-wide jobs (no organisation) are for superusers only: not members,
and not the central analyst either, who reads every organisation's jobs.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from smarterstate.jobs.models import Job

JOBS = "/api/v1/jobs/"


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def job_url(job: Job | str) -> str:
    return f"{JOBS}{getattr(job, 'pk', job)}/"


def descriptions(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {job["description"] for job in response.json()["results"]}


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content)
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["errors"] == {}
    return body


@pytest.fixture
def jobs(org_a, org_b, admin_a, editor_b):
    return {
        "a": Job.objects.create(
            organisation=org_a, kind="import:test", description="A's import", created_by=admin_a
        ),
        "b": Job.objects.create(
            organisation=org_b, kind="import:test", description="B's import", created_by=editor_b
        ),
        "platform": Job.objects.create(
            organisation=None, kind="import:organisations", description="Platform import"
        ),
    }


@pytest.mark.parametrize("persona", ["admin_a", "editor_a", "viewer_a"])
def test_members_of_a_see_only_as_jobs(request, persona, jobs):
    response = client_for(request.getfixturevalue(persona)).get(JOBS)

    assert descriptions(response) == {"A's import"}
    assert response.json()["count"] == 1


def test_members_of_b_see_only_bs_jobs(editor_b, jobs):
    assert descriptions(client_for(editor_b).get(JOBS)) == {"B's import"}


def test_the_analyst_sees_every_organisations_jobs_but_not_platform_jobs(analyst, jobs):
    client = client_for(analyst)

    assert descriptions(client.get(JOBS)) == {"A's import", "B's import"}
    assert client.get(job_url(jobs["b"])).status_code == 200
    assert_json_error(client.get(job_url(jobs["platform"])), 404)


def test_a_superuser_sees_platform_jobs(superuser, jobs):
    client = client_for(superuser)

    assert descriptions(client.get(JOBS)) == {"A's import", "B's import", "Platform import"}
    body = client.get(job_url(jobs["platform"])).json()
    assert body["organisation"] is None
    assert body["created_by"] is None
    assert body["description"] == "Platform import"


def test_a_job_in_full(admin_a, org_a, jobs):
    job = jobs["a"]
    job.progress_done, job.progress_total, job.report = 3, 10, {"created": 3}
    job.save()

    body = client_for(admin_a).get(job_url(job)).json()

    assert body == {
        "id": str(job.pk),
        "organisation": org_a.slug,
        "kind": "import:test",
        "description": "A's import",
        "status": "queued",
        "created_by": "admin-a",
        "created_at": body["created_at"],
        "started_at": None,
        "finished_at": None,
        "progress_done": 3,
        "progress_total": 10,
        "report": {"created": 3},
        "error": "",
    }


@pytest.mark.parametrize("which", ["b", "platform"])
def test_other_jobs_are_404_for_members_of_a(admin_a, jobs, which):
    body = assert_json_error(client_for(admin_a).get(job_url(jobs[which])), 404)
    assert body["detail"] == "Not found."


@pytest.mark.parametrize(
    "junk", ["not-a-uuid", "0.5", "123", "00000000-0000-4000-8000-000000000000", "%00"]
)
def test_unknown_job_ids_are_404_json(admin_a, jobs, junk):
    assert_json_error(client_for(admin_a).get(job_url(junk)), 404)


def test_jobs_are_read_only(superuser, jobs):
    client = client_for(superuser)

    assert_json_error(client.post(JOBS, {"description": "Mine"}, format="json"), 405)
    assert_json_error(client.patch(job_url(jobs["a"]), {"status": "failed"}, format="json"), 405)
    assert_json_error(client.delete(job_url(jobs["a"])), 405)

    jobs["a"].refresh_from_db()
    assert jobs["a"].status == "queued"
    assert Job.objects.count() == 3


def test_anonymous_gets_401(jobs):
    assert_json_error(APIClient().get(JOBS), 401)
    assert_json_error(APIClient().get(job_url(jobs["a"])), 401)


def test_jobs_are_paginated_newest_first(admin_a, org_a):
    start = timezone.now() - timedelta(days=1)
    for n in range(52):
        job = Job.objects.create(
            organisation=org_a, kind="import:test", description=f"Import {n:02}"
        )
        Job.objects.filter(pk=job.pk).update(created_at=start + timedelta(minutes=n))
    client = client_for(admin_a)

    first = client.get(JOBS).json()
    assert first["count"] == 52
    assert len(first["results"]) == 50
    assert first["results"][0]["description"] == "Import 51"
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/jobs/?page=2"

    second = client.get(first["next"]).json()
    assert [job["description"] for job in second["results"]] == ["Import 01", "Import 00"]
    assert second["next"] is None
    assert_json_error(client.get(JOBS, {"page": 3}), 404)
