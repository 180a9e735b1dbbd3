"""Pages: the dashboard, lists with downloads, forms that show the services' rules, permissions."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from smarterstate.commercial.tests.factories import ProcessFactory
from smarterstate.outcomes.models import FundEntry, GateReview, Initiative, Measurement
from smarterstate.outcomes.services import outcomes, pilots

from . import factories as f


def url(name, org, **kwargs):
    return reverse(f"outcomes:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def portfolio(org_a, editor_a):
    service = f.measured_initiative(org_a, name="Apply for a benefit")
    outcomes.measurement_record(outcome=service.outcomes.get(), date=f.TODAY, value="60")
    f.initiative(org_a, name="Unmeasured project", kind="project")
    late = f.pilot(org_a, name="Late pilot", days_left=-3)
    stopped = f.pilot(org_a, name="Stopped pilot", budget=Decimal("9000"))
    pilots.pilot_decide(pilot=stopped, decision="stop", evidence="No.")
    return {"service": service, "late": late, "stopped": stopped}


def test_the_dashboard_shows_flags_overdue_pilots_benefits_and_reinvestment(
    client, viewer_a, org_a, portfolio
):
    client.force_login(viewer_a)
    response = client.get(url("index", org_a))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["total"] == 4
    assert summary["flagged"] == 3  # the project and both pilots have no measurable outcome
    assert summary["overdue"] == 1
    assert summary["benefits"]["average"] == Decimal("50.0")
    assert summary["money"]["released"] == Decimal("9000")
    by_type = {row["label"]: row for row in summary["benefits"]["by_type"]}
    assert by_type["Non-cash-releasing"]["measurable"] == 1
    assert by_type["Non-cash-releasing"]["average"] == Decimal("50.0")
    body = response.content.decode()
    assert "Late pilot" in body and "Initiatives by phase" in body


def test_the_dashboard_reads_a_fixed_number_of_queries_whatever_the_portfolio(
    client, viewer_a, org_a, portfolio
):
    # Under load the page is CPU-bound, and each query costs the ORM more than the database:
    # one grouped query per table, not one per breakdown (docs/performance.md, Load).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(viewer_a)
    client.get(url("index", org_a))
    with CaptureQueriesContext(connection) as small:
        client.get(url("index", org_a))
    for index in range(5):
        f.measured_initiative(org_a, name=f"Service {index}")
        f.pilot(org_a, name=f"Pilot {index}", days_left=-index)
    with CaptureQueriesContext(connection) as large:
        client.get(url("index", org_a))
    assert len(large) == len(small) <= 11, [q["sql"][:80] for q in large.captured_queries]


def test_lists_flag_unmeasured_initiatives_and_download(client, viewer_a, org_a, portfolio):
    client.force_login(viewer_a)
    response = client.get(url("initiatives", org_a), {"flagged": "yes"})
    names = [i.name for i in response.context["page"].object_list]
    assert "Unmeasured project" in names and "Apply for a benefit" not in names
    assert "No measurable outcome" in response.content.decode()
    for name in ("initiatives", "outcomes", "pilots", "gates", "fund"):
        download = client.get(url(name, org_a), {"format": "csv"})
        assert download.status_code == 200 and download["Content-Type"].startswith("text/csv"), name
        xlsx = client.get(url(name, org_a), {"format": "xlsx"})
        assert xlsx.status_code == 200, name
    csv_text = b"".join(
        client.get(url("initiatives", org_a), {"format": "csv"}).streaming_content
    ).decode()
    assert "No measurable outcome" in csv_text.splitlines()[0]


def test_detail_pages_show_the_trajectory_gates_and_links(client, editor_a, org_a, portfolio):
    client.force_login(editor_a)
    service = portfolio["service"]
    outcome = service.outcomes.get()
    response = client.get(url("outcome", org_a, outcomes_outcome_pk=outcome.pk))
    assert response.status_code == 200
    chart = response.context["chart"]
    assert [row[1] for row in chart.rows] == ["Baseline", "Measured", "Target"]
    process = ProcessFactory()
    response = client.post(
        url("link-add", org_a, outcomes_initiative_pk=service.pk),
        {"kind": "commercial.Process", "identifier": process.ocid, "note": "Renewal"},
    )
    assert response.status_code == 302
    page = client.get(url("initiative", org_a, outcomes_initiative_pk=service.pk)).content.decode()
    assert process.ocid in page and "Procurement process" in page


def test_the_gate_form_refuses_an_initiative_without_a_measurable_outcome(
    client, editor_a, org_a, portfolio
):
    client.force_login(editor_a)
    project = Initiative.objects.get(name="Unmeasured project")
    response = client.post(
        url("gate-add", org_a, outcomes_initiative_pk=project.pk),
        {
            "to_phase": "alpha",
            "review_date": f.TODAY.isoformat(),
            "panel": "Board",
            "decision": "go",
        },
    )
    assert response.status_code == 200
    assert "Outcome first" in response.content.decode()
    assert not GateReview.objects.exists()


def test_the_gate_form_records_a_service_assessment(client, editor_a, org_a, portfolio):
    client.force_login(editor_a)
    service = portfolio["service"]
    data = {
        "to_phase": "alpha",
        "review_date": f.TODAY.isoformat(),
        "panel": "GDS",
        "decision": "go-with-conditions",
        "condition_1_text": "Accessibility audit",
        "condition_1_owner": "Sam",
        "condition_1_due": (f.TODAY + dt.timedelta(days=20)).isoformat(),
    }
    data |= {f"point_{n}": "met" if n != 5 else "not-met" for n in range(1, 15)}
    response = client.post(url("gate-add", org_a, outcomes_initiative_pk=service.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    gate = GateReview.objects.get()
    assert gate.points.filter(met=False).count() == 1
    service.refresh_from_db()
    assert service.phase == "alpha"
    condition = gate.conditions.get()
    met_url = url("condition-met", org_a, outcomes_condition_pk=condition.pk)
    assert client.get(met_url).status_code == 200
    assert client.post(met_url).status_code == 302
    condition.refresh_from_db()
    assert condition.met


def test_the_fund_form_will_not_overdraw(client, editor_a, org_a, portfolio):
    client.force_login(editor_a)
    data = {
        "initiative": portfolio["service"].pk,
        "amount": "9000.01",
        "entry_date": f.TODAY.isoformat(),
    }
    response = client.post(url("fund-allocate", org_a), data)
    assert response.status_code == 200 and "cannot go below zero" in response.content.decode()
    response = client.post(url("fund-allocate", org_a), data | {"amount": "9000"})
    assert response.status_code == 302
    assert FundEntry.objects.filter(kind="allocation").count() == 1


def test_the_decision_form_stops_a_pilot(client, editor_a, org_a, portfolio):
    client.force_login(editor_a)
    late = portfolio["late"]
    response = client.post(
        url("pilot-decide", org_a, outcomes_pilot_pk=late.pk),
        {"decision": "stop", "decided_on": f.TODAY.isoformat(), "evidence": "Nobody used it"},
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.decision == "stop"


def test_measurements_by_hand(client, editor_a, org_a, portfolio):
    client.force_login(editor_a)
    outcome = portfolio["service"].outcomes.get()
    response = client.post(
        url("measurement-add", org_a, outcomes_outcome_pk=outcome.pk),
        {"date": (f.TODAY + dt.timedelta(days=3)).isoformat(), "value": "70"},
    )
    assert response.status_code == 200 and "in the future" in response.content.decode()
    assert Measurement.objects.count() == 1


def test_viewers_read_but_cannot_change(client, viewer_a, org_a, portfolio):
    client.force_login(viewer_a)
    assert client.get(url("initiative-add", org_a)).status_code == 403
    response = client.post(
        url("initiative-add", org_a),
        {"name": "X", "kind": "project", "phase": "discovery", "budget": 0, "spend": 0},
    )
    assert response.status_code == 403
    assert not Initiative.objects.filter(name="X").exists()


def test_other_organisations_records_are_not_found(client, editor_b, org_a, org_b, portfolio):
    client.force_login(editor_b)
    service = portfolio["service"]
    assert (
        client.get(url("initiative", org_a, outcomes_initiative_pk=service.pk)).status_code == 404
    )
    assert (
        client.get(url("initiative", org_b, outcomes_initiative_pk=service.pk)).status_code == 404
    )


def test_central_analysts_compare_every_organisation(
    client, analyst, viewer_a, org_a, org_b, portfolio
):
    f.initiative(org_b, name="Making Tax Digital")
    client.force_login(analyst)
    rows = client.get(reverse("outcomes:compare")).context["rows"]
    assert [r["slug"] for r in rows] == [org_a.slug, org_b.slug]
    assert rows[0]["overdue"] == 1 and rows[0]["released"] == Decimal("9000")
    client.force_login(viewer_a)
    rows = client.get(reverse("outcomes:compare")).context["rows"]
    assert [r["slug"] for r in rows] == [org_a.slug]


def test_history_pages(client, viewer_a, org_a, portfolio):
    client.force_login(viewer_a)
    service = portfolio["service"]
    response = client.get(
        url("history", org_a, outcomes_kind="initiative", outcomes_record_pk=service.pk)
    )
    assert response.status_code == 200 and response.context["entries"]
    measurement = Measurement.objects.get()
    response = client.get(
        url("history", org_a, outcomes_kind="measurement", outcomes_record_pk=measurement.pk)
    )
    assert response.status_code == 200
    assert (
        client.get(
            url("history", org_a, outcomes_kind="nonsense", outcomes_record_pk=1)
        ).status_code
        == 404
    )


def test_admins_choose_the_confidence_scale(client, admin_a, editor_a, org_a):
    client.force_login(editor_a)
    assert client.get(url("settings", org_a)).status_code == 403
    client.force_login(admin_a)
    assert client.post(url("settings", org_a), {"confidence_scale": "3"}).status_code == 302
    init = f.initiative(org_a)
    client.force_login(editor_a)
    form = client.get(url("rating-add", org_a, outcomes_initiative_pk=init.pk)).context["form"]
    assert [c[0] for c in form.fields["rating"].choices] == ["green", "amber", "red"]


def test_the_initiative_page_lists_other_pillars_records_pointing_at_it(
    client, viewer_a, org_a, org_b, portfolio
):
    """Other pillars may give their records a foreign key to an initiative (the AI pillar does)."""
    from django.apps import apps

    try:
        use_case_model = apps.get_model("ai.UseCase")
    except LookupError:
        pytest.skip("the AI pillar is not installed")
    if "initiative" not in {f.name for f in use_case_model._meta.get_fields()}:
        pytest.skip("ai.UseCase has no initiative link")
    service = portfolio["service"]
    common = {"purpose": "Triage", "owner": "Team", "initiative": service}
    use_case_model.objects.create(organisation=org_a, name="Claims triage model", **common)
    use_case_model.objects.create(organisation=org_b, name="Other body's model", **common)
    client.force_login(viewer_a)
    page = client.get(url("initiative", org_a, outcomes_initiative_pk=service.pk)).content.decode()
    assert "Claims triage model" in page
    assert "Other body&#x27;s model" not in page and "Other body's model" not in page


def test_the_outcome_form_names_missing_fields_and_offers_no_blank_radio(
    client, editor_a, org_a, portfolio
):
    client.force_login(editor_a)
    path = url("outcome-add", org_a, outcomes_initiative_pk=portfolio["service"].pk)
    assert "---------" not in client.get(path).content.decode()
    text = client.post(path, {"name": ""}).content.decode()  # an empty POST is no submission
    assert "This field is required" not in text
    assert 'href="#id_name"' in text and "Enter the " in text
    assert 'href="#id_direction_1">Select the direction' in text


def test_a_stopped_pilot_keeps_its_budget_and_shows_the_money_released(
    client, viewer_a, org_a, portfolio
):
    client.force_login(viewer_a)
    stopped = portfolio["stopped"]
    stopped.refresh_from_db()
    assert stopped.initiative.budget == Decimal("9000")
    detail = client.get(url("initiative", org_a, outcomes_initiative_pk=stopped.initiative_id))
    text = detail.content.decode()
    assert "£9,000.00 budget" in text and "released to the innovation fund" in text
    listing = client.get(url("pilots", org_a), {"state": "all"}).content.decode()
    assert "Released to the fund" in listing


def test_the_benefit_profile_chart_has_one_legend_and_the_planned_path(
    client, viewer_a, org_a, portfolio
):
    client.force_login(viewer_a)
    outcome = portfolio["service"].outcomes.get()
    text = client.get(url("outcome", org_a, outcomes_outcome_pk=outcome.pk)).content.decode()
    chart = text[text.index('id="trajectory"') :]
    chart = chart[: chart.index("</svg>")]  # the picture, not the table under it
    assert chart.count(">Point<") == 1  # shape and colour share one legend
    assert "stroke-dasharray" in chart  # the dashed baseline-to-target line
    # Every point, the target too, sits wholly inside the 560 x 260 plot, not cut by its edge.
    points = {
        series: (float(x), float(y))
        for series, x, y in re.findall(
            r'Point: (\w+)" role="graphics-symbol" aria-roledescription="point" '
            r'transform="translate\(([-\d.]+),([-\d.]+)\)"',
            chart,
        )
    }
    assert {"Baseline", "Target"} <= set(points)
    for x, y in points.values():
        assert 5 <= x <= 555 and 5 <= y <= 255, points
    # The dashed line runs from the baseline point to the target point.
    dashed = re.search(
        r'd="M([-\d.]+),([-\d.]+)L.*?([-\d.]+),([-\d.]+)"[^>]*stroke-dasharray', chart
    )
    assert dashed
    start, end = (float(dashed[1]), float(dashed[2])), (float(dashed[3]), float(dashed[4]))
    assert start == pytest.approx(points["Baseline"]) and end == pytest.approx(points["Target"])
