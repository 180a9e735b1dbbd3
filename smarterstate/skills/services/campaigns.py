"""Campaigns: create, and refresh their pre-aggregated participation (``CampaignStat``, ``CampaignDay``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from ..models import (
    Campaign,
    CampaignDay,
    CampaignStat,
    Person,
    StatSource,
    TrainingRecord,
    TrainingStatus,
)

DIMENSIONS = ("organisation", "grade", "profession", "team")


def campaign_population(campaign: Campaign, organisations: Collection[int] | None = None):
    people = Person.objects.filter(active=True)
    if not campaign.cross_government:
        people = people.filter(organisation_id=campaign.organisation_id)
    if organisations is not None:
        people = people.filter(organisation_id__in=sorted(organisations))
    if grades := Campaign.split(campaign.grades):
        people = people.filter(grade__in=grades)
    if professions := Campaign.split(campaign.professions):
        people = people.filter(profession__in=professions)
    return people


def campaign_records(campaign: Campaign, organisations: Collection[int] | None = None):
    records = TrainingRecord.objects.filter(
        activity__in=campaign.activities.all(),
        started_on__gte=campaign.starts_on,
        started_on__lte=campaign.ends_on,
        person__active=True,
    )
    if not campaign.cross_government:
        records = records.filter(organisation_id=campaign.organisation_id)
    if organisations is not None:
        records = records.filter(organisation_id__in=sorted(organisations))
    if grades := Campaign.split(campaign.grades):
        records = records.filter(person__grade__in=grades)
    if professions := Campaign.split(campaign.professions):
        records = records.filter(person__profession__in=professions)
    return records


@transaction.atomic
def campaign_create(*, organisation, activities=(), **fields) -> Campaign:
    campaign = Campaign(organisation=organisation, **fields)
    campaign.full_clean()
    campaign.save()
    campaign.activities.set(activities)
    return campaign


def campaign_targets(campaign: Campaign, organisations: Collection[int]) -> bool:
    """Can people or records of these organisations count in the campaign?"""
    return campaign.cross_government or campaign.organisation_id in organisations


@transaction.atomic
def campaign_refresh(*, campaign: Campaign, organisations: Collection[int] | None = None) -> None:
    """Recompute the campaign's figures from people and training records.

    With ``organisations`` (ids), only their rows: each organisation's rows are counted from
    its own people and records alone, so the other organisations' rows stay as they are and
    the table equals a whole refresh. Rows of organisations that declared totals
    (``source=declared``) are left as they are."""
    if organisations is not None and not campaign_targets(campaign, organisations):
        return
    declared = set(
        CampaignStat.objects.filter(campaign=campaign, source=StatSource.DECLARED).values_list(
            "organisation_id", flat=True
        )
    )
    stats = _population_counts(campaign_population(campaign, organisations))
    days, done = _count_participation(campaign_records(campaign, organisations), stats)
    _replace_figures(campaign, organisations, declared, stats, days, done)
    campaign.refreshed_at = timezone.now()
    campaign.save(update_fields=["refreshed_at"])


def _population_counts(population) -> dict[tuple, list[int]]:
    """(organisation id, dimension, value) → [population, started, completed], population filled."""
    stats: dict[tuple, list[int]] = {}
    for dimension in DIMENSIONS:
        person_fields = ["organisation_id"] + ([] if dimension == "organisation" else [dimension])
        for row in population.values(*person_fields).annotate(n=Count("pk")).order_by():
            value = "" if dimension == "organisation" else row[dimension]
            stats.setdefault((row["organisation_id"], dimension, value), [0, 0, 0])[0] = row["n"]
    return stats


def _count_participation(records, stats: dict[tuple, list[int]]) -> tuple[Counter, Counter]:
    """Adds who started and completed to ``stats``; returns first starts and first completions
    per (organisation id, date)."""
    # One row per person taking part (one query, not one per breakdown): who started, who
    # completed, and their first start and completion.
    days: Counter = Counter()
    done: Counter = Counter()
    for org_id, grade, profession, team, completed, first, finished in (
        records.values("person_id", "organisation_id")
        .annotate(
            completed=Count("pk", filter=Q(status=TrainingStatus.COMPLETED)),
            first=Min("started_on"),
            finished=Min("completed_on"),
        )
        .order_by()
        .values_list(
            "organisation_id",
            "person__grade",
            "person__profession",
            "person__team",
            "completed",
            "first",
            "finished",
        )  # fmt: skip
        .iterator(chunk_size=20_000)
    ):
        for dimension, value in (
            ("organisation", ""), ("grade", grade), ("profession", profession), ("team", team)
        ):  # fmt: skip
            cell = stats.setdefault((org_id, dimension, value), [0, 0, 0])
            cell[1] += 1
            cell[2] += completed > 0
        days[(org_id, first)] += 1
        if finished:
            done[(org_id, finished)] += 1
    return days, done


def _replace_figures(
    campaign: Campaign,
    organisations: Collection[int] | None,
    declared: set[int],
    stats: dict[tuple, list[int]],
    days: Counter,
    done: Counter,
) -> None:
    """Deletes the refreshed organisations' record-based rows and writes the new ones; declared
    totals stay."""
    stale_stats = CampaignStat.objects.filter(campaign=campaign, source=StatSource.RECORDS)
    stale_days = CampaignDay.objects.filter(campaign=campaign, source=StatSource.RECORDS)
    if organisations is not None:
        stale_stats = stale_stats.filter(organisation_id__in=sorted(organisations))
        stale_days = stale_days.filter(organisation_id__in=sorted(organisations))
    stale_stats.delete()
    stale_days.delete()
    CampaignStat.objects.bulk_create(
        [
            CampaignStat(
                campaign=campaign,
                organisation_id=org_id,
                dimension=dimension,
                value=value,
                population=p,
                started=s,
                completed=c,
            )  # fmt: skip
            for (org_id, dimension, value), (p, s, c) in stats.items()
            if org_id not in declared
        ],
        batch_size=2000,
    )
    CampaignDay.objects.bulk_create(
        [
            CampaignDay(
                campaign=campaign,
                organisation_id=org_id,
                date=date,
                started=days.get((org_id, date), 0),
                completed=done.get((org_id, date), 0),
            )  # fmt: skip
            for org_id, date in set(days) | set(done)
            if org_id not in declared
        ],
        batch_size=2000,
    )


def campaigns_refresh_for_activities(
    activity_ids, organisations: Collection[int] | None = None
) -> int:
    """Refresh the campaigns of these activities (only the rows of ``organisations``, if
    given). Returns how many campaigns it refreshed."""
    campaigns = Campaign.objects.filter(activities__in=activity_ids).distinct()
    return campaigns_refresh(campaigns, organisations)


def campaigns_refresh(campaigns, organisations: Collection[int] | None = None) -> int:
    count = 0
    for campaign in campaigns.order_by("pk"):
        if organisations is None or campaign_targets(campaign, organisations):
            campaign_refresh(campaign=campaign, organisations=organisations)
            count += 1
    return count
