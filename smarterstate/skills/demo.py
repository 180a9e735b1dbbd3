"""Demo data for the Skills and learning pillar (run by seed_demo, in DEMO_SEEDERS order).

* The real DDaT capability framework from data/ddat/.
* DWP, simulated person by person (3,000 pseudonymous staff, a demo-sized sample of the real
  department): teams, grades, professions, some DDaT role levels, an all-staff framework (data
  literacy, AI awareness), assessments and training records.
* "One Big Thing 2023 — data upskilling", a cross-government campaign owned by the Cabinet Office,
  shaped like the published figures: 47,000 of ~520,000 civil servants (9%) started in the first
  two months, 212,000 (40%) by the end of January 2024. DWP's figures come from its simulated
  training records; every other demo body's figures are **declared totals**
  (``CampaignStat``/``CampaignDay`` rows with ``source="declared"``, shown as such in the league
  table), with populations scaled so the demo civil service bodies add up to ~520,000 people.

Idempotent: a second run finds the campaign and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from smarterstate.core.importing import open_input
from smarterstate.organisations.models import Organisation

from .importers.ddat import read_framework
from .models import (
    ActivityKind,
    ActivitySkill,
    Campaign,
    CampaignDay,
    CampaignStat,
    LearningActivity,
    Person,
    RoleLevel,
    StatSource,
    TrainingRecord,
    TrainingStatus,
)
from .services.campaigns import campaign_create, campaign_refresh
from .services.frameworks import framework_create, framework_import, skill_create
from .services.gaps import gaps_refresh
from .services.people import assessment_record

DATA = Path(settings.BASE_DIR) / "data" / "ddat"
CAMPAIGN = "One Big Thing 2023 — data upskilling"
STARTS, TWO_MONTHS, ENDS = dt.date(2023, 10, 1), dt.date(2023, 11, 30), dt.date(2024, 1, 31)
POPULATION, STARTED_TWO_MONTHS, STARTED_BY_END = 520_000, 47_000, 212_000
SIMULATED_ORG, SIMULATED_PEOPLE = "department-for-work-pensions", 3_000
# Demo civil service bodies with declared totals: share of the rest of the population and a
# participation factor (1.0 = the civil-service average), so the league table has a spread.
DECLARED = {
    "hm-revenue-customs": (0.26, 1.25),
    "cabinet-office": (0.05, 1.6),
    "crown-commercial-service": (0.02, 1.1),
    "department-for-science-innovation-and-technology": (0.03, 1.45),
    "government-digital-service": (0.01, 1.8),
    "valuation-office-agency": (0.04, 0.7),
    "department-for-business-and-trade": (0.05, 0.9),
    "companies-house": (0.02, 0.85),
}
TEAMS = ["Universal Credit", "Pensions", "Child Maintenance", "Digital Platform", "Data and Analytics",
         "Fraud and Error", "Jobcentre North", "Jobcentre South", "Finance", "People and Capability"]  # fmt: skip
GRADES = [("AO", 30), ("EO", 30), ("HEO", 18), ("SEO", 10), ("G7", 8), ("G6", 3), ("SCS", 1)]
PROFESSIONS = [("Operational delivery", 60), ("Digital and data", 12), ("Policy", 8), ("Finance", 6),
               ("Analysis", 6), ("Human resources", 4), ("Commercial", 4)]  # fmt: skip
DIGITAL_LEVELS = ["Data analyst", "Senior data analyst", "Developer", "Senior developer", "User researcher",
                  "Delivery manager", "Product manager", "Data scientist", "Content designer"]  # fmt: skip


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def seed(stdout=None) -> dict:
    with (
        open_input(str(DATA / "ddat-role-content.csv"))[0] as roles,
        open_input(str(DATA / "ddat-skill-descriptions.csv"))[0] as skills,
    ):
        snapshot = read_framework(roles, skills, role_source="ddat-role-content.csv",
                                  skill_source="ddat-skill-descriptions.csv")  # fmt: skip
    report = framework_import(
        snapshot=snapshot, sources=["ddat-role-content.csv", "ddat-skill-descriptions.csv"]
    )
    _say(
        stdout,
        f"DDaT framework: version {report['version']} ({'changed' if report['changed'] else 'unchanged'})",
    )
    if Campaign.objects.filter(name=CAMPAIGN).exists():
        return {"framework_version": report["version"], "campaign": "exists"}
    owner = Organisation.objects.filter(slug="cabinet-office").first()
    dwp = Organisation.objects.filter(slug=SIMULATED_ORG).first()
    if owner is None or dwp is None:
        return {"framework_version": report["version"]}
    rng = random.Random(2023)

    # An all-staff framework, and learning that evidences it.
    all_staff = framework_create(organisation=dwp, name="Data and AI for everyone", slug="data-and-ai-for-everyone",
                                 description="What every member of DWP staff is expected to know.")  # fmt: skip
    literacy = skill_create(framework=all_staff, name="Data literacy", baseline_level=1,
                            description="Reading, questioning and using data in everyday work.",
                            awareness="You can read a chart and ask where its numbers came from.",
                            working="You can use data to make and explain a decision.")  # fmt: skip
    ai = skill_create(framework=all_staff, name="AI awareness", baseline_level=1,
                      description="Knowing what AI tools can and cannot safely do.",
                      awareness="You know the government's guidance on using generative AI safely.")  # fmt: skip
    obt = LearningActivity.objects.create(code="OBT-2023", title="One Big Thing 2023: data essentials",
                                          kind=ActivityKind.ELEARNING, hours=6)  # fmt: skip
    ActivitySkill.objects.create(activity=obt, skill=literacy, level=1)
    ai_course = LearningActivity.objects.create(code="DWP-AI-101", organisation=dwp, title="Using AI safely at DWP",
                                                kind=ActivityKind.COURSE, hours=2)  # fmt: skip
    ActivitySkill.objects.create(activity=ai_course, skill=ai, level=1)
    obt_event = LearningActivity.objects.create(code="OBT-2023-EVENT", title="One Big Thing 2023: team data session",
                                    kind=ActivityKind.EVENT, hours=1)  # fmt: skip

    # DWP, person by person.
    levels = {
        name: pk
        for name, pk in RoleLevel.objects.filter(name__in=DIGITAL_LEVELS).values_list("name", "pk")
    }
    people = []
    for index in range(SIMULATED_PEOPLE):
        profession = _pick(rng, PROFESSIONS)
        team = "Digital Platform" if profession == "Digital and data" else rng.choice(TEAMS)
        role_level = (
            levels.get(rng.choice(DIGITAL_LEVELS)) if profession == "Digital and data" else None
        )
        people.append(Person(organisation=dwp, reference=f"DWP{index + 1:06d}", grade=_pick(rng, GRADES),
                             profession=profession, team=team, role_level_id=role_level,
                             line_manager_reference=f"DWP{rng.randint(1, 300):06d}" if index >= 300 else "",
                             location=rng.choice(["Leeds", "Sheffield", "Blackpool", "Newcastle", "London"])))  # fmt: skip
    bulk_create_with_history(people, Person, batch_size=1000)
    people = list(Person.objects.filter(organisation=dwp).order_by("reference"))

    # One Big Thing for DWP: 9% start in the first two months, 40% by the end of January.
    rng.shuffle(people)
    early = round(SIMULATED_PEOPLE * STARTED_TWO_MONTHS / POPULATION)
    late = round(SIMULATED_PEOPLE * STARTED_BY_END / POPULATION) - early
    records = []
    for position, person in enumerate(people[: early + late]):
        if position < early:
            started = STARTS + dt.timedelta(days=rng.randint(0, (TWO_MONTHS - STARTS).days))
        else:
            started = TWO_MONTHS + dt.timedelta(days=rng.randint(1, (ENDS - TWO_MONTHS).days))
        completed = (
            min(started + dt.timedelta(days=rng.randint(0, 20)), ENDS)
            if rng.random() < 0.8
            else None
        )
        records.append(TrainingRecord(organisation=dwp, person=person, activity=obt, started_on=started,
                                      completed_on=completed,
                                      status=TrainingStatus.COMPLETED if completed else TrainingStatus.STARTED,
                                      hours=6 if completed else 2))  # fmt: skip
    for person in people[-400:]:
        records.append(TrainingRecord(organisation=dwp, person=person, activity=ai_course,
                                      started_on=dt.date(2024, 3, 4), completed_on=dt.date(2024, 3, 4),
                                      status=TrainingStatus.COMPLETED, hours=2))  # fmt: skip
    TrainingRecord.objects.bulk_create(records, batch_size=2000)
    for person in people[:150]:
        assessment_record(person=person, skill=literacy, kind="self", level=rng.randint(1, 3),
                          assessed_on=dt.date(2024, 2, 1), evidence="Self assessment in the annual review")  # fmt: skip
    gaps_refresh(organisation=dwp)

    campaign = campaign_create(
        organisation=owner, activities=[obt, obt_event],
        name=CAMPAIGN, cross_government=True, starts_on=STARTS, ends_on=ENDS,
        description="Every civil servant to take one hour or more of data upskilling in the autumn of 2023.",
        target_participation=100, target_completion=80,
    )  # fmt: skip
    _declare(campaign, rng)
    campaign_refresh(campaign=campaign)
    _say(
        stdout,
        f"Skills: {len(people):,} DWP people, {len(records):,} training records, campaign “{CAMPAIGN}”",
    )
    return {"people": len(people), "training_records": len(records), "campaign": campaign.pk}


def _declare(campaign: Campaign, rng: random.Random) -> None:
    """Declared totals for the other demo bodies, adding up (with DWP's sample) to the published shape."""
    bodies = {o.slug: o for o in Organisation.objects.filter(slug__in=DECLARED)}
    simulated_early = round(SIMULATED_PEOPLE * STARTED_TWO_MONTHS / POPULATION)
    simulated_end = round(SIMULATED_PEOPLE * STARTED_BY_END / POPULATION)
    rest_population = POPULATION - SIMULATED_PEOPLE
    # The shares are of the rest; the largest body takes what the others leave.
    shares = {slug: DECLARED[slug] for slug in bodies if DECLARED[slug][0] > 0}
    largest = "hm-revenue-customs"
    populations = {
        slug: round(rest_population * share)
        for slug, (share, _) in shares.items()
        if slug != largest
    }
    populations[largest] = rest_population - sum(populations.values())
    weight = {slug: populations[slug] * shares[slug][1] for slug in populations}
    total_weight = sum(weight.values())

    def split(total: int) -> dict[str, int]:
        parts = {slug: int(total * weight[slug] / total_weight) for slug in populations}
        parts[largest] += total - sum(parts.values())
        return parts

    early = split(STARTED_TWO_MONTHS - simulated_early)
    final = split(STARTED_BY_END - simulated_end)
    weeks_early = (TWO_MONTHS - STARTS).days // 7
    for slug, organisation in bodies.items():
        if slug not in populations:
            continue
        # Weekly rows: the first two months reach the early total exactly on TWO_MONTHS.
        days = [STARTS + dt.timedelta(days=7 * week) for week in range(weeks_early)] + [TWO_MONTHS]
        later = []
        day = TWO_MONTHS + dt.timedelta(days=7)
        while day <= ENDS:
            later.append(day)
            day += dt.timedelta(days=7)
        if later[-1] != ENDS:
            later.append(ENDS)
        rows = _spread(early[slug], days) + _spread(final[slug] - early[slug], later)
        # Four in five who start complete, the same week.
        CampaignDay.objects.bulk_create([
            CampaignDay(campaign=campaign, organisation=organisation, date=date, started=started,
                        completed=started * 4 // 5, source=StatSource.DECLARED)
            for date, started in rows
        ])  # fmt: skip
        CampaignStat.objects.create(campaign=campaign, organisation=organisation, dimension="organisation",
                                    population=populations[slug], started=final[slug],
                                    completed=sum(started * 4 // 5 for _, started in rows),
                                    source=StatSource.DECLARED)  # fmt: skip


def _spread(total: int, days: list[dt.date]) -> list[tuple[dt.date, int]]:
    each, extra = divmod(total, len(days))
    return [(day, each + (1 if index < extra else 0)) for index, day in enumerate(days)]
