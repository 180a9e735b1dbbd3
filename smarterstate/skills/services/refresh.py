"""Refresh the pre-aggregated skills figures: all of them, or only what an import touched.

``GapCell``/``GapSummary`` rows are per organisation and computed from its own people,
assessments and training records (plus the frameworks, which imports of people and records do
not change). ``CampaignStat``/``CampaignDay`` rows are per campaign and organisation and
counted from that organisation's people and records alone. So refreshing only the
organisations an import touched — and, in each campaign that can count them, only their rows —
gives exactly the tables a full refresh gives (tests dump them both ways), and an untouched
organisation's rows are not rewritten.

Changes made elsewhere reach the summaries through their own refresh: a framework import or
an edit of an activity's skills through ``refresh_skills`` (everything), a campaign's edit
through ``campaign_refresh`` of that campaign, an assessment through ``gaps_refresh`` of its
organisation.
"""

from __future__ import annotations

from collections.abc import Collection

from smarterstate.organisations.models import Organisation

from ..models import ActivitySkill, Campaign, Person
from .campaigns import campaigns_refresh
from .gaps import gaps_refresh

__all__ = ["skills_refresh"]


def skills_refresh(
    *,
    organisations: Collection[int] | None = None,
    activities: Collection[int] | None = None,
) -> dict[str, int]:
    """Recompute gap cells and campaign figures. Returns how many organisations' gaps and how
    many campaigns were refreshed.

    - Neither argument: everything (``manage.py refresh_skills``): the gaps of every
      organisation with people, every campaign whole.
    - ``organisations`` (ids) alone, after a change to their people: their gaps, and their rows
      in every campaign that targets them (cross-government, or their own).
    - With ``activities`` too, after new or changed training records of those activities: the
      gaps only if one of the activities evidences a skill (only completed learning that does
      counts in gaps), and their rows in the campaigns of those activities.
    """
    if organisations is None:
        org_ids = set(Person.objects.values_list("organisation_id", flat=True).distinct())
        for organisation in Organisation.objects.filter(pk__in=org_ids).order_by("pk"):
            gaps_refresh(organisation=organisation)
        return {
            "organisations": len(org_ids),
            "campaigns": campaigns_refresh(Campaign.objects.all()),
        }
    org_ids = set(organisations)
    if not org_ids:
        return {"organisations": 0, "campaigns": 0}
    campaigns = Campaign.objects.all()
    gaps = True
    if activities is not None:
        activity_ids = sorted(set(activities))
        campaigns = campaigns.filter(activities__in=activity_ids).distinct()
        gaps = ActivitySkill.objects.filter(activity_id__in=activity_ids).exists()
    refreshed = 0
    if gaps:
        for organisation in Organisation.objects.filter(pk__in=sorted(org_ids)).order_by("pk"):
            gaps_refresh(organisation=organisation)
            refreshed += 1
    return {"organisations": refreshed, "campaigns": campaigns_refresh(campaigns, org_ids)}
