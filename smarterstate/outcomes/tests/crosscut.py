"""What the cross-cutting tests in tests/ need to know about this pillar.

tests/pillar_plugins.py collects these from every pillar app:

* OBJECT_MAKERS — URL argument → a real object of organisation B (tests/test_authorization_walk.py)
* authz_world(world) — create organisation B's objects and set them as attributes on ``world``
  (it has org_a, org_b and membership_b, whose user is B's editor)
* assert_unchanged(world) — after refused writes, B's objects are as they were
* API_OPERATIONS — every API path of this pillar with its methods (tests/test_openapi.py)
* FUZZ_PATH_KEYS and fuzz_known(...) — real ids the API fuzzer may use for path parameters
* EXPECTED_PAGES — persona → URL regexes the browser crawl must reach (tests/browser/)
* browser_world(world) — data for the browser crawl; returns extra entries for its dict

URL arguments carry an ``outcomes_`` prefix so they never collide with another pillar's makers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

OBJECT_MAKERS: dict = {
    "outcomes_initiative_pk": lambda w: w.outcomes_initiative_b.pk,
    "outcomes_outcome_pk": lambda w: w.outcomes_outcome_b.pk,
    "outcomes_gate_pk": lambda w: w.outcomes_gate_b.pk,
    "outcomes_pilot_pk": lambda w: w.outcomes_pilot_b.pk,
    "outcomes_link_pk": lambda w: w.outcomes_link_b.pk,
    "outcomes_condition_pk": lambda w: w.outcomes_gate_b.conditions.get().pk,
    "outcomes_kind": lambda w: "initiative",
    "outcomes_record_pk": lambda w: w.outcomes_initiative_b.pk,
    "outcomes-initiative.pk": lambda w: w.outcomes_initiative_b.pk,
    "outcomes-rating.pk": lambda w: w.outcomes_rating_b.pk,
    "outcomes-outcome.pk": lambda w: w.outcomes_outcome_b.pk,
    "outcomes-measurement.pk": lambda w: w.outcomes_measurement_b.pk,
    "outcomes-gate.pk": lambda w: w.outcomes_gate_b.pk,
    "outcomes-pilot.pk": lambda w: w.outcomes_pilot_b.pk,
    "outcomes-decision.pk": lambda w: w.outcomes_decision_b.pk,
    "outcomes-fund-entry.pk": lambda w: w.outcomes_entry_b.pk,
    "outcomes-link.pk": lambda w: w.outcomes_link_b.pk,
}
API_OPERATIONS: dict[str, set[str]] = {
    "/api/v1/outcomes/initiatives/": {"get", "post"},
    "/api/v1/outcomes/initiatives/{id}/": {"get", "patch", "delete"},
    "/api/v1/outcomes/ratings/": {"get", "post"},
    "/api/v1/outcomes/ratings/{id}/": {"get"},
    "/api/v1/outcomes/outcomes/": {"get", "post"},
    "/api/v1/outcomes/outcomes/{id}/": {"get", "patch", "delete"},
    "/api/v1/outcomes/measurements/": {"get", "post"},
    "/api/v1/outcomes/measurements/{id}/": {"get", "delete"},
    "/api/v1/outcomes/gate-reviews/": {"get", "post"},
    "/api/v1/outcomes/gate-reviews/{id}/": {"get"},
    "/api/v1/outcomes/pilots/": {"get", "post"},
    "/api/v1/outcomes/pilots/{id}/": {"get"},
    "/api/v1/outcomes/pilot-decisions/": {"get", "post"},
    "/api/v1/outcomes/pilot-decisions/{id}/": {"get"},
    "/api/v1/outcomes/fund-entries/": {"get", "post"},
    "/api/v1/outcomes/fund-entries/{id}/": {"get"},
    "/api/v1/outcomes/links/": {"get", "post"},
    "/api/v1/outcomes/links/{id}/": {"get", "delete"},
}
FUZZ_PATH_KEYS: dict[str, str] = {
    "/api/v1/outcomes/initiatives/": "outcomes_initiative",
    "/api/v1/outcomes/outcomes/": "outcomes_outcome",
    "/api/v1/outcomes/measurements/": "outcomes_measurement",
    "/api/v1/outcomes/pilots/": "outcomes_pilot",
}
ORG_A = "/o/department-for-work-pensions/outcomes/"
EXPECTED_PAGES: dict[str, list[str]] = {
    "viewer_a": [
        ORG_A + "initiatives/",
        ORG_A + r"initiatives/\d+/",
        ORG_A + "outcomes/",
        ORG_A + r"outcomes/\d+/",
        ORG_A + "gates/",
        ORG_A + r"gates/\d+/",
        ORG_A + "pilots/",
        ORG_A + "fund/",
        "/outcomes/compare/",
    ],
    "editor_a": [
        ORG_A,
        ORG_A + "initiatives/add/",
        ORG_A + "pilots/add/",
    ],
}


def _portfolio(org, user, *, prefix: str) -> dict:
    """A small portfolio: a measured service past a gate, a pilot stopped into the fund, a link."""
    from ..models import Decision, Direction
    from ..services import gates, initiatives, outcomes, pilots

    today = dt.date.today()
    service = initiatives.initiative_create(
        organisation=org,
        user=user,
        name=f"{prefix} digital service",
        kind="service",
        senior_responsible_owner="Sam Owner",
        team="Digital",
        budget=Decimal("500000"),
        spend=Decimal("120000"),
    )
    rating = initiatives.confidence_rating_add(
        initiative=service, rating="amber", rated_on=today, note="Early days", user=user
    )
    outcome = outcomes.outcome_create(
        initiative=service,
        user=user,
        name="Claims completed online",
        measure="Share of claims completed online",
        unit="%",
        direction=Direction.INCREASE,
        benefit_type="non-cash-releasing",
        baseline_value=Decimal("40"),
        baseline_date=today - dt.timedelta(days=400),
        target_value=Decimal("80"),
        target_date=today + dt.timedelta(days=300),
    )
    measurement, _ = outcomes.measurement_record(
        outcome=outcome, date=today - dt.timedelta(days=30), value="55", user=user
    )
    outcomes.measurement_record(
        outcome=outcome, date=today - dt.timedelta(days=1), value="60", user=user
    )
    gate = gates.gate_review_create(
        initiative=service,
        to_phase="alpha",
        decision=Decision.GO_WITH_CONDITIONS,
        panel="Service assessment panel",
        review_date=today,
        conditions=[
            {
                "text": "Test with assisted digital users",
                "owner": "Sam Owner",
                "due_date": today + dt.timedelta(days=60),
            }
        ],
        points=[{"point": n, "met": n != 5, "notes": ""} for n in range(1, 15)],
        user=user,
    )
    pilot = pilots.pilot_create(
        organisation=org,
        user=user,
        name=f"{prefix} chatbot pilot",
        hypothesis="A chatbot answers half of the routine calls.",
        timebox_start=today - dt.timedelta(days=120),
        timebox_end=today - dt.timedelta(days=10),
        budget=Decimal("80000"),
    )
    overdue = pilots.pilot_create(
        organisation=org,
        user=user,
        name=f"{prefix} letters pilot",
        hypothesis="Plain-English letters cut repeat calls by a fifth.",
        timebox_start=today - dt.timedelta(days=90),
        timebox_end=today - dt.timedelta(days=5),
        budget=Decimal("20000"),
    )
    decision = pilots.pilot_decide(
        pilot=pilot, decision="stop", evidence="Answered 8% of calls.", decided_on=today, user=user
    )
    entry = pilots.fund_allocate(
        organisation=org, initiative=service, amount=Decimal("30000"), entry_date=today, user=user
    )
    return {
        "initiative": service,
        "rating": rating,
        "outcome": outcome,
        "measurement": measurement,
        "gate": gate,
        "pilot": pilot,
        "overdue_pilot": overdue,
        "decision": decision,
        "entry": entry,
    }


def _link(initiative, user, process):
    from ..services.links import link_create

    return link_create(
        initiative=initiative, kind="commercial.Process", identifier=process.ocid, user=user
    )


def authz_world(world) -> None:
    from smarterstate.organisations.models import Membership

    editor_b = Membership.objects.get(pk=world.membership_b.pk).user
    made = _portfolio(world.org_b, editor_b, prefix="Revenue")
    for key, value in made.items():
        setattr(world, f"outcomes_{key}_b", value)
    world.outcomes_link_b = _link(made["initiative"], editor_b, world.process_b)


def assert_unchanged(world) -> None:
    from ..models import FundEntry, Initiative, InitiativeLink, Measurement, Outcome, Pilot

    initiative = Initiative.objects.get(pk=world.outcomes_initiative_b.pk)
    assert initiative.name == "Revenue digital service"
    assert initiative.phase == "alpha"
    assert initiative.budget == Decimal("530000")
    outcome = Outcome.objects.get(pk=world.outcomes_outcome_b.pk)
    assert outcome.latest_value == Decimal("60")
    assert Measurement.objects.filter(pk=world.outcomes_measurement_b.pk).exists()
    assert Pilot.objects.get(pk=world.outcomes_pilot_b.pk).decision == "stop"
    assert Pilot.objects.get(pk=world.outcomes_overdue_pilot_b.pk).decision == ""
    assert FundEntry.objects.filter(organisation=world.org_b).count() == 2
    assert InitiativeLink.objects.filter(pk=world.outcomes_link_b.pk).exists()
    assert not world.outcomes_gate_b.conditions.get().met


def fuzz_known(*, org_a, org_b, users) -> dict[str, list]:
    made_a = _portfolio(org_a, users["editor_a"], prefix="Work")
    made_b = _portfolio(org_b, users["editor_b"], prefix="Revenue")
    return {
        "outcomes_initiative": [made_a["initiative"].pk, made_b["initiative"].pk],
        "outcomes_outcome": [made_a["outcome"].pk, made_b["outcome"].pk],
        "outcomes_measurement": [made_a["measurement"].pk, made_b["measurement"].pk],
        "outcomes_pilot": [made_a["overdue_pilot"].pk, made_b["pilot"].pk],
    }


def browser_world(world: dict) -> dict:
    made = _portfolio(world["org_a"], world["editor_a"], prefix="Work")
    process = world.get("process")
    if process is not None and hasattr(process, "ocid"):
        _link(made["initiative"], world["editor_a"], process)
    return {"outcomes_initiative": made["initiative"]}
