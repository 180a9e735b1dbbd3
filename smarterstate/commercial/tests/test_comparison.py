"""The commercial comparison across organisations, and the period list the dashboards offer."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from smarterstate.commercial.models import IndicatorValue
from smarterstate.commercial.tests.factories import IndicatorValueFactory
from smarterstate.commercial.views.periods import periods_for


def _value(org, code, value, *, label="2024-25", start=dt.date(2024, 4, 1), total=10, kind="fy"):
    end = dt.date(start.year + 1, start.month, start.day) if kind == "fy" else start
    return IndicatorValueFactory(
        code=code,
        scope_kind="organisation",
        buyer=None,
        organisation=org,
        period_kind=kind,
        period_label=label,
        period_start=start,
        period_end=end,
        value=value,
        covered=total,
        total=total,
    )


@pytest.fixture
def two_orgs(org_a, org_b):
    _value(org_a, "A3", 50.0)
    _value(org_a, "A1", 61.0)
    _value(org_b, "A3", 75.0)
    _value(org_b, "A3", 80.0, label="2025-26", start=dt.date(2025, 4, 1))


def test_the_analyst_compares_every_organisation(client, analyst, two_orgs, org_a, org_b):
    client.force_login(analyst)
    response = client.get(reverse("commercial:compare") + "?period=fy:2024-04-01")
    assert response.status_code == 200
    body = response.content.decode()
    assert escape(org_a.name) in body and escape(org_b.name) in body
    assert "50.0%" in body and "75.0%" in body and "61 days" in body


def test_it_defaults_to_the_latest_period_with_data(client, analyst, two_orgs, org_b):
    client.force_login(analyst)
    response = client.get(reverse("commercial:compare"))
    assert response.context["period"].label == "2025-26"
    assert "80.0%" in response.content.decode()


def test_a_member_compares_only_the_organisations_they_read(
    client, viewer_a, two_orgs, org_a, org_b
):
    client.force_login(viewer_a)
    response = client.get(reverse("commercial:compare"))
    body = response.content.decode()
    assert escape(org_a.name) in body
    assert escape(org_b.name) not in body and org_b.slug not in body
    # B's 2025-26 data does not even show as a period A's viewer can choose.
    choices = response.context["period_form"].fields["period"].choices
    assert [label for _key, label in choices] == ["Financial year 2024-25"]


def test_the_comparison_downloads_as_csv(client, analyst, two_orgs, org_a):
    client.force_login(analyst)
    response = client.get(reverse("commercial:compare") + "?period=fy:2024-04-01&format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *lines = text.strip().splitlines()
    assert header.startswith("Organisation,Period,Processes,A1 Tender-to-award time (days)")
    assert any(line.startswith(f"{org_a.name},2024-25,10,61.0") for line in lines)


def test_the_comparison_downloads_as_xlsx(client, analyst, two_orgs):
    client.force_login(analyst)
    response = client.get(reverse("commercial:compare") + "?format=xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("commercial:compare"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_periods_offer_only_those_with_data_newest_first(org_a):
    _value(org_a, "A3", 1.0, label="2023-24", start=dt.date(2023, 4, 1))
    _value(org_a, "A3", 1.0, label="2025-26", start=dt.date(2025, 4, 1))
    _value(org_a, "A3", None, label="2026-27", start=dt.date(2026, 4, 1), total=0)  # empty
    periods = periods_for(IndicatorValue.objects.filter(organisation=org_a))
    assert [p.label for p in periods.choices] == ["2025-26", "2023-24"]
    assert periods.default.label == "2025-26"


@pytest.mark.django_db
def test_rolling_months_with_data_come_first(org_a):
    _value(org_a, "A3", 1.0, label="2025-26", start=dt.date(2025, 4, 1))
    _value(org_a, "A3", 1.0, label="12m to 2026-01-31", start=dt.date(2025, 2, 1), kind="r12")
    periods = periods_for(IndicatorValue.objects.filter(organisation=org_a))
    assert [p.label for p in periods.choices] == ["12m to 2026-01-31", "2025-26"]


@pytest.mark.django_db
def test_with_no_data_the_current_periods_are_offered(org_a):
    periods = periods_for(
        IndicatorValue.objects.filter(organisation=org_a), today=dt.date(2026, 12, 5)
    )
    assert [p.label for p in periods.choices] == ["12m to 2026-12-05", "2026-27"]
