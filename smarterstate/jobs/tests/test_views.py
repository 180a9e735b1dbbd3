"""The Jobs pages: each person sees the jobs of organisations they read."""

from __future__ import annotations

import csv
import io

import pytest

from smarterstate.jobs.models import Job, JobStatus


@pytest.fixture
def jobs(org_a, org_b, editor_a, editor_b):
    return {
        "a_done": Job.objects.create(
            organisation=org_a,
            kind="import:test",
            description="A's import",
            created_by=editor_a,
            status=JobStatus.SUCCEEDED,
            progress_done=10,
            report={"rejected": 2},
        ),
        "a_queued": Job.objects.create(
            organisation=org_a, kind="import:test", description="A's next import"
        ),
        "b": Job.objects.create(
            organisation=org_b, kind="import:test", description="B's import", created_by=editor_b
        ),
        "platform": Job.objects.create(kind="import:organisations", description="Platform import"),
    }


def _descriptions(response) -> set[str]:
    return {job.description for job in response.context["page"].object_list}


def test_members_see_only_their_organisations_jobs(client, viewer_a, jobs):
    client.force_login(viewer_a)
    assert _descriptions(client.get("/jobs/")) == {"A's import", "A's next import"}


def test_analysts_see_every_organisations_jobs_but_not_platform_jobs(client, analyst, jobs):
    client.force_login(analyst)
    assert _descriptions(client.get("/jobs/")) == {"A's import", "A's next import", "B's import"}


def test_superusers_see_platform_jobs_too(client, superuser, jobs):
    client.force_login(superuser)
    assert "Platform import" in _descriptions(client.get("/jobs/"))


def test_job_list_filters_by_status(client, viewer_a, jobs):
    client.force_login(viewer_a)
    assert _descriptions(client.get("/jobs/", {"status": "queued"})) == {"A's next import"}


def test_job_list_exports_the_filtered_jobs(client, viewer_a, jobs):
    client.force_login(viewer_a)
    response = client.get("/jobs/", {"status": "succeeded", "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Job",
        "Organisation",
        "Status",
        "Started by",
        "Queued at",
        "Finished at",
        "Records read",
        "Rejected",
    ]
    assert len(rows) == 2
    assert rows[1][:4] == [
        "A's import",
        "Department for Work and Pensions",
        "Succeeded",
        "editor-a",
    ]
    assert rows[1][6:] == ["10", "2"]


def test_a_job_of_another_organisation_is_not_found(client, viewer_a, jobs):
    client.force_login(viewer_a)
    assert client.get(f"/jobs/{jobs['b'].pk}/").status_code == 404
    assert client.get(f"/jobs/{jobs['platform'].pk}/").status_code == 404
    assert client.get(f"/jobs/{jobs['a_done'].pk}/").status_code == 200


def test_an_unfinished_job_refreshes_itself_when_asked_until_told_not_to(client, viewer_a, jobs):
    client.force_login(viewer_a)
    queued = jobs["a_queued"]
    html = client.get(queued.progress_url).content.decode()  # where upload forms send people
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "Queued" in html and "Stop refreshing this page" in html
    html = client.get(queued.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in html and "Refresh to see progress" in html
    assert "Refresh this page every 5 seconds" in html
    done = client.get(jobs["a_done"].progress_url).content.decode()
    assert 'http-equiv="refresh"' not in done


def test_a_job_links_to_where_it_came_from_and_what_it_changed(client, viewer_a, jobs):
    job = jobs["a_done"]
    job.arguments = {
        "came_from": {"text": "Back to the system", "href": "/o/a/lifecycle/systems/1/"},
        "results": {"text": "See the components", "href": "/o/a/lifecycle/components/"},
    }
    job.save()
    client.force_login(viewer_a)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<a class="govuk-link" href="/o/a/lifecycle/systems/1/">Back to the system</a>' in html
    assert '<a class="govuk-link" href="/o/a/lifecycle/components/">See the components</a>' in html
