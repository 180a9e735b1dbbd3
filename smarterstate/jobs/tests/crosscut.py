"""What the cross-cutting tests in tests/ need to know about background jobs.

tests/pillar_plugins.py collects these from every app (see smarterstate/ai/tests/crosscut.py
for the full list of names).
"""

from __future__ import annotations

OBJECT_MAKERS: dict = {
    "job_id": lambda w: w.job_b.pk,
    "job.pk": lambda w: w.job_b.pk,
}
API_OPERATIONS: dict[str, set[str]] = {
    "/api/v1/jobs/": {"get"},
    "/api/v1/jobs/{id}/": {"get"},
}
FUZZ_PATH_KEYS: dict[str, str] = {"/api/v1/jobs/": "job"}
EXPECTED_PAGES: dict[str, list[str]] = {
    "viewer_a": [r"/jobs/[0-9a-f-]{36}/", "/jobs/"],
    "editor_a": ["/jobs/"],
}


def authz_world(world) -> None:
    from smarterstate.jobs.models import Job

    world.job_b = Job.objects.create(
        organisation=world.org_b,
        kind="import:test",
        description="B's import",
        created_by=world.membership_b.user,
    )


def assert_unchanged(world) -> None:
    from smarterstate.jobs.models import Job

    assert Job.objects.filter(pk=world.job_b.pk).exists()


def fuzz_known(*, org_a, org_b, users) -> dict[str, list]:
    from smarterstate.jobs.models import Job

    jobs = [
        Job.objects.create(organisation=org_a, kind="import:test", description="A's import"),
        Job.objects.create(organisation=org_b, kind="import:test", description="B's import"),
        Job.objects.create(organisation=None, kind="platform", description="Platform job"),
    ]
    return {"job": [str(job.pk) for job in jobs] + ["00000000-0000-4000-8000-000000000000"]}


def browser_world(world: dict) -> dict:
    from smarterstate.jobs.models import Job

    org_a, editor_a = world["org_a"], world["editor_a"]
    Job.objects.create(
        organisation=org_a,
        kind="import:test",
        description="Import of spending data",
        created_by=editor_a,
        status="succeeded",
        progress_done=12,
        report={
            "read": 12,
            "created": 9,
            "updated": 1,
            "unchanged": 1,
            "rejected": 1,
            "rejects": [
                {
                    "source": "spend.csv",
                    "line": 7,
                    "offset": None,
                    "reason": "Amount is not a number",
                    "field": "amount",
                }
            ],
        },
    )
    Job.objects.create(
        organisation=org_a,
        kind="import:test",
        description="Import of contracts",
        created_by=editor_a,
        status="failed",
        error="The file is not UTF-8.",
    )
    Job.objects.create(
        organisation=org_a, kind="import:test", description="Import of roles", status="running"
    )
    Job.objects.create(
        organisation=world["org_b"],
        kind="import:test",
        description="B's import",
        created_by=world["editor_b"],
    )
    return {}
