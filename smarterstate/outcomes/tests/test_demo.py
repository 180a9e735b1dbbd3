"""The demo portfolio: every organisation's pilots in each state, flags, and some reinvestment."""

import datetime as dt

import pytest

from smarterstate.core.demo import DEMO_SEEDERS
from smarterstate.organisations import demo as organisations_demo
from smarterstate.organisations.models import Organisation
from smarterstate.outcomes import demo, selectors
from smarterstate.outcomes.models import FundEntry, Initiative, Pilot


@pytest.mark.django_db
def test_seed_builds_a_portfolio_with_pilots_in_each_state_and_is_idempotent():
    assert "smarterstate.outcomes.demo.seed" in DEMO_SEEDERS
    organisations_demo.seed()
    result = demo.seed()
    assert result["initiatives"] > 40
    dwp = Organisation.objects.get(slug="department-for-work-pensions")
    decisions = set(Pilot.objects.filter(organisation=dwp).values_list("decision", flat=True))
    assert decisions == {"", "scale", "iterate", "stop"}
    today = dt.date.today()
    assert Pilot.objects.filter(organisation=dwp).overdue(today).exists()
    assert Initiative.objects.filter(organisation=dwp).flagged().exists()
    ledger = selectors.ledger(dwp)
    assert ledger["allocated"] > 0 and ledger["average_days_to_reinvest"] is not None
    summary = selectors.organisation_portfolio(dwp, today=today)
    assert summary["benefits"]["cash_planned"] > 0 and summary["benefits"]["average"] is not None
    count = Initiative.objects.count()
    demo.seed()
    assert Initiative.objects.count() == count
    assert FundEntry.objects.filter(organisation=dwp).count() == 2


@pytest.mark.django_db
def test_demo_portfolios_have_different_money_in_each_organisation():
    """Issue 16 item 17: no two organisations show identical pilot and fund figures."""
    from django.db.models import Sum

    organisations_demo.seed()
    demo.seed()
    figures = {}
    for slug in demo.PORTFOLIOS:
        org = Organisation.objects.get(slug=slug)
        ledger = selectors.ledger(org)
        pilots = Pilot.objects.filter(organisation=org)
        figures[slug] = (
            pilots.aggregate(total=Sum("initiative__budget"))["total"],
            ledger["allocated"],
            Initiative.objects.get(organisation=org, parent__isnull=True).budget,
        )
    for index in range(3):
        values = [row[index] for row in figures.values()]
        assert len(set(values)) == len(values), (index, figures)
