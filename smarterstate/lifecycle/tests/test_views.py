import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from smarterstate.jobs.models import Job
from smarterstate.jobs.tasks import run_import_job
from smarterstate.lifecycle.models import Assessment, Component, CycleOverride, System
from smarterstate.lifecycle.tests.crosscut import _estate

ORG = "/o/department-for-work-pensions/lifecycle/"


@pytest.fixture
def estate(org_a, editor_a):
    return _estate(org_a, editor_a, "Universal Credit case portal")


def body(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["", "radar/", "systems/", "components/", "assessments/", "overrides/", "calendar/"],
)
def test_the_organisation_pages_render_for_a_viewer(client, viewer_a, estate, path):
    client.force_login(viewer_a)
    response = client.get(ORG + path)
    assert response.status_code == 200
    expected = {"": "Estate summary", "overrides/": "Extended support contract"}
    assert expected.get(
        path, "Universal Credit case portal" if path != "calendar/" else "Calendar"
    ) in body(response)


def test_the_system_page_shows_the_rollup_components_and_assessments(client, viewer_a, estate):
    client.force_login(viewer_a)
    text = body(client.get(f"{ORG}systems/{estate['system'].pk}/"))
    assert "Past end of life" in text and "laravel/framework" in text and "Laravel 7" in text
    assert "Our override" in text  # the extended-support override is flagged, not hidden
    assert "Red-rated" not in text or "Legacy" in text
    assert "Change<span" not in text  # viewers get no change links


def test_the_system_page_puts_at_risk_components_first_and_folds_uncovered_ones(
    client, viewer_a, estate
):
    from smarterstate.lifecycle.services.register import component_create

    system = estate["system"]
    for name in ("aaa-unknown", "zzz-unknown"):
        component_create(system=system, name=name, version="1.0")
    client.force_login(viewer_a)
    text = body(client.get(f"{ORG}systems/{system.pk}/"))
    folded = text.index('id="uncovered-components"')
    assert text.index("laravel/framework") < folded < text.index("aaa-unknown")
    assert "2 components not in the catalogue" in text
    # Each cell carries its heading, for the stacked layout on phones.
    assert 'data-label="Status today"' in text and "app-table--stack" in text


def test_the_radar_lists_overdue_cycles_and_overrides(client, viewer_a, estate):
    client.force_login(viewer_a)
    text = body(client.get(ORG + "radar/"))
    assert "Overdue: past end of life" in text
    assert "Laravel 7" in text and "3 Mar 2021" in text
    assert "Our override" in text  # the extended-support override is labelled, not mixed in
    csv = client.get(ORG + "radar/", {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")


def test_an_editor_adds_and_changes_a_system(client, editor_a, org_a):
    client.force_login(editor_a)
    response = client.post(
        ORG + "systems/add/",
        {"name": "Payments hub", "criticality": "critical", "phase": "phase-out", "users": "120"},
    )
    system = System.objects.get(name="Payments hub")
    assert response.status_code == 302 and system.organisation == org_a
    response = client.post(
        f"{ORG}systems/{system.pk}/edit/",
        {
            "name": "Payments hub",
            "criticality": "high",
            "phase": "end-of-life",
            "exit_plan": "Move",
        },
    )
    system.refresh_from_db()
    assert (system.criticality, system.phase, system.exit_plan) == ("high", "end-of-life", "Move")
    history = body(client.get(f"{ORG}systems/{system.pk}/history/"))
    assert "Business critical" in history and "High" in history


def test_a_duplicate_system_name_is_an_error_on_the_form(client, editor_a, estate):
    client.force_login(editor_a)
    response = client.post(
        ORG + "systems/add/",
        {"name": "Universal Credit case portal", "criticality": "low", "phase": "active"},
    )
    assert response.status_code == 200 and "govuk-error-summary" in body(response)


def test_an_editor_adds_and_removes_a_component(client, editor_a, estate):
    client.force_login(editor_a)
    system = estate["system"]
    client.post(
        f"{ORG}systems/{system.pk}/components/add/",
        {
            "name": "laravel/framework",
            "version": "11.3.0",
            "purl": "pkg:composer/laravel/framework@11.3.0",
        },
    )
    component = Component.objects.get(version="11.3.0")
    assert component.cycle.name == "11"
    client.post(f"{ORG}components/{component.pk}/remove/")
    assert not Component.objects.filter(pk=component.pk).exists()


def test_an_editor_assesses_a_system_with_l1_proposed(client, editor_a, estate):
    client.force_login(editor_a)
    system = estate["system"]
    form = body(client.get(f"{ORG}systems/{system.pk}/assess/"))
    assert (
        "Proposed 5 from data: Laravel 7 (laravel/framework 7.30.6) reached end of life on "
        "2021-03-03; extended support until 2099-01-01 (our override)" in form
    )
    data = {"assessed_on": "2026-05-01", "remediation_date": "2027-01-31", "risk_owner": "SRO"}
    data |= {f"l{i}": "4" for i in range(1, 8)} | {f"c{i}": "4" for i in range(1, 7)}
    data["l1_evidence"] = "Laravel 7 is out of support"
    response = client.post(f"{ORG}systems/{system.pk}/assess/", data)
    assert response.status_code == 302
    assessment = Assessment.objects.filter(system=system).order_by("-pk").first()
    assert assessment.red_rated and assessment.evidence["l1"] == "Laravel 7 is out of support"
    page = body(client.get(f"{ORG}assessments/{assessment.pk}/"))
    assert "16.00" in page and "Laravel 7 is out of support" in page


def test_an_editor_adds_an_override_with_evidence(client, editor_a, estate):
    client.force_login(editor_a)
    response = client.post(
        ORG + "overrides/add/",
        {
            "product": "laravel",
            "cycle": "7",
            "milestone": "eol",
            "date": "2027-03-03",
            "evidence": "Extended support agreement 2025/17",
            "owner": "Head of platforms",
            "expires_on": "2099-03-03",
        },
    )
    assert response.status_code == 302
    assert CycleOverride.objects.filter(milestone="eol", date=dt.date(2027, 3, 3)).exists()
    text = body(client.get(ORG + "overrides/"))
    assert (
        "Extended support agreement 2025/17" in text and "3 Mar 2021" in text
    )  # vendor's date too
    missing = client.post(ORG + "overrides/add/", {"product": "laravel", "cycle": "99"})
    assert "There is no such release cycle" in body(missing)


def test_viewers_and_other_organisations_cannot_change_anything(client, viewer_a, editor_b, estate):
    system = estate["system"]
    client.force_login(viewer_a)
    assert client.post(ORG + "systems/add/", {"name": "X"}).status_code == 403
    assert client.post(f"{ORG}systems/{system.pk}/edit/", {"name": "X"}).status_code == 403
    client.force_login(editor_b)
    assert client.get(f"{ORG}systems/{system.pk}/").status_code == 404
    own = f"/o/hm-revenue-customs/lifecycle/systems/{system.pk}/"
    assert client.get(own).status_code == 404  # A's system under B's slug
    system.refresh_from_db()
    assert system.name == "Universal Credit case portal"


def test_analyst_reads_but_does_not_write(client, analyst, estate):
    client.force_login(analyst)
    assert client.get(ORG + "systems/").status_code == 200
    assert client.post(ORG + "systems/add/", {"name": "X"}).status_code == 403


def test_system_and_component_exports(client, viewer_a, estate):
    client.force_login(viewer_a)
    csv = b"".join(client.get(ORG + "systems/", {"format": "csv"}).streaming_content).decode()
    assert csv.splitlines()[0].lstrip("\ufeff").startswith("Name,Description,Owner")
    assert "Universal Credit case portal" in csv
    xlsx = client.get(ORG + "components/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("System", "Name", "Version")
    assert rows[1][:3] == ("Universal Credit case portal", "laravel/framework", "7.30.6")


def test_system_filters(client, viewer_a, estate, org_a):
    System.objects.create(organisation=org_a, name="Intranet", phase="plan")
    client.force_login(viewer_a)
    text = body(client.get(ORG + "systems/", {"phase": "plan"}))
    assert "Intranet" in text and "Universal Credit case portal" not in text
    text = body(client.get(ORG + "systems/", {"status": "eol"}))
    assert "Intranet" not in text and "Universal Credit case portal" in text


def _upload(client, kind, name, content, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.post(ORG + "import/", {"kind": kind, "file": SimpleUploadedFile(name, content)})
    job = Job.objects.order_by("-created_at").first()
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    return job


def test_systems_and_components_import_from_csv_idempotently(
    client, editor_a, estate, settings, tmp_path
):
    client.force_login(editor_a)
    systems = (
        b"Name,Owner,Criticality,Phase,Users,Annual cost,End of life from\n"
        b'Payments hub,Finance,Business critical,Phase out,300,"125,000",2027-03-31\n'
        b"Bad one,,Enormous,,,,\n"
    )
    job = _upload(client, "systems", "systems.csv", systems, settings, tmp_path)
    assert (job.report["created"], job.report["rejected"]) == (1, 1)
    assert (
        job.report["rejects"][0]["line"] == 3 and job.report["rejects"][0]["field"] == "Criticality"
    )
    hub = System.objects.get(name="Payments hub")
    assert (hub.criticality, hub.phase, hub.users) == ("critical", "phase-out", 300)
    assert hub.end_of_life_date == dt.date(2027, 3, 31)
    again = _upload(client, "systems", "systems.csv", systems, settings, tmp_path)
    assert again.report["unchanged"] == 1

    components = b"System,Name,Version,Purl\nPayments hub,jetty,9.4.51,pkg:maven/org.eclipse.jetty/jetty-server@9.4.51\nNowhere,x,1,\n"
    job = _upload(client, "components", "components.csv", components, settings, tmp_path)
    assert (job.report["created"], job.report["rejected"]) == (1, 1)
    assert hub.components.get().name == "jetty"


def test_systems_import_from_an_exported_xlsx(client, editor_a, estate, settings, tmp_path):
    client.force_login(editor_a)
    xlsx = b"".join(client.get(ORG + "systems/", {"format": "xlsx"}).streaming_content)
    job = _upload(client, "systems", "systems.xlsx", xlsx, settings, tmp_path)
    assert job.status == "succeeded", job.error
    assert (job.report["read"], job.report["unchanged"]) == (1, 1)


def test_the_catalogue_pages(client, viewer_a, estate):
    client.force_login(viewer_a)
    assert "Laravel" in body(client.get("/lifecycle/catalogue/", {"q": "lara"}))
    text = body(client.get("/lifecycle/catalogue/laravel/"))
    assert "3 Mar 2021" in text
    assert client.get("/lifecycle/catalogue/no-such-product/").status_code == 404
    snapshot = estate["cycle"].revisions.get().snapshot
    sync = body(client.get(f"/lifecycle/catalogue/syncs/{snapshot.pk}/", {"kind": "added"}))
    assert "Laravel 7" in sync and "New cycle" in sync


def test_a_text_file_sent_as_an_sbom_is_refused_on_the_form(client, editor_a, estate):
    client.force_login(editor_a)
    path = f"{ORG}systems/{estate['system'].pk}/sbom/"
    response = client.post(path, {"file": SimpleUploadedFile("notes.txt", b"not a bom\n")})
    text = body(response)
    assert response.status_code == 200 and not Job.objects.exists()
    assert "is not JSON" in text and "govuk-error-summary" in text and "Success" not in text


def test_the_radar_chart_shows_every_month_and_whole_number_ticks(client, viewer_a, estate):
    from django.utils import timezone

    from smarterstate.core.dates import add_months
    from smarterstate.lifecycle.services.register import component_create
    from smarterstate.lifecycle.tests.factories import CycleFactory, ProductFactory

    today = timezone.localdate()
    soon = add_months(today.replace(day=1), 4)
    cycle = CycleFactory(product=ProductFactory(name="nodejs"), name="20", eol_from=soon)
    component_create(system=estate["system"], name="node", version="20.1.0")
    from smarterstate.lifecycle.models import Component

    Component.objects.filter(name="node").update(cycle=cycle, product=cycle.product)
    client.force_login(viewer_a)
    text = body(client.get(ORG + "radar/"))
    quiet = add_months(today.replace(day=1), 2).strftime("%Y-%m")  # no milestone that month
    chart = text[text.index('id="radar-chart"') :]
    assert f">{quiet}<" in chart and f">{soon:%Y-%m}<" in chart
    assert ">0.5<" not in chart


def test_the_system_page_links_the_ai_use_cases_and_initiatives_that_name_it(
    client, viewer_a, org_a
):
    """Issue 16 item 9: every link shown from both ends, as a link."""
    from django.urls import reverse

    from smarterstate.ai.tests.factories import make_use_case
    from smarterstate.lifecycle.tests.factories import SystemFactory
    from smarterstate.outcomes.services.links import link_create
    from smarterstate.outcomes.tests.factories import initiative

    system = SystemFactory(organisation=org_a, name="Payments engine")
    use_case = make_use_case(org_a)
    use_case.systems.add(system)
    init = initiative(org_a, name="Faster payments")
    link_create(initiative=init, kind="lifecycle.System", identifier=str(system.pk))
    client.force_login(viewer_a)
    html = client.get(f"{ORG}systems/{system.pk}/").content.decode()
    use_case_url = reverse(
        "ai:use-case", kwargs={"org_slug": org_a.slug, "use_case_pk": use_case.pk}
    )
    init_url = reverse(
        "outcomes:initiative", kwargs={"org_slug": org_a.slug, "outcomes_initiative_pk": init.pk}
    )
    assert f'<a class="govuk-link" href="{use_case_url}">{use_case.name}</a>' in html
    assert f'<a class="govuk-link" href="{init_url}">Faster payments</a>' in html
    assert "AI use cases</dt>" in html and "Initiatives</dt>" in html


def test_the_components_list_shows_and_filters_by_status(client, viewer_a, estate):
    """Issue 16 item 10: a status column and filter, reached from the counts on the landing page."""
    client.force_login(viewer_a)
    index = body(client.get(ORG))
    assert f'href="{ORG}components/?status=eol"' in index
    text = body(client.get(f"{ORG}components/", {"status": "eol"}))
    assert "laravel/framework" in text and "Past end of life" in text
    assert "Not in the catalogue</td>" not in text
    everything = body(client.get(f"{ORG}components/"))
    assert '<th scope="col" class="govuk-table__header">Status</th>' in everything


def test_central_analysts_compare_estates_across_organisations(
    client, analyst, viewer_a, org_a, org_b, estate
):
    """Issue 16: a central analyst comparison for lifecycle, as outcomes and AI have, with exports."""
    from smarterstate.lifecycle.tests.factories import SystemFactory

    SystemFactory(organisation=org_b, name="Tax engine")
    client.force_login(analyst)
    response = client.get("/lifecycle/compare/")
    names = [row["organisation"].name for row in response.context["rows"]]
    assert names == [org_a.name, org_b.name]
    mine = response.context["rows"][0]
    assert mine["systems"] == 1 and mine["past_eol"] >= 1
    csv = client.get("/lifecycle/compare/", {"format": "csv"})
    assert csv.status_code == 200
    assert org_b.name in b"".join(csv.streaming_content).decode()
    client.force_login(viewer_a)
    rows = client.get("/lifecycle/compare/").context["rows"]
    assert [row["organisation"].name for row in rows] == [org_a.name]
