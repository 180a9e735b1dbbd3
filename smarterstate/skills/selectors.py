"""Reads for the skills pages and API: what an organisation sees, and the aggregates."""

from __future__ import annotations

from django.db.models import Q, Sum

from .models import (
    Campaign,
    CampaignDay,
    CampaignStat,
    Framework,
    GapSummary,
    LearningActivity,
    Role,
    RoleLevel,
)

GAP_DIMENSIONS = {"team": "Team", "profession": "Profession", "grade": "Grade"}


def frameworks_for(org):
    """Government-wide frameworks and the organisation's own."""
    return Framework.objects.filter(Q(organisation__isnull=True) | Q(organisation=org))


def roles_for(org):
    return Role.objects.filter(family__framework__in=frameworks_for(org))


def role_levels_for(org):
    return RoleLevel.objects.filter(role__family__framework__in=frameworks_for(org))


def activities_for(org):
    return LearningActivity.objects.filter(Q(organisation__isnull=True) | Q(organisation=org))


def campaigns_for(org):
    """The organisation's campaigns and the cross-government ones."""
    return Campaign.objects.filter(Q(organisation=org) | Q(cross_government=True))


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _summaries(org, dimension: str):
    return GapSummary.objects.filter(organisation=org, dimension=dimension)


def figures(row) -> dict:
    """One roll-up's measures. Not assessed is its own measure, never a gap: ``assessed_share``
    is assessed / required, ``coverage`` is met / assessed, ``below`` the assessed people × skills
    under the required level, ``gap`` the levels they miss."""
    required, assessed, met = (row.required, row.assessed, row.met) if row else (0, 0, 0)
    return {"required": required, "assessed": assessed, "not_assessed": required - assessed,
            "met": met, "below": assessed - met, "gap": row.gap if row else 0,
            "assessed_share": _pct(assessed, required), "coverage": _pct(met, assessed)}  # fmt: skip


def gap_summary(org) -> dict:
    return figures(_summaries(org, "all").first())


def gaps_by(org, dimension: str) -> list[dict]:
    """Assessed share, coverage and gap per value of a dimension (team, profession, grade)."""
    return [{"value": row.value or "(none)", **figures(row)}
            for row in _summaries(org, dimension).order_by("value")]  # fmt: skip


def largest_gaps(org, limit: int = 10) -> list[dict]:
    rows = _summaries(org, "skill").select_related("skill").order_by("-gap", "skill__name")[:limit]
    return [{"skill_name": row.skill.name, **figures(row)} for row in rows]


def heat_map(org, *, skills: int = 12, teams: int = 15) -> tuple[list[str], list[str], list[dict]]:
    """Coverage of the skills with the largest gaps × the largest teams (each cell's figures)."""
    top_skills = list(
        _summaries(org, "skill")
        .order_by("-gap", "skill__name")[:skills]
        .values_list("skill_id", "skill__name")
    )
    top_teams = list(
        _summaries(org, "team")
        .order_by("-required", "value")[:teams]
        .values_list("value", flat=True)
    )
    cells = (
        _summaries(org, "team-skill")
        .filter(skill_id__in=[pk for pk, _ in top_skills], value__in=top_teams)
        .select_related("skill")
    )
    rows = [{"team": c.value or "(none)", "skill": c.skill.name, **figures(c)} for c in cells]
    return [name for _, name in top_skills], [t or "(none)" for t in top_teams], rows


def campaign_totals(campaign: Campaign, org_ids=None) -> dict:
    stats = CampaignStat.objects.filter(campaign=campaign, dimension="organisation")
    if org_ids is not None:
        stats = stats.filter(organisation_id__in=org_ids)
    totals = stats.aggregate(
        population=Sum("population"), started=Sum("started"), completed=Sum("completed")
    )
    population = totals["population"] or 0
    started, completed = totals["started"] or 0, totals["completed"] or 0
    return {"population": population, "started": started, "completed": completed,
            "started_pct": _pct(started, population), "completed_pct": _pct(completed, population)}  # fmt: skip


def campaign_over_time(campaign: Campaign, org_ids=None) -> list[dict]:
    """Cumulative people started and completed, by date."""
    days = CampaignDay.objects.filter(campaign=campaign)
    if org_ids is not None:
        days = days.filter(organisation_id__in=org_ids)
    started = completed = 0
    rows = []
    for row in days.values("date").annotate(s=Sum("started"), c=Sum("completed")).order_by("date"):
        started += row["s"]
        completed += row["c"]
        rows.append({"date": row["date"], "started": started, "completed": completed})
    return rows


def campaign_breakdown(campaign: Campaign, org, dimension: str) -> list[dict]:
    rows = CampaignStat.objects.filter(
        campaign=campaign, organisation=org, dimension=dimension
    ).order_by("value")
    return [{"value": s.value or "(none)", "population": s.population, "started": s.started,
             "completed": s.completed, "started_pct": _pct(s.started, s.population),
             "completed_pct": _pct(s.completed, s.population)} for s in rows]  # fmt: skip


def league_table(campaign: Campaign) -> list[dict]:
    """Every organisation's participation, highest share taking part first (central analysts only)."""
    rows = []
    for stat in CampaignStat.objects.filter(
        campaign=campaign, dimension="organisation"
    ).select_related("organisation"):
        rows.append({"organisation": stat.organisation.name, "population": stat.population,
                     "started": stat.started, "completed": stat.completed,
                     "started_pct": _pct(stat.started, stat.population),
                     "completed_pct": _pct(stat.completed, stat.population),
                     "source": stat.get_source_display()})  # fmt: skip
    rows.sort(key=lambda r: (-(r["started_pct"] or 0), r["organisation"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return rows


def comparison(organisations) -> list[dict]:
    """Per organisation with people: how many, the share assessed in any skill (assessed is its own
    measure: an unassessed skill is not a gap), and coverage of required skill levels."""
    from django.db.models import Count, Q

    from .models import Person

    counts = (
        Person.objects.filter(organisation__in=organisations, active=True)
        .values("organisation_id")
        .annotate(
            people=Count("pk", distinct=True),
            assessed=Count("pk", filter=Q(assessments__isnull=False), distinct=True),
        )
    )
    by_org = {row["organisation_id"]: row for row in counts}
    totals = {
        row.organisation_id: row
        for row in GapSummary.objects.filter(organisation__in=organisations, dimension="all")
    }
    rows = []
    for org in organisations:
        if org.pk not in by_org:
            continue
        people, assessed = by_org[org.pk]["people"], by_org[org.pk]["assessed"]
        total = totals.get(org.pk)
        required, met = (total.required, total.met) if total else (0, 0)
        rows.append({
            "organisation": org, "people": people, "assessed": assessed,
            "assessed_share": _pct(assessed, people), "required": required, "met": met,
            "gap": total.gap if total else 0, "coverage": _pct(met, required),
        })  # fmt: skip
    return rows
