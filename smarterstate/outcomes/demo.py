"""Demo data for the Outcomes and pilots pillar (run by seed_demo, in DEMO_SEEDERS order).

A realistic portfolio for several demo organisations: services with the mandatory KPIs and a
year of monthly measurements, projects with cash-releasing benefits, some initiatives with no
measurable outcome (flagged), gate reviews, and pilots in every state — running, overdue,
scaled, iterating and stopped — with stopped pilots' money reinvested in new ones.

Everything goes through the services, so the demo obeys the rules. Idempotent: an
organisation that already has initiatives is left as it is. The figures are illustrative.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from smarterstate.organisations.models import Organisation

from .models import BenefitType, Decision, Direction, Initiative, Kind
from .services import gates, initiatives, outcomes, pilots

D = Decimal

# slug → (services, projects, pilots); names are the organisation's kind of work. Money
# figures differ per organisation so that no two portfolios look alike: ``money`` scales every
# budget and spend (a large department's pilots cost more than a council's), ``reinvest`` is the
# share of a stopped pilot's released money put into a new pilot, ``spent`` the share of the
# programme budget spent so far.
PORTFOLIOS = {
    "department-for-work-pensions": {
        "programme": "Service modernisation programme",
        "services": [
            "Apply for Universal Credit",
            "Check your State Pension forecast",
            "Report a change of circumstances",
        ],
        "projects": [
            ("Legacy benefits decommissioning", True),
            ("Debt management replatforming", False),
        ],
        "pilots": [
            "AI call summaries for work coaches",
            "Plain-English award letters",
            "Video appointments in jobcentres",
            "Automated evidence checks",
            "Chatbot for routine calls",
        ],
        "scale": 3,
        "money": D("3.4"),
        "reinvest": D("0.60"),
        "spent": D("0.46"),
    },
    "hm-revenue-customs": {
        "programme": "Making Tax Digital",
        "services": ["File a Self Assessment return", "Pay your tax bill online"],
        "projects": [
            ("Customs declarations platform", True),
            ("Contact centre consolidation", False),
        ],
        "pilots": [
            "Nudge letters for late filers",
            "Agent-assisted digital onboarding",
            "Voice biometrics",
            "Webchat triage",
            "Prefilled returns",
        ],
        "scale": 2,
        "money": D("2.6"),
        "reinvest": D("0.75"),
        "spent": D("0.52"),
    },
    "cabinet-office": {
        "programme": "Government property reform",
        "services": ["Find a government job"],
        "projects": [("Shared services for HR and finance", True)],
        "pilots": [
            "Hybrid meeting rooms",
            "Skills passport",
            "AI drafting for correspondence",
            "Open data on estates",
            "Energy sensors in offices",
        ],
        "scale": 1,
        "money": D("0.9"),
        "reinvest": D("0.40"),
        "spent": D("0.31"),
    },
    "nhs-england": {
        "programme": "Digital front door",
        "services": ["Book a GP appointment online", "Order a repeat prescription"],
        "projects": [("Federated data platform roll-out", True), ("Paper records scanning", False)],
        "pilots": [
            "Remote monitoring for heart failure",
            "AI triage in urgent care",
            "Text reminders for screening",
            "Virtual wards",
            "Digital physiotherapy",
        ],
        "scale": 2,
        "money": D("2.1"),
        "reinvest": D("0.55"),
        "spent": D("0.58"),
    },
    "bristol-city-council": {
        "programme": "Customer access",
        "services": ["Apply for a parking permit", "Report a missed bin collection"],
        "projects": [("Housing repairs system", True)],
        "pilots": [
            "Sensors in bins",
            "Chatbot for council tax",
            "Predictive pothole repairs",
            "Self-serve library kiosks",
            "Digital inclusion hubs",
        ],
        "scale": 1,
        "money": D("0.35"),
        "reinvest": D("0.80"),
        "spent": D("0.39"),
    },
}
KPI_SERIES = {
    # kpi → (baseline, target, monthly step)
    "cost-per-transaction": (D("12.40"), D("6.00"), D("-0.35")),
    "user-satisfaction": (D("71"), D("85"), D("0.9")),
    "completion-rate": (D("64"), D("80"), D("1.1")),
    "digital-take-up": (D("58"), D("90"), D("2.2")),
}


def _months_ago(today: dt.date, months: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _measure(outcome, today: dt.date, start, step, months: int = 12, wobble: int = 0) -> None:
    for index in range(months):
        day = _months_ago(today, months - index)
        value = start + step * (index + 1) + D((index * 7 + wobble) % 5 - 2) / 10
        outcomes.measurement_record(outcome=outcome, date=day, value=value)


def _money(amount, factor: Decimal) -> Decimal:
    """A demo amount scaled for the organisation, to the nearest £1,000."""
    return (D(amount) * factor / 1000).quantize(D("1")) * 1000


def _service(org, programme, name: str, today: dt.date, seed: int, factor: Decimal) -> Initiative:
    service = initiatives.initiative_create(
        organisation=org,
        name=name,
        kind=Kind.SERVICE,
        parent=programme,
        senior_responsible_owner="Service owner",
        team=f"{name} team",
        budget=_money(1_200_000 + seed * 150_000, factor),
        spend=_money(700_000 + seed * 90_000, factor),
        start_date=_months_ago(today, 30),
        phase="private-beta" if seed % 2 else "alpha",
    )
    for outcome in outcomes.kpis_adopt(
        initiative=service, kpis=list(KPI_SERIES), owner="Service owner"
    ):
        baseline, target, step = KPI_SERIES[outcome.kpi]
        outcomes.outcome_update(
            outcome=outcome,
            baseline_value=baseline,
            baseline_date=_months_ago(today, 13),
            target_value=target,
            target_date=_months_ago(today, -12),
        )
        _measure(outcome, today, baseline, step * D(1 + seed % 3) / 2, wobble=seed)
    ratings = ["amber", "amber-green", "green"] if seed % 2 else ["amber-red", "amber"]
    for months, rating in zip(range(len(ratings) * 3, 0, -3), ratings, strict=False):
        initiatives.confidence_rating_add(
            initiative=service,
            rating=rating,
            rated_on=_months_ago(today, months),
            note="Quarterly review",
        )
    points = [{"point": n, "met": n not in (5, 14), "notes": ""} for n in range(1, 15)]
    service.refresh_from_db()
    following = gates.next_phases(service.phase)[0]
    gates.gate_review_create(
        initiative=service,
        to_phase=following,
        decision=Decision.GO_WITH_CONDITIONS,
        panel="Service assessment panel: lead assessor, user research, design, technology",
        review_date=today - dt.timedelta(days=20 + seed),
        points=points,
        conditions=[
            {
                "text": "Fix the accessibility issues found in the audit",
                "owner": "Service owner",
                "due_date": today + dt.timedelta(days=45),
            },
            {
                "text": "Agree the support model with operations",
                "owner": "Operations lead",
                "due_date": today + dt.timedelta(days=90),
            },
        ],
    )
    return service


def _project(
    org, programme, name: str, measured: bool, today: dt.date, seed: int, factor: Decimal
) -> Initiative:
    project = initiatives.initiative_create(
        organisation=org,
        name=name,
        kind=Kind.PROJECT,
        parent=programme,
        senior_responsible_owner="Programme director",
        team="Change portfolio",
        budget=_money(3_000_000 + seed * 500_000, factor),
        spend=_money(1_100_000 + seed * 300_000, factor),
        start_date=_months_ago(today, 18),
    )
    outcome = outcomes.outcome_create(
        initiative=project,
        name="Running costs of legacy systems",
        measure="Annual run cost of the systems being replaced",
        unit="£",
        direction=Direction.DECREASE,
        benefit_type=BenefitType.CASH_RELEASING,
        owner="Finance business partner",
        **(
            {
                "baseline_value": D(4_200_000 + seed * 100_000),
                "baseline_date": _months_ago(today, 13),
                "target_value": D(1_500_000),
                "target_date": _months_ago(today, -18),
            }
            if measured
            else {}
        ),
    )
    if measured:
        _measure(outcome, today, D(4_200_000 + seed * 100_000), D(-90_000), months=12)
    initiatives.confidence_rating_add(
        initiative=project,
        rating="amber" if measured else "red",
        rated_on=today - dt.timedelta(days=10),
    )
    if not measured:
        # Outcome first: a no go, since nothing can show the project is working.
        gates.gate_review_create(
            initiative=project,
            to_phase="alpha",
            decision=Decision.NO_GO,
            panel="Investment committee",
            review_date=today - dt.timedelta(days=40),
            notes="Come back with a baseline and a target for the benefit.",
        )
    return project


def _pilots(org, programme, names: list[str], today: dt.date, factor: Decimal) -> dict:
    """One pilot in each state: running, overdue, scaled, iterating, stopped; then reinvest."""
    made = {}
    states = ["running", "overdue", "scale", "iterate", "stop"]
    for index, (name, state) in enumerate(zip(names, states, strict=True)):
        start = today - dt.timedelta(days=150 - index * 5)
        end = {
            "running": today + dt.timedelta(days=45),
            "overdue": today - dt.timedelta(days=12),
        }.get(state, today - dt.timedelta(days=30))
        pilot = pilots.pilot_create(
            organisation=org,
            name=name,
            hypothesis=f"We believe {name.lower()} will cut avoidable contact by a fifth. "
            "We will know when repeat calls fall in the pilot area.",
            timebox_start=start,
            timebox_end=end,
            budget=_money(60_000 + index * 15_000, factor),
            parent=programme,
            team="Innovation lab",
            senior_responsible_owner="Head of innovation",
        )
        initiatives.initiative_update(
            initiative=pilot.initiative, spend=_money(20_000 + index * 6_000, factor)
        )
        measure = outcomes.outcome_create(
            initiative=pilot.initiative,
            name="Avoidable contact",
            measure="Repeat calls per 1,000 cases in the pilot area",
            unit="calls per 1,000 cases",
            direction=Direction.DECREASE,
            benefit_type=BenefitType.NON_CASH_RELEASING,
            owner="Head of innovation",
            baseline_value=D("120"),
            baseline_date=start,
            target_value=D("96"),
            target_date=end + dt.timedelta(days=1),
        )
        result = {"scale": D("92"), "iterate": D("108"), "stop": D("121")}.get(state, D("114"))
        for step, day in enumerate(
            d for d in (start + dt.timedelta(days=30 * k) for k in range(1, 5)) if d <= today
        ):
            outcomes.measurement_record(
                outcome=measure, date=day, value=D("120") + (result - D("120")) * (step + 1) / 4
            )
        pilots.success_criterion_add(
            pilot=pilot,
            outcome=measure,
            description="Repeat calls down by a fifth",
            threshold=D("96"),
        )
        decided_on = end + dt.timedelta(days=3)
        if state == "scale":
            pilots.pilot_decide(
                pilot=pilot,
                decision="scale",
                decided_on=decided_on,
                evidence="Repeat calls fell 23%; users rated it highly.",
            )
        elif state == "iterate":
            pilots.pilot_decide(
                pilot=pilot,
                decision="iterate",
                decided_on=decided_on,
                evidence="Calls fell 10%, short of the fifth; the second version fixes the hand-off.",
                new_timebox_end=today + dt.timedelta(days=60),
            )
        elif state == "stop":
            pilots.pilot_decide(
                pilot=pilot,
                decision="stop",
                decided_on=decided_on,
                evidence="No change in repeat calls after four months: stopping and reinvesting.",
            )
        made[state] = pilot
    return made


def seed(stdout=None) -> dict:
    today = dt.date.today()
    created = 0
    for slug, plan in PORTFOLIOS.items():
        org = Organisation.objects.filter(slug=slug).first()
        if org is None or Initiative.objects.filter(organisation=org).exists():
            continue
        programme = initiatives.initiative_create(
            organisation=org,
            name=plan["programme"],
            kind=Kind.PROGRAMME,
            senior_responsible_owner="Director of transformation",
            budget=_money(10_000_000, plan["money"]),
            spend=_money(10_000_000 * plan["spent"], plan["money"]),
            start_date=_months_ago(today, 36),
        )
        for seed_no, name in enumerate(plan["services"]):
            _service(org, programme, name, today, seed_no + plan["scale"], plan["money"])
        for seed_no, (name, measured) in enumerate(plan["projects"]):
            _project(org, programme, name, measured, today, seed_no, plan["money"])
        made = _pilots(org, programme, plan["pilots"], today, plan["money"])
        # Reinvest: part of the stopped pilot's money funds a new pilot, two weeks later.
        made["stop"].refresh_from_db()
        released = made["stop"].released
        pilots.pilot_create(
            organisation=org,
            name=f"{plan['pilots'][0]}: second wave",
            hypothesis="Reinvested from a stopped pilot: the same idea in a new area.",
            timebox_start=today - dt.timedelta(days=10),
            timebox_end=today + dt.timedelta(days=80),
            budget=D(0),
            from_fund=(released * plan["reinvest"]).quantize(D("1")),
            parent=programme,
            team="Innovation lab",
        )
        created += Initiative.objects.filter(organisation=org).count()
    if stdout:
        stdout.write(f"Outcomes: {created} initiatives in demo portfolios\n")
    return {"initiatives": created}
