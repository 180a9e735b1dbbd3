"""Each radar kind from a real record of its pillar; decisions, snoozes and the ICS feed."""

import datetime as dt
from decimal import Decimal

import icalendar
import pytest

from smarterstate.ai.services.assessments import assessment_approve
from smarterstate.ai.tests.factories import make_assessment, make_use_case
from smarterstate.capacity.calendar import calendar_text
from smarterstate.capacity.models import RadarDecision, RadarItem
from smarterstate.capacity.selectors import radar_items, state_of
from smarterstate.capacity.services.radar import (
    radar_decision_record,
    radar_refresh,
    radar_reopen,
    radar_snooze,
)
from smarterstate.commercial.services.reviews import contract_review_create
from smarterstate.commercial.tests.factories import (
    BuyerFactory,
    BuyerMappingFactory,
    ContractFactory,
    ProcessFactory,
)
from smarterstate.core.dates import add_months
from smarterstate.lifecycle.services.register import component_create, system_create
from smarterstate.lifecycle.tests.factories import CycleFactory, ProductFactory
from smarterstate.outcomes.services.gates import gate_review_create
from smarterstate.outcomes.services.initiatives import confidence_rating_add, initiative_update
from smarterstate.outcomes.tests import factories as outcome_factories
from smarterstate.skills.tests.factories import campaign

TODAY = dt.date.today()


def aware(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def refresh(org) -> dict[str, list[RadarItem]]:
    radar_refresh(today=TODAY, organisations=[org])
    items: dict[str, list[RadarItem]] = {}
    for item in RadarItem.objects.filter(organisation=org).order_by("due_date"):
        items.setdefault(item.kind, []).append(item)
    return items


@pytest.fixture
def buyer(org_a):
    party = BuyerFactory(name="Department for Work and Pensions")
    BuyerMappingFactory(party=party, organisation=org_a)
    return party


def test_a_contract_end_with_nothing_planned_is_a_crunch_point(org_a, buyer):
    ends = add_months(TODAY, 10)
    process = ProcessFactory(
        buyer=buyer, title="Hosting", first_award_date=aware(TODAY - dt.timedelta(days=700))
    )
    ContractFactory(
        process=process, title="Hosting contract", value=Decimal("2500000"), period_end=aware(ends)
    )
    item = refresh(org_a)["contract-end"][0]
    assert (item.subject, item.due_date, item.money) == (
        "Hosting contract",
        ends,
        Decimal("2500000.00"),
    )
    assert item.options == ["extend", "re-procure", "exit"]
    assert item.crunch and item.risk == "Crunch point: nothing planned"
    assert item.lead_days == 548 and item.window_opens == ends - dt.timedelta(days=548)
    assert state_of(item, TODAY) == "in-window"
    assert item.url == f"/commercial/processes/{process.ocid}/"


def test_a_contract_review_falls_due_on_its_next_review_date(org_a, buyer, editor_a):
    contract = ContractFactory(
        process=ProcessFactory(buyer=buyer), period_end=aware(add_months(TODAY, 60))
    )
    contract_review_create(contract=contract, user=editor_a, review_date=TODAY - dt.timedelta(days=100),
                           next_review_date=TODAY + dt.timedelta(days=20))  # fmt: skip
    item = refresh(org_a)["contract-review"][0]
    assert item.due_date == TODAY + dt.timedelta(days=20)
    assert item.url == f"/o/{org_a.slug}/commercial/contracts/{contract.pk}/reviews/"


def test_bodies_over_100m_must_publish_a_uk1_pipeline_notice_by_26_may(org_a, buyer):
    year = TODAY.year if dt.date(TODAY.year, 5, 26) >= TODAY else TODAY.year + 1
    ProcessFactory(buyer=buyer, awarded_value=Decimal("150000000"),
                   first_award_date=aware(dt.date(year - 2, 9, 1)))  # fmt: skip
    item = refresh(org_a)["pipeline-notice"][0]
    assert (item.window_opens, item.due_date) == (dt.date(year, 4, 1), dt.date(year, 5, 26))
    assert item.decision_state == "open"
    assert item.risk.startswith("Must publish: £150,000,000 awarded in")


def test_a_pipeline_notice_published_in_the_window_decides_the_item(org_a, buyer):
    year = TODAY.year if dt.date(TODAY.year, 5, 26) >= TODAY else TODAY.year + 1
    ProcessFactory(
        buyer=buyer,
        awarded_value=Decimal("150000000"),
        first_award_date=aware(dt.date(year - 1, 9, 1)),
    )
    ProcessFactory(buyer=buyer, notice_types=["UK1"], first_release_date=aware(dt.date(year, 4, 20)),
                   first_award_date=None)  # fmt: skip
    item = refresh(org_a)["pipeline-notice"][0]
    assert item.decision_state == "decided"
    assert item.readiness == f"UK1 notice published {dt.date(year, 4, 20):%-d %b %Y}"


def test_end_of_life_comes_from_components_and_the_register(org_a):
    product = ProductFactory(
        name="python", label="Python", identifiers=[{"type": "purl", "id": "pkg:pypi/python"}]
    )
    cycle = CycleFactory(product=product, name="3.10", eol_from=add_months(TODAY, 5), is_eol=False)
    system = system_create(
        organisation=org_a, name="Claims API", end_of_life_date=add_months(TODAY, 8)
    )
    component = component_create(
        system=system, name="python", version="3.10.4", purl="pkg:pypi/python@3.10.4"
    )
    assert component.cycle == cycle
    items = refresh(org_a)["end-of-life"]
    assert [i.due_date for i in items] == [add_months(TODAY, 5), add_months(TODAY, 8)]
    assert items[0].subject.startswith("End of life: Python 3.10 (1 system(s)")
    assert items[1].subject == "End of life of Claims API (our plan)"


def test_a_legacy_system_falls_due_on_its_remediation_date(org_a):
    system = system_create(organisation=org_a, name="Mainframe", owner="Head of platforms",
                           annual_cost=Decimal("900000"))  # fmt: skip
    type(system).objects.filter(pk=system.pk).update(red_rated=True, risk_score=20,
                                                     remediation_date=add_months(TODAY, 7))  # fmt: skip
    item = refresh(org_a)["legacy-remediation"][0]
    assert (item.owner, item.money, item.risk) == (
        "Head of platforms",
        Decimal("900000.00"),
        "Red-rated (risk 20.00)",
    )


def test_pilots_gates_and_confidence_from_outcomes(org_a):
    pilot = outcome_factories.pilot(org_a, days_left=12, senior_responsible_owner="Ali")
    service = outcome_factories.measured_initiative(org_a, name="Claims service")
    gate_review_create(initiative=service, to_phase="alpha", decision="go-with-conditions", panel="Panel",
                       points=outcome_factories.all_points(),
                       conditions=[{"text": "Accessibility audit", "owner": "Sam",
                                    "due_date": TODAY + dt.timedelta(days=30)}])  # fmt: skip
    initiative_update(initiative=service, next_gate_review=add_months(TODAY, 3))
    confidence_rating_add(
        initiative=service, rating="amber", rated_on=TODAY - dt.timedelta(days=100)
    )
    items = refresh(org_a)
    timebox = items["pilot-timebox"][0]
    assert (timebox.due_date, timebox.owner, timebox.options) == (
        pilot.timebox_end,
        "Ali",
        ["scale", "iterate", "stop"],
    )
    condition = items["gate-condition"][0]
    assert (condition.subject, condition.owner) == ("Claims service: Accessibility audit", "Sam")
    assert items["gate-review"][0].due_date == add_months(TODAY, 3)
    stale = items["stale-confidence"][0]
    assert stale.due_date == TODAY - dt.timedelta(days=100) + dt.timedelta(days=91)
    assert state_of(stale, TODAY) == "overdue"


def test_an_approved_ai_assessment_falls_due_on_its_review_date(org_a, admin_a):
    use_case = make_use_case(org_a, admin_a)
    assessment = make_assessment(use_case, answer="yes")
    assessment_approve(
        assessment=assessment, user=admin_a, review_date=TODAY + dt.timedelta(days=40)
    )
    item = refresh(org_a)["ai-assessment-review"][0]
    assert item.due_date == TODAY + dt.timedelta(days=40)
    assert item.subject.startswith("Re-assess Correspondence triage assistant")


def test_a_campaign_deadline_shows_participation(org_a):
    campaign(org_a, name="Data essentials", starts_on=TODAY - dt.timedelta(days=10),
             ends_on=TODAY + dt.timedelta(days=50), target_completion=60)  # fmt: skip
    item = refresh(org_a)["campaign-deadline"][0]
    assert item.subject == "Campaign ends: Data essentials"
    assert item.readiness == "No participation figures yet (target 60%)"


@pytest.fixture
def legacy(org_a):
    system = system_create(organisation=org_a, name="Mainframe")
    type(system).objects.filter(pk=system.pk).update(
        legacy=True, remediation_date=TODAY + dt.timedelta(days=60)
    )
    return refresh(org_a)["legacy-remediation"][0]


def test_a_decision_takes_the_item_off_the_open_list_and_keeps_its_history(org_a, editor_a, legacy):
    radar_decision_record(item=legacy, user=editor_a, option="replace", note="Move to cloud",
                          evidence_url="https://example.org/board-minutes")  # fmt: skip
    assert not radar_items(organisations=[org_a], today=TODAY).filter(pk=legacy.pk).exists()
    assert radar_items(organisations=[org_a], today=TODAY, state="decided").get().key == legacy.key
    # The next refresh rebuilds the items; the decision still applies to the same record.
    item = refresh(org_a)["legacy-remediation"][0]
    assert item.decision_state == "decided"
    decision = RadarDecision.objects.get(key=item.key)
    assert (decision.option, decision.decided_by, decision.history.count()) == (
        "replace",
        editor_a,
        1,
    )


def test_an_option_that_is_not_offered_is_refused(editor_a, legacy):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Choose one of"):
        radar_decision_record(item=legacy, user=editor_a, option="ignore it")


def test_a_snoozed_item_comes_back_when_the_snooze_ends_and_can_be_reopened(
    org_a, editor_a, legacy
):
    radar_snooze(
        item=legacy, user=editor_a, until=TODAY + dt.timedelta(days=7), reason="Board next week"
    )
    assert not radar_items(organisations=[org_a], today=TODAY).exists()
    assert radar_items(organisations=[org_a], today=TODAY + dt.timedelta(days=7)).exists()
    radar_reopen(item=legacy, user=editor_a, reason="Board moved")
    assert radar_items(organisations=[org_a], today=TODAY).get().pk == legacy.pk
    assert list(RadarDecision.objects.values_list("action", flat=True)) == ["reopened", "snoozed"]


def test_horizons_filter_by_months_to_the_due_date(org_a):
    for months, name in ((-1, "Late"), (2, "Soon"), (4, "Later"), (20, "Far")):
        system = system_create(organisation=org_a, name=name)
        type(system).objects.filter(pk=system.pk).update(
            legacy=True, remediation_date=add_months(TODAY, months)
        )
    refresh(org_a)

    def subjects(horizon):
        return [i.subject for i in radar_items(organisations=[org_a], today=TODAY, horizon=horizon)]

    assert subjects("overdue") == ["Remediate Late"]
    assert subjects("0-3") == ["Remediate Soon"]
    assert subjects("3-6") == ["Remediate Later"]
    assert subjects("18-36") == ["Remediate Far"]
    assert subjects("6-12") == []


def test_the_calendar_feed_parses_with_an_alarm_at_the_lead_time(org_a, legacy):
    text = calendar_text(org_a, radar_items(organisations=[org_a], today=TODAY))
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("DTSTART") == legacy.due_date
    assert str(event["SUMMARY"]) == "Legacy remediation date: Remediate Mainframe"
    triggers = sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))
    assert triggers == [-dt.timedelta(days=180), -dt.timedelta(days=7)]


def test_a_published_max_extent_date_is_when_the_contract_ends(org_a, buyer):
    period_end, max_extent = add_months(TODAY, 4), add_months(TODAY, 28)
    ContractFactory(process=ProcessFactory(buyer=buyer), title="Helpdesk", period_end=aware(period_end),
                    max_extent_date=aware(max_extent))  # fmt: skip
    item = refresh(org_a)["contract-end"][0]
    assert item.due_date == max_extent
    assert item.readiness.startswith(
        f"Current period ends {period_end:%-d %b %Y}; extensions possible"
    )
    # L6 reads the current period: it ends within 18 months with nothing planned.
    assert item.crunch and item.readiness.endswith(
        "No later planning or tender activity by this buyer in this CPV division"
    )
