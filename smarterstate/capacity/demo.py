"""Demo data for capacity: the real 2022 and 2024 people survey files, mapped to the demo
departments, and a refresh so the homes, scorecards and radar show real figures.

Runs last (DEMO_SEEDERS order), after every pillar's demo data. Idempotent: re-importing the
survey files stores nothing new, and each demo record below is added once.

Three radar kinds have no record in the other pillars' demo data (a contract review, a
campaign still running, a planned gate review): this seeder adds one of each through those
pillars' own services, so every kind shows on the radar from a real record.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from smarterstate.commercial.models import Contract, ContractReview
from smarterstate.commercial.services.reviews import contract_review_create
from smarterstate.core.dates import add_months
from smarterstate.core.importing import run_import
from smarterstate.organisations.models import Organisation
from smarterstate.outcomes.models import Initiative, Phase
from smarterstate.outcomes.services.initiatives import initiative_update
from smarterstate.skills.models import Campaign, LearningActivity
from smarterstate.skills.services.campaigns import campaign_create, campaign_refresh

from .importers.people_survey import PeopleSurveyImporter
from .models import SurveyOrganisation
from .services.refresh import capacity_refresh
from .services.scorecard import periods_containing, scorecards_refresh
from .services.survey import survey_organisation_map

DATA_DIR = Path(settings.BASE_DIR) / "data" / "csps"
DEMO_FILES = (
    "Civil_Service_People_Survey_2022_Benchmark_Results.ods",
    "Civil_Service_People_Survey_2024_Benchmark_Results.ods",
)
# Survey codes of the demo departments. GDS and NHS England are not in the survey; Bristol is
# a local authority.
DEMO_SURVEY_CODES = {
    "department-for-work-pensions": ["DWP"],
    "hm-revenue-customs": ["HMRC"],
    "cabinet-office": ["CO"],
    "companies-house": ["CH"],
    "crown-commercial-service": ["CCS"],
    "department-for-business-and-trade": ["DBT"],
    "department-for-science-innovation-and-technology": ["DSIT"],
    "valuation-office-agency": ["VOA"],
}
DEMO_CAMPAIGN = "Data essentials for DWP (demo)"


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _radar_records(today: dt.date) -> list[str]:
    """One record of each radar kind the other demo seeders do not make."""
    added: list[str] = []
    dwp = Organisation.objects.filter(slug="department-for-work-pensions").first()
    if dwp is None:
        return added
    contract = (
        Contract.objects.filter(process__organisation=dwp).order_by("period_end", "pk").first()
    )
    reviewer = dwp.memberships.filter(role__in=["editor", "admin"]).select_related("user").first()
    if (
        contract is not None
        and reviewer
        and not ContractReview.objects.filter(contract=contract).exists()
    ):
        contract_review_create(
            contract=contract, user=reviewer.user, review_date=today - dt.timedelta(days=300),
            roadmap_delivered=True, refresh_clause=False, exit_plan_exists=True,
            next_review_date=today + dt.timedelta(days=45), notes="Demo review.",
        )  # fmt: skip
        added.append("contract review")
    if not Campaign.objects.filter(name=DEMO_CAMPAIGN).exists():
        activities = list(LearningActivity.objects.filter(organisation__isnull=True)[:2])
        campaign = campaign_create(
            organisation=dwp, activities=activities, name=DEMO_CAMPAIGN,
            description="Every analyst completes the data essentials course.",
            starts_on=today - dt.timedelta(days=60), ends_on=add_months(today, 2), target_completion=60,
        )  # fmt: skip
        campaign_refresh(campaign=campaign)
        added.append("campaign")
    initiative = (
        Initiative.objects.filter(organisation=dwp, next_gate_review__isnull=True)
        .exclude(phase__in=[Phase.LIVE, Phase.RETIREMENT])
        .exclude(kind="pilot")
        .order_by("pk")
        .first()
    )
    if (
        initiative is not None
        and not Initiative.objects.filter(organisation=dwp, next_gate_review__isnull=False).exists()
    ):
        initiative_update(initiative=initiative, next_gate_review=add_months(today, 4))
        added.append("planned gate review")
    return added


def seed(stdout=None) -> dict:
    for name in DEMO_FILES:
        report = run_import(PeopleSurveyImporter(), [str(DATA_DIR / name)])
        _say(stdout, f"People survey {report.extra.get('year')}: {report.read} rows, "
                     f"{report.created} new, {report.unchanged} unchanged.")  # fmt: skip
    organisations = {org.slug: org for org in Organisation.objects.all()}
    mapped = 0
    for slug, codes in DEMO_SURVEY_CODES.items():
        organisation = organisations.get(slug)
        for survey_org in SurveyOrganisation.objects.filter(code__in=codes):
            if organisation is not None and survey_org.organisation_id != organisation.pk:
                survey_organisation_map(
                    survey_organisation=survey_org, organisation=organisation, user=None
                )
                mapped += 1
    today = timezone.localdate()
    added = _radar_records(today)
    # Four earlier quarters first, so the trend has a history; then today (and the radar).
    quarter_start = periods_containing(today)[0].start
    for months_back in (12, 9, 6, 3):
        scorecards_refresh(as_of=add_months(quarter_start, -months_back) + dt.timedelta(days=45))
    run = capacity_refresh(trigger="demo")
    _say(stdout, f"Capacity: {mapped} survey rows mapped; added {', '.join(added) or 'nothing'}; "
                 f"{run.counts.get('scorecards')} scorecards and {run.counts.get('radar_items')} radar items.")  # fmt: skip
    return {"mapped": mapped, "added": added, **run.counts}
