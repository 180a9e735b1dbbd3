"""Commercial pages: dashboards, drill-downs, processes, suppliers, contracts, reviews, imports, mapping."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from smarterstate.commercial.models import BuyerMapping, ContractReview, OCDSImport, ProcessNote
from smarterstate.commercial.services.reviews import contract_review_create
from smarterstate.commercial.tests.factories import (
    AwardFactory,
    BuyerFactory,
    BuyerMappingFactory,
    CompiledReleaseFactory,
    ContractFactory,
    IndicatorValueFactory,
    PartyFactory,
    ProcessFactory,
    ReleaseFactory,
)
from smarterstate.commercial.tests.factories import dt as dt_utc

FY = {"period_kind": "fy", "period_label": "2024-25"}


@pytest.fixture
def buyer_a(org_a):
    return BuyerMappingFactory(organisation=org_a, party__name="Pensions Buyer").party


@pytest.fixture
def data_a(buyer_a, org_a):
    """Two awarded processes of org A's buyer in FY 2024-25, one open and one direct, and values."""
    acme, beta = PartyFactory(name="Acme Ltd"), PartyFactory(name="Beta Ltd")
    open_award = AwardFactory(process__buyer=buyer_a, value=300_000, suppliers=[acme])
    direct_award = AwardFactory(
        process=ProcessFactory(buyer=buyer_a, direct=True, title="Direct job"),
        value=100_000,
        suppliers=[beta],
    )
    for code, value in [("A1", 61.0), ("A3", 50.0), ("L1", 6250.0)]:
        IndicatorValueFactory(
            code=code,
            scope_kind="organisation",
            buyer=None,
            organisation=org_a,
            value=value,
            covered=1,
            total=2,
            **FY,
        )
        IndicatorValueFactory(code=code, buyer=buyer_a, value=value, covered=1, total=2, **FY)
    return {"acme": acme, "beta": beta, "open": open_award, "direct": direct_award}


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_organisation_dashboard_shows_indicators_with_coverage_and_drill_downs(
    client, viewer_a, org_a, data_a, django_assert_max_num_queries
):
    url = reverse("commercial:index", kwargs={"org_slug": org_a.slug})
    for _ in range(5):  # more processes and suppliers, the same number of queries
        AwardFactory(process__buyer=data_a["open"].process.buyer)
    client.force_login(viewer_a)
    with django_assert_max_num_queries(17):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "A1 Tender-to-award time" in body
    assert "61 days" in body
    assert "50.0%" in body
    assert "6,250 (high)" in body
    assert "1 of 2 processes" in body
    drill = reverse("commercial:org-processes", kwargs={"org_slug": org_a.slug})
    assert f"{drill}?indicator=A1&amp;period=fy:2024-04-01" in body
    # Charts, each with its table.
    assert "Competition mix (A3)" in body and "Supplier shares (L1)" in body
    assert "Acme Ltd" in body and "33.3" in body  # 300k of 900k
    assert "Pensions Buyer" in body  # the mapped buyer


def test_the_service_navigation_links_to_the_commercial_dashboard(client, viewer_a, org_a):
    response = get(client, viewer_a, reverse("organisations:home", kwargs={"org_slug": org_a.slug}))
    assert f'href="/o/{org_a.slug}/commercial/"' in response.content.decode()


def test_dashboard_periods_can_be_chosen(client, viewer_a, org_a, data_a):
    IndicatorValueFactory(
        code="A1",
        scope_kind="organisation",
        buyer=None,
        organisation=org_a,
        period_kind="r12",
        period_label="12m to 2026-11-26",
        period_start=dt.date(2025, 11, 27),
        period_end=dt.date(2026, 11, 27),
        value=12.0,
    )
    url = reverse("commercial:index", kwargs={"org_slug": org_a.slug})
    body = get(client, viewer_a, url).content.decode()
    assert "12 days" in body  # rolling 12 months first
    body = get(client, viewer_a, url, period="fy:2024-04-01").content.decode()
    assert "61 days" in body and "12 days" not in body


def test_drill_down_lists_the_processes_behind_an_indicator(client, viewer_a, org_a, data_a):
    url = reverse("commercial:org-processes", kwargs={"org_slug": org_a.slug})
    response = get(client, viewer_a, url, indicator="A3", period="fy:2024-04-01")
    assert response.status_code == 200
    body = response.content.decode()
    assert data_a["open"].process.title in body and "Direct job" in body
    assert get(client, viewer_a, url, indicator="Z9").status_code == 404
    csv = get(client, viewer_a, url, indicator="A3", period="fy:2024-04-01", format="csv")
    text = b"".join(csv.streaming_content).decode()
    assert "Direct job" in text and text.count("\n") == 3


def test_buyer_dashboard_is_public_to_signed_in_users(client, editor_b, buyer_a, data_a):
    response = get(client, editor_b, reverse("commercial:buyer", kwargs={"party_pk": buyer_a.pk}))
    assert response.status_code == 200
    assert "61 days" in response.content.decode()
    drill = get(
        client,
        editor_b,
        reverse("commercial:buyer-processes", kwargs={"party_pk": buyer_a.pk}),
        indicator="A1",
        period="fy:2024-04-01",
    )
    assert drill.status_code == 200


def test_process_list_filters_and_exports(client, editor_b, data_a, django_assert_max_num_queries):
    url = reverse("commercial:processes")
    for _ in range(10):
        AwardFactory()
    client.force_login(editor_b)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    body = get(client, editor_b, url, method="direct").content.decode()
    assert "Direct job" in body and data_a["open"].process.title not in body
    body = get(client, editor_b, url, supplier="acme").content.decode()
    assert "Direct job" not in body and data_a["open"].process.title in body
    xlsx = get(client, editor_b, url, format="xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = get(client, editor_b, url, date_from="not a date")
    assert bad.status_code == 200


def test_process_page_shows_the_release_readably_with_timeline_and_raw_json(
    client, viewer_a, editor_b, data_a
):
    process = data_a["open"].process
    process.ocid = "ocds-abc123/with/slashes"
    process.save()
    ContractFactory(process=process, award=data_a["open"], title="Support contract")
    CompiledReleaseFactory(ocid=process.ocid, payload={"ocid": process.ocid, "tag": ["compiled"]})
    ReleaseFactory(
        ocid=process.ocid,
        release_id="r2",
        date_text="2024-07-01T12:00:00Z",
        tags=["award"],
        payload={"ocid": process.ocid, "awards": [{"documents": [{"noticeType": "UK6"}]}]},
    )
    ReleaseFactory(ocid=process.ocid, release_id="r1", tags=["tender"])
    ProcessNote.objects.create(
        process=process, organisation=data_a["open"].process.organisation, text="A's note"
    )
    url = reverse("commercial:process", kwargs={"ocid": process.ocid})
    assert url.endswith("/ocds-abc123/with/slashes/")
    body = get(client, viewer_a, url).content.decode()
    assert "Pensions Buyer" in body and "Acme Ltd" in body and "Support contract" in body
    assert body.index(">r1<") < body.index(">r2<")  # oldest release first
    assert "UK6" in body
    assert "&quot;compiled&quot;" in body  # the raw JSON, escaped in a <pre>
    assert "A&#x27;s note" in body
    assert "Add a note" not in body  # viewers do not write
    # Another organisation reads the public data but not A's notes.
    body = get(client, editor_b, url).content.decode()
    assert "Acme Ltd" in body and "note" in body and "A&#x27;s note" not in body


def test_editors_of_the_buying_organisation_add_notes(
    client, editor_a, editor_b, org_a, org_b, data_a
):
    process = data_a["open"].process
    url = reverse("commercial:note-add", kwargs={"org_slug": org_a.slug, "process_pk": process.pk})
    client.force_login(editor_a)
    response = client.post(url, {"text": "Renewal due"})
    assert response.status_code == 302
    assert ProcessNote.objects.get().organisation == org_a
    # B's editor cannot note A's process, even through B's own URL.
    client.force_login(editor_b)
    other = reverse(
        "commercial:note-add", kwargs={"org_slug": org_b.slug, "process_pk": process.pk}
    )
    assert client.post(other, {"text": "x"}).status_code == 404
    assert client.post(url, {"text": "x"}).status_code == 404
    assert ProcessNote.objects.count() == 1


def test_supplier_profile_shows_buyers_and_shares(client, viewer_a, buyer_a, data_a):
    acme = data_a["acme"]
    other_buyer = BuyerFactory(name="Other Buyer")
    AwardFactory(process__buyer=other_buyer, value=50_000, suppliers=[acme])
    AwardFactory(process__buyer=other_buyer, value=150_000)
    response = get(client, viewer_a, reverse("commercial:supplier", kwargs={"party_pk": acme.pk}))
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.context["buyers"]}
    assert rows["Pensions Buyer"]["share"] == 75.0
    assert rows["Other Buyer"]["share"] == 25.0
    assert "Awarded value by year" in response.content.decode()


def test_contract_register_and_crunch_points(client, viewer_a, org_a, buyer_a):
    today = timezone.localdate()
    soon = timezone.now() + dt.timedelta(days=70)
    later = timezone.now() + dt.timedelta(days=300)
    process = ProcessFactory(buyer=buyer_a, main_cpv="72000000")
    ContractFactory(process=process, title="Soon", period_end=soon)
    ContractFactory(process=process, title="Later", period_end=later)
    ContractFactory(
        process=process, title="Far", period_end=timezone.now() + dt.timedelta(days=2000)
    )
    register = get(
        client, viewer_a, reverse("commercial:contracts", kwargs={"org_slug": org_a.slug})
    )
    body = register.content.decode()
    assert body.index("Soon") < body.index("Later") < body.index("Far")
    assert "Contract end dates" in body  # chart and its table
    crunch = get(
        client, viewer_a, reverse("commercial:crunch-points", kwargs={"org_slug": org_a.slug})
    )
    titles = [c.title for c in crunch.context["page"].object_list]
    assert titles == ["Soon", "Later"]
    assert crunch.context["page"].object_list[0].months_left in (1, 2)
    assert today  # the lists are relative to today


def test_reviews_are_recorded_changed_and_kept_in_history(
    client, editor_a, viewer_a, org_a, buyer_a
):
    contract = ContractFactory(process=ProcessFactory(buyer=buyer_a), value=Decimal("6000000"))
    add = reverse(
        "commercial:review-add", kwargs={"org_slug": org_a.slug, "contract_pk": contract.pk}
    )
    client.force_login(viewer_a)
    assert client.get(add).status_code == 403
    client.force_login(editor_a)
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "review_date": "2025-01-10",
            "roadmap_delivered": "true",
            "refresh_clause": "false",
            "exit_plan_exists": "true",
            "exit_plan_tested": "unknown",
            "data_portability": "true",
            "open_standards": "true",
            "kpis_recorded": "2",
            "notes": "First review",
        },
        follow=True,
    )
    review = ContractReview.objects.get()
    assert review.score == round(100 * 4 / 7)
    assert review.next_review_date == dt.date(2025, 7, 10)
    assert "fewer than 3 KPIs" in response.content.decode()
    edit = reverse(
        "commercial:review-edit", kwargs={"org_slug": org_a.slug, "review_pk": review.pk}
    )
    client.post(
        edit,
        {
            "review_date": "2025-01-10",
            "kpis_recorded": "3",
            "notes": "Fixed",
            **dict.fromkeys(
                [
                    "roadmap_delivered",
                    "refresh_clause",
                    "exit_plan_exists",
                    "exit_plan_tested",
                    "data_portability",
                    "open_standards",
                ],
                "true",
            ),
        },
    )
    review.refresh_from_db()
    assert review.score == 100 and review.notes == "Fixed"
    history = get(
        client,
        viewer_a,
        reverse(
            "commercial:review-history", kwargs={"org_slug": org_a.slug, "review_pk": review.pk}
        ),
    )
    assert "First review" in history.content.decode() and "Fixed" in history.content.decode()
    listing = get(
        client,
        viewer_a,
        reverse("commercial:reviews", kwargs={"org_slug": org_a.slug}),
        format="csv",
    )
    assert "KPI gap" in b"".join(listing.streaming_content).decode()


def test_an_untouched_review_form_saves_nothing_and_shows_the_scale(
    client, editor_a, org_a, buyer_a
):
    contract = ContractFactory(process=ProcessFactory(buyer=buyer_a))
    add = reverse(
        "commercial:review-add", kwargs={"org_slug": org_a.slug, "contract_pk": contract.pk}
    )
    client.force_login(editor_a)
    page = client.get(add).content.decode()
    assert "scores 0 to 100" in page and "Not known" in page
    # What the browser sends for the untouched form: the prefilled date and KPI count only.
    response = client.post(add, {"review_date": "2025-01-10", "kpis_recorded": "0"})
    assert response.status_code == 200 and not ContractReview.objects.exists()
    text = response.content.decode()
    assert text.count('class="govuk-error-message"') >= 6 and "Select the " in text


def test_another_organisations_contract_cannot_be_reviewed_through_your_url(
    client, editor_a, org_a
):
    contract = ContractFactory()
    url = reverse(
        "commercial:review-add", kwargs={"org_slug": org_a.slug, "contract_pk": contract.pk}
    )
    client.force_login(editor_a)
    assert client.get(url).status_code == 404


def test_imports_are_listed_with_reports(client, viewer_a):
    run = OCDSImport.objects.create(
        status="succeeded",
        files=["a.jsonl"],
        releases_read=3,
        releases_new=2,
        releases_rejected=1,
        rejects=[{"source": "a.jsonl", "line": 7, "offset": None, "reason": "No ocid"}],
    )
    body = get(client, viewer_a, reverse("commercial:imports")).content.decode()
    assert f"Import {run.pk}" in body and "Import OCDS data" not in body
    body = get(
        client, viewer_a, reverse("commercial:import", kwargs={"import_pk": run.pk})
    ).content.decode()
    assert "line 7" in body and "No ocid" in body


def test_only_superusers_upload_ocds(client, admin_a, superuser, monkeypatch):
    from smarterstate.commercial.views import imports
    from smarterstate.jobs.models import Job

    url = reverse("commercial:import-upload")
    client.force_login(admin_a)
    assert client.get(url).status_code == 403
    job = Job.objects.create(kind="import:ocds", description="OCDS import")
    calls = []
    monkeypatch.setattr(imports, "import_job_start", lambda **kw: calls.append(kw) or job)
    client.force_login(superuser)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("r.jsonl", json.dumps({"ocid": "x"}).encode())
    response = client.post(url, {"file": upload})
    assert response.status_code == 302 and response["Location"] == job.progress_url
    assert calls[0]["user"] == superuser and calls[0]["importer"] == "ocds"


def test_admins_map_unmapped_buyers_to_organisations_they_administer(
    client, admin_a, viewer_a, editor_b, org_a, org_b
):
    buyer = BuyerFactory(name="Unmapped Body")
    ProcessFactory(buyer=buyer)
    listing = get(client, viewer_a, reverse("commercial:mapping"))
    assert "Unmapped Body" in listing.content.decode()
    url = reverse("commercial:mapping-edit", kwargs={"party_pk": buyer.pk})
    client.force_login(viewer_a)
    assert client.post(url, {"organisation": org_a.pk}).status_code == 403
    client.force_login(admin_a)
    # Only organisations they administer are offered.
    assert client.post(url, {"organisation": org_b.pk}).status_code == 200
    assert not BuyerMapping.objects.filter(party=buyer).exists()
    assert client.post(url, {"organisation": org_a.pk}).status_code == 302
    mapping = BuyerMapping.objects.get(party=buyer)
    assert mapping.organisation == org_a and mapping.mapped_by == admin_a
    assert buyer.processes.get().organisation == org_a


def test_a_mapped_buyer_is_moved_only_by_its_organisations_admin(client, admin_a, org_a, org_b):
    mapping = BuyerMappingFactory(organisation=org_b)
    url = reverse("commercial:mapping-edit", kwargs={"party_pk": mapping.party.pk})
    client.force_login(admin_a)
    response = client.post(url, {"organisation": org_a.pk})
    assert response.status_code == 403
    mapping.refresh_from_db()
    assert mapping.organisation == org_b


def test_reviews_of_another_organisation_stay_hidden(client, viewer_a, editor_b, org_b):
    buyer_b = BuyerMappingFactory(organisation=org_b).party
    contract = ContractFactory(process=ProcessFactory(buyer=buyer_b))
    review = contract_review_create(contract=contract, user=editor_b, kpis_recorded=0)
    url = reverse(
        "commercial:review-history", kwargs={"org_slug": org_b.slug, "review_pk": review.pk}
    )
    assert get(client, viewer_a, url).status_code == 404


@pytest.mark.parametrize("code", [f"A{n}" for n in range(1, 7)] + [f"L{n}" for n in range(1, 8)])
def test_every_indicator_has_a_working_drill_down(client, viewer_a, org_a, buyer_a, data_a, code):
    ContractFactory(process=data_a["open"].process, award=data_a["open"])
    for url in (
        reverse("commercial:org-processes", kwargs={"org_slug": org_a.slug}),
        reverse("commercial:buyer-processes", kwargs={"party_pk": buyer_a.pk}),
    ):
        response = get(client, viewer_a, url, indicator=code, period="fy:2024-04-01")
        assert response.status_code == 200, (code, url)


def test_processes_are_listed_newest_first(client, viewer_a, buyer_a):
    ProcessFactory(buyer=buyer_a, title="Older", first_award_date=dt_utc(2023, 1, 1))
    ProcessFactory(buyer=buyer_a, title="Newer", first_award_date=dt_utc(2024, 1, 1))
    page = get(client, viewer_a, reverse("commercial:processes")).context["page"]
    assert [p.title for p in page.object_list] == ["Newer", "Older"]


def test_only_periods_with_data_can_be_chosen(client, viewer_a, org_a, data_a):
    # Issue 15 §4: empty periods (today's rolling year, the current financial year) are not
    # offered; the default is the newest period with data.
    response = get(client, viewer_a, reverse("commercial:index", kwargs={"org_slug": org_a.slug}))
    labels = [label for _key, label in response.context["period_form"].fields["period"].choices]
    assert labels == ["Financial year 2024-25"]
    assert response.context["period"].label == "2024-25"


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("commercial:buyers", {"q": "a\x00b"}),
        ("commercial:suppliers", {"q": "\x00"}),
        ("commercial:mapping", {"q": "x\x00"}),
        ("commercial:processes", {"q": "a\x00", "status": "\x00", "date_from": "0001-01-01"}),
    ],
)
def test_junk_in_searches_and_filters_is_harmless(client, viewer_a, name, params):
    assert get(client, viewer_a, reverse(name), **params).status_code == 200


def test_the_dashboard_downloads_its_indicators(client, viewer_a, org_a, data_a):
    url = reverse("commercial:index", kwargs={"org_slug": org_a.slug})
    response = get(client, viewer_a, url, period="fy:2024-04-01", format="csv")
    text = b"".join(response.streaming_content).decode()
    assert "A1,Tender-to-award time,61 days,61.0,1,2,2024-25" in text
    assert text.count("\n") == 14  # heading and 13 indicators


def test_crunch_points_lead_to_the_systems_that_depend_on_them(
    client, viewer_a, org_a, org_b, buyer_a
):
    """Issue 16 item 9: a crunch point links to the organisation's systems it supports."""
    from smarterstate.lifecycle.tests.factories import SystemFactory

    contract = ContractFactory(
        process=ProcessFactory(buyer=buyer_a),
        title="Hosting",
        period_end=timezone.now() + dt.timedelta(days=70),
    )
    mine = SystemFactory(organisation=org_a, name="Claims platform")
    theirs = SystemFactory(organisation=org_b, name="Tax engine")
    mine.contracts.add(contract)
    theirs.contracts.add(contract)
    for name in ("crunch-points", "contracts"):
        html = get(
            client, viewer_a, reverse(f"commercial:{name}", kwargs={"org_slug": org_a.slug})
        ).content.decode()
        system_url = reverse(
            "lifecycle:system", kwargs={"org_slug": org_a.slug, "lifecycle_system_pk": mine.pk}
        )
        assert f'<a class="govuk-link" href="{system_url}">Claims platform</a>' in html
        assert "Tax engine" not in html
