"""What the cross-cutting tests in tests/ need to know about capacity.

tests/pillar_plugins.py collects these from every pillar app (see smarterstate/ai/tests/crosscut.py
for what each name means). URL arguments carry a ``capacity_`` prefix.

Capacity's records come from the other pillars' records: each world here makes a real record
in a pillar (a red-rated system with a remediation date, survey scores mapped to the
organisation) and runs the refresh, so the radar item and scorecard behind every capacity URL
are computed, not made up.
"""

from __future__ import annotations

import datetime as dt

OBJECT_MAKERS: dict = {
    "capacity_radar_key": lambda w: w.capacity_item_b.key,
    "capacity_decision_pk": lambda w: w.capacity_decision_b.pk,
    "capacity_token": lambda w: w.capacity_feed_b.token,
    "capacity_profile_version": lambda w: w.capacity_profile.version,
    "capacity_survey_org_pk": lambda w: w.capacity_survey_org_b.pk,
    "capacity-people-survey.pk": lambda w: w.capacity_survey_result_b.pk,
    "capacity-scorecard.pk": lambda w: w.capacity_scorecard_b.pk,
    "capacity-profile.pk": lambda w: w.capacity_profile.pk,
    "capacity-radar.pk": lambda w: w.capacity_item_b.pk,
    "capacity-decision.pk": lambda w: w.capacity_decision_b.pk,
}
API_OPERATIONS: dict[str, set[str]] = {
    "/api/v1/capacity/people-survey/": {"get"},
    "/api/v1/capacity/people-survey/{id}/": {"get"},
    "/api/v1/capacity/scorecards/": {"get"},
    "/api/v1/capacity/scorecards/{id}/": {"get"},
    "/api/v1/capacity/profiles/": {"get"},
    "/api/v1/capacity/profiles/{id}/": {"get"},
    "/api/v1/capacity/radar/": {"get"},
    "/api/v1/capacity/radar/{id}/": {"get"},
    "/api/v1/capacity/decisions/": {"get", "post"},
    "/api/v1/capacity/decisions/{id}/": {"get"},
}
FUZZ_PATH_KEYS: dict[str, str] = {
    "/api/v1/capacity/people-survey/": "capacity_survey_result",
    "/api/v1/capacity/scorecards/": "capacity_scorecard",
    "/api/v1/capacity/profiles/": "capacity_profile",
    "/api/v1/capacity/radar/": "capacity_item",
    "/api/v1/capacity/decisions/": "capacity_decision",
}
ORG = "/o/department-for-work-pensions/capacity/"
EXPECTED_PAGES: dict[str, list[str]] = {
    "viewer_a": [
        "/o/department-for-work-pensions/",
        ORG,
        ORG + "trend/",
        ORG + "people-survey/",
        ORG + "radar/",
        ORG + "radar/[a-z-]+:[a-z]+:[0-9:-]+/",
        ORG + "radar/calendar/",
        "/capacity/compare/",
        "/capacity/profiles/",
        r"/capacity/profiles/\d+/",
    ],
    "editor_a": [
        ORG + "radar/[a-z-]+:[a-z]+:[0-9:-]+/decide/",
        ORG + "radar/[a-z-]+:[a-z]+:[0-9:-]+/snooze/",
    ],
    "analyst": ["/", "/capacity/radar/"],
}


def _objects(organisation, user, *, code: str, name: str, systems: bool = True) -> dict:
    """Two red-rated systems due for remediation (unless ``systems`` is False: the browser
    world's other pillars already give the radar items, and extra systems would crowd the
    crawl's two pages of a kind), survey scores mapped to the organisation, then the refresh:
    a radar item, a scorecard and a decision recorded on a second item."""
    from smarterstate.lifecycle.services.register import system_create

    from ..models import RadarItem, SurveyOrganisation, SurveyResult
    from ..services.profiles import profile_current
    from ..services.radar import radar_decision_record, radar_feed_reset, radar_refresh
    from ..services.scorecard import scorecards_refresh

    today = dt.date.today()
    for offset, label in ((40, "Benefits ledger"), (200, "Payments mainframe")) if systems else ():
        system = system_create(
            organisation=organisation, name=f"{label} ({name})", owner="Head of platforms"
        )
        type(system).objects.filter(pk=system.pk).update(
            red_rated=True,
            legacy=True,
            risk_score=20,
            remediation_date=today + dt.timedelta(days=offset),
        )
    survey_org, _ = SurveyOrganisation.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "organisation": organisation,
            "mapping_method": "manual",
            "first_year": 2024,
            "last_year": 2024,
        },  # fmt: skip
    )
    result = None
    for measure, value in (("cul.try_new_ideas", 70.0), ("lmc.safe_to_challenge", 55.0),
                           ("lmc.change_managed_well", 35.0), ("lmc.change_for_better", 40.0)):  # fmt: skip
        result, _ = SurveyResult.objects.get_or_create(
            year=2024,
            survey_organisation=survey_org,
            measure_id=measure,
            defaults={"value": value, "code": "B55"},
        )
    profile = profile_current()
    scorecards_refresh(as_of=today, organisations=[organisation])
    radar_refresh(today=today, organisations=[organisation])
    items = RadarItem.objects.filter(organisation=organisation).order_by("due_date", "key")
    if systems:
        items = items.filter(kind="legacy-remediation")
    items = list(items)
    decision = radar_decision_record(
        item=items[1], user=user, option=items[1].options[0], note="Funded."
    )
    return {
        "item": items[0],
        "decision": decision,
        "feed": radar_feed_reset(organisation=organisation),
        "profile": profile,
        "survey_org": survey_org,
        "survey_result": result,
        "scorecard": organisation.scorecards.order_by("pk").first(),
    }


def authz_world(world) -> None:
    objects = _objects(
        world.org_b, world.membership_b.user, code="HMRC", name="HM Revenue and Customs"
    )
    for key, value in objects.items():
        setattr(
            world, f"capacity_{key}_b" if key not in ("profile",) else "capacity_profile", value
        )


def assert_unchanged(world) -> None:
    from ..models import RadarDecision, RadarItem, ScorecardProfile, SurveyOrganisation

    item = RadarItem.objects.get(pk=world.capacity_item_b.pk)
    assert item.decision_state == "open"
    assert RadarDecision.objects.filter(organisation=world.org_b).count() == 1
    assert ScorecardProfile.objects.count() == 1
    assert (
        SurveyOrganisation.objects.get(pk=world.capacity_survey_org_b.pk).organisation_id
        == world.org_b.pk
    )


def fuzz_known(*, org_a, org_b, users) -> dict[str, list]:
    known: dict[str, list] = {}
    for organisation, user, code, name in (
        (org_a, users["editor_a"], "DWP", "Department for Work and Pensions"),
        (org_b, users["editor_b"], "HMRC", "HM Revenue and Customs"),
    ):
        objects = _objects(organisation, user, code=code, name=name)
        for key in ("item", "decision", "profile", "survey_result", "scorecard"):
            known.setdefault(f"capacity_{key}", []).append(objects[key].pk)
    return known


def browser_world(world: dict) -> dict:
    objects = _objects(
        world["org_a"],
        world["editor_a"],
        code="DWP",
        name="Department for Work and Pensions",
        systems=False,
    )
    return {f"capacity_{key}": value for key, value in objects.items()}
