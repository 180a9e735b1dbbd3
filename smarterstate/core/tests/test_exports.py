"""CSV and XLSX downloads (core/exports.py), on their own and through a real list page."""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from smarterstate.core.exports import (
    Column,
    csv_response,
    export_links,
    export_response,
    xlsx_response,
)
from smarterstate.organisations.models import Membership, OrganisationType, Role
from smarterstate.organisations.tests.factories import MembershipFactory

LONDON = ZoneInfo("Europe/London")
COLUMNS = [
    Column("Name", "name"),
    Column("Count", "count"),
    Column("Owner", "owner.username"),
    Column("When", "when"),
    Column("Kind", "kind"),
]


def _row(name, count=1, owner="ann", when=None, kind=OrganisationType.OTHER):
    return SimpleNamespace(
        name=name, count=count, owner=SimpleNamespace(username=owner), when=when, kind=kind
    )


def _csv_text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def _csv_rows(response) -> list[list[str]]:
    text = _csv_text(response)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [tuple(row) for row in workbook.active.iter_rows(values_only=True)]


# --- CSV -------------------------------------------------------------------------------------


def test_it_starts_csv_with_a_bom_so_excel_reads_utf8():
    response = csv_response([_row("Café")], COLUMNS, "things")
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Café" in raw.decode("utf-8")


def test_it_writes_csv_headers_then_one_line_per_row():
    when = dt.datetime(2025, 1, 15, 9, 30, tzinfo=dt.UTC)
    rows = [_row("Alpha", 3, "ann", when), _row("Beta", 0, "bob", None, OrganisationType.NHS_BODY)]

    response = csv_response(rows, COLUMNS, "things")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="things.csv"'
    assert _csv_rows(response) == [
        ["Name", "Count", "Owner", "When", "Kind"],
        ["Alpha", "3", "ann", "2025-01-15 09:30:00", "Other"],
        ["Beta", "0", "bob", "", "NHS body"],
    ]


def test_it_writes_missing_related_values_as_empty_cells():
    row = SimpleNamespace(name="Orphan", count=1, owner=None, when=None, kind="")
    assert _csv_rows(csv_response([row], COLUMNS, "things"))[1] == ["Orphan", "1", "", "", ""]


@pytest.mark.parametrize("dangerous", ["=SUM(A1:A2)", "+44 20", "-1+1", "@cmd", "\tx", "\rx"])
def test_it_defuses_cells_a_spreadsheet_would_run_as_formulas(dangerous):
    rows = _csv_rows(csv_response([_row(dangerous)], COLUMNS, "things"))
    assert rows[1][0] == "'" + dangerous


# Fullwidth and small forms that spreadsheets read as = + - @ (NFKC folds them).
@pytest.mark.parametrize(
    "dangerous", ["\uff1dSUM(A1)", "\uff0b1", "\uff0d1", "\uff20cmd", "\ufe66 1"]
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_defuses_formulas_written_with_compatibility_characters(dangerous, fmt):
    if fmt == "csv":
        cell = _csv_rows(csv_response([_row(dangerous)], COLUMNS, "things"))[1][0]
    else:
        cell = _xlsx_rows(xlsx_response([_row(dangerous)], COLUMNS, "things"))[1][0]
    assert cell == "'" + dangerous


def test_it_leaves_ordinary_text_and_negative_numbers_alone():
    rows = _csv_rows(csv_response([_row("Plain text", -5)], COLUMNS, "things"))
    assert rows[1][:2] == ["Plain text", "-5"]


# --- XLSX ------------------------------------------------------------------------------------


def test_it_writes_an_xlsx_that_opens_with_headers_rows_and_real_dates():
    when = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC)  # 13:00 in London (BST)
    rows = [_row("Alpha", 3, "ann", when), _row("=danger", 0, "bob", dt.date(2024, 2, 29))]

    response = xlsx_response(rows, COLUMNS, "things")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="things.xlsx"' in response["Content-Disposition"]
    sheet_rows = _xlsx_rows(response)
    assert sheet_rows[0] == ("Name", "Count", "Owner", "When", "Kind")
    assert sheet_rows[1] == ("Alpha", 3, "ann", dt.datetime(2025, 7, 1, 13, 0), "Other")
    # A date stays a date (openpyxl reads it back as midnight); formulas stay text.
    assert sheet_rows[2] == ("'=danger", 0, "bob", dt.datetime(2024, 2, 29, 0, 0), "Other")
    assert len(sheet_rows) == 3


def test_it_writes_datetimes_in_local_time_as_the_pages_show_them():
    when = dt.datetime(2025, 7, 1, 23, 30, tzinfo=dt.UTC)  # 00:30 on 2 July in London
    rows = _csv_rows(csv_response([_row("Late", when=when)], COLUMNS, "things"))
    assert rows[1][3] == "2025-07-02 00:30:00"


# --- export_response and export_links ----------------------------------------------------------


def test_it_returns_no_download_when_the_page_itself_is_asked_for(rf: RequestFactory):
    assert export_response(rf.get("/x/"), [], COLUMNS, "things") is None
    assert export_response(rf.get("/x/?format=pdf"), [], COLUMNS, "things") is None


def test_it_names_the_download_after_the_list_and_today(rf: RequestFactory):
    response = export_response(rf.get("/x/?format=CSV"), [_row("A")], COLUMNS, "My Things")
    today = dt.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="my-things-{today}.csv"'


def test_export_links_keep_the_filters_and_drop_the_page(rf: RequestFactory):
    links = export_links(rf.get("/x/", {"role": "admin", "page": "3", "q": "a b"}))

    assert [link["format"] for link in links] == ["CSV", "XLSX"]
    for link, fmt in zip(links, ["csv", "xlsx"], strict=True):
        query = parse_qs(urlsplit(link["href"]).query)
        assert query == {"role": ["admin"], "q": ["a b"], "format": [fmt]}


def test_export_links_replace_a_format_already_asked_for(rf: RequestFactory):
    links = export_links(rf.get("/x/", {"format": "csv"}))
    assert parse_qs(links[1]["href"][1:]) == {"format": ["xlsx"]}


# --- through a real page ------------------------------------------------------------------


@pytest.fixture
def member_list_url(org_a):
    return f"/o/{org_a.slug}/members/"


def test_members_csv_export_respects_the_role_filter(
    client, org_a, admin_a, editor_a, viewer_a, member_list_url
):
    second_admin = MembershipFactory(organisation=org_a, role=Role.ADMIN, user__username="boss-2")
    client.force_login(viewer_a)

    response = client.get(member_list_url, {"role": "admin", "format": "csv"})

    assert response.status_code == 200
    rows = _csv_rows(response)
    assert rows[0] == ["Username", "Name", "Email", "Role", "Member since"]
    assert [row[0] for row in rows[1:]] == ["admin-a", second_admin.user.username]
    assert {row[3] for row in rows[1:]} == {"Admin"}
    created = Membership.objects.get(user=admin_a).created_at.astimezone(LONDON)
    assert rows[1][4] == created.strftime("%Y-%m-%d %H:%M:%S")


def test_members_xlsx_export_lists_every_member_without_a_filter(
    client, admin_a, editor_a, viewer_a, editor_b, member_list_url
):
    client.force_login(admin_a)
    rows = _xlsx_rows(client.get(member_list_url, {"format": "xlsx"}))
    assert [row[0] for row in rows[1:]] == ["admin-a", "editor-a", "viewer-a"]
    assert isinstance(rows[1][4], dt.datetime)


def test_members_page_offers_downloads_with_its_filter(client, viewer_a, member_list_url):
    client.force_login(viewer_a)
    response = client.get(member_list_url, {"role": "viewer", "page": "1"})
    hrefs = [link["href"] for link in response.context["export_links"]]
    assert hrefs == ["?role=viewer&format=csv", "?role=viewer&format=xlsx"]
    assert 'href="?role=viewer&amp;format=csv"' in response.content.decode()
