import datetime as dt

import pytest

from smarterstate.organisations import demo as organisations_demo
from smarterstate.skills import demo, selectors
from smarterstate.skills.models import (
    Campaign,
    CampaignStat,
    GapCell,
    Person,
    RoleLevel,
    TrainingRecord,
)


@pytest.mark.django_db
def test_the_demo_campaign_has_the_published_shape_and_a_second_run_changes_nothing():
    organisations_demo.seed()
    demo.seed()
    campaign = Campaign.objects.get(name=demo.CAMPAIGN)
    totals = selectors.campaign_totals(campaign)
    assert 515_000 <= totals["population"] <= 525_000
    over_time = selectors.campaign_over_time(campaign)
    two_months = [row for row in over_time if row["date"] <= dt.date(2023, 11, 30)][-1]
    assert two_months["started"] == 47_000
    assert round(100 * two_months["started"] / totals["population"]) == 9
    assert over_time[-1]["started"] == totals["started"] == 212_000
    assert all(row["completed"] <= row["started"] for row in over_time)
    # DWP from its records, the others declared; the league table has every body.
    dwp = CampaignStat.objects.get(
        campaign=campaign, dimension="organisation", organisation__slug=demo.SIMULATED_ORG
    )
    assert dwp.source == "records" and dwp.population == demo.SIMULATED_PEOPLE
    assert len(selectors.league_table(campaign)) >= 8
    assert RoleLevel.objects.count() == 205 and GapCell.objects.exists()
    counts = (Person.objects.count(), TrainingRecord.objects.count(), CampaignStat.objects.count())
    demo.seed()
    assert (
        Person.objects.count(),
        TrainingRecord.objects.count(),
        CampaignStat.objects.count(),
    ) == counts
