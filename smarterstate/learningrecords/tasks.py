"""Background work of the Learning Record Store: campaign and gap summaries after statements.

Statements arrive thousands a second; summaries are recomputed per campaign and organisation.
So statements only mark what they touched (``SummaryRefreshPending``) and at most one refresh
task waits in the queue at a time: a burst of statements costs one refresh, not one per batch.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .models import SummaryRefreshPending

TASK_PATH = "smarterstate.learningrecords.tasks.refresh_learning_summaries"


def summaries_refresh_later(*, organisation_ids, activity_ids) -> None:
    rows = [
        SummaryRefreshPending(organisation_id=o, activity_id=a)
        for o in organisation_ids
        for a in activity_ids
    ]
    if not rows:
        return
    SummaryRefreshPending.objects.bulk_create(rows, ignore_conflicts=True)
    if not DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists():
        transaction.on_commit(refresh_learning_summaries.enqueue)


def refresh_pending_summaries() -> dict:
    from smarterstate.organisations.models import Organisation
    from smarterstate.skills.services.campaigns import campaigns_refresh_for_activities
    from smarterstate.skills.services.gaps import gaps_refresh

    with transaction.atomic():
        pending = list(
            SummaryRefreshPending.objects.values_list("pk", "organisation_id", "activity_id")
        )
        SummaryRefreshPending.objects.filter(pk__in=[p[0] for p in pending]).delete()
    activity_ids = {a for _, _, a in pending}
    organisation_ids = {o for _, o, _ in pending}
    campaigns = campaigns_refresh_for_activities(activity_ids) if activity_ids else 0
    for organisation in Organisation.objects.filter(pk__in=organisation_ids):
        gaps_refresh(organisation=organisation)
    return {"campaigns": campaigns, "organisations": len(organisation_ids)}


@task()
def refresh_learning_summaries() -> dict:
    return refresh_pending_summaries()
