"""ocds_import on what real publishers publish differently from the standard.

Each case is a minimal release shaped like the real one; the decisions (import with a warning,
or reject) are listed in docs/user-guide/commercial.md.
"""

from __future__ import annotations

import json

import orjson
import pytest

from smarterstate.commercial.models import CompiledRelease, OCDSImport, Process, Release
from smarterstate.commercial.ocds import merge
from smarterstate.commercial.services.ingest import ocds_import

pytestmark = pytest.mark.django_db

OCID = "ocds-r6ebe6-0000700001"  # a Public Contracts Scotland-shaped ocid


def pcs_release(date: str = "2025-03-03T00:00:00Z", title: str = "Road gritting", **extra) -> dict:
    """A release as Public Contracts Scotland publishes it: no ``id``."""
    release = {
        "ocid": OCID,
        "date": date,
        "tag": ["tender"],
        "initiationType": "tender",
        "buyer": {"id": "GB-SC-S12000033", "name": "Aberdeen City Council"},
        "parties": [{"id": "GB-SC-S12000033", "name": "Aberdeen City Council", "roles": ["buyer"]}],
        "tender": {"id": "TENDER-1", "title": title},
    }
    release.update(extra)
    return release


def jsonl(tmp_path, rows, name="input.jsonl") -> str:
    path = tmp_path / name
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    return str(path)


def stored_json(ocid: str = OCID) -> list[dict]:
    return [json.loads(r.data) for r in Release.objects.filter(ocid=ocid).order_by("pk")]


# --- releases without id ----------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["absent", "null", "empty", "blank"])
def test_it_imports_releases_without_id_as_published(tmp_path, missing):
    first = pcs_release()
    second = pcs_release("2025-03-10T00:00:00Z", tag=["award"], awards=[{"id": "A1"}])
    for release in (first, second):
        if missing != "absent":
            release["id"] = {"null": None, "empty": "", "blank": "  "}[missing]

    report = ocds_import(paths=[jsonl(tmp_path, [first, second])])

    assert (report.new, report.rejected, report.releases_without_id) == (2, 0, 2)
    # Stored exactly as published: no id injected.
    assert stored_json() == [first, second]
    assert not Release.objects.filter(id_published=True).exists()
    assert json.loads(CompiledRelease.objects.get().data) == merge.compiled_release([first, second])
    assert Process.objects.filter(ocid=OCID).exists()


def test_one_warning_per_file_not_per_release(tmp_path):
    one = jsonl(tmp_path, [pcs_release(f"2025-03-{d:02d}T00:00:00Z") for d in (1, 2, 3)], "a")
    two = jsonl(tmp_path, [pcs_release("2025-03-04T00:00:00Z")], "b")

    report = ocds_import(paths=[one, two])

    assert report.releases_without_id == 4
    without_id = [w for w in report.warnings if "have no id" in w]
    assert without_id == [
        f"{one}: 3 releases have no id: imported, each known by its content "
        "(a changed one is a new release)",
        f"{two}: 1 releases have no id: imported, each known by its content "
        "(a changed one is a new release)",
    ]
    assert report.as_dict()["releases_without_id"] == 4
    record = OCDSImport.objects.get(pk=report.import_id)
    assert (record.releases_without_id, record.warnings) == (4, report.warnings)


def test_reimporting_releases_without_id_stores_nothing_new(tmp_path):
    path = jsonl(tmp_path, [pcs_release(), pcs_release("2025-03-10T00:00:00Z")])
    ocds_import(paths=[path])
    compiled_at = CompiledRelease.objects.get().compiled_at

    report = ocds_import(paths=[path])

    assert (report.new, report.unchanged, report.replaced, report.ocids_compiled) == (0, 2, 0, 0)
    assert Release.objects.count() == 2
    assert CompiledRelease.objects.get().compiled_at == compiled_at


def test_a_changed_release_without_id_under_the_same_ocid_and_date_is_reported(tmp_path):
    ocds_import(paths=[jsonl(tmp_path, [pcs_release(title="Road gritting")], "march.jsonl")])
    changed = jsonl(tmp_path, [pcs_release(title="Road gritting 2025-26")], "march-again.jsonl")

    report = ocds_import(paths=[changed])

    assert report.new == 1 and report.changed_without_id == 1
    assert report.changed_releases_without_id == [
        {"ocid": OCID, "date": "2025-03-03T00:00:00Z", "source": f"{changed}, line 1"}
    ]
    # Both are kept and merged as ``ocdskit compile`` of both files would: the later wins.
    assert Release.objects.count() == 2
    compiled = json.loads(CompiledRelease.objects.get().data)
    assert compiled["tender"]["title"] == "Road gritting 2025-26"


def test_releases_without_id_on_the_same_date_in_one_file_are_not_reported_as_changes(tmp_path):
    rows = [pcs_release(title="Lot 1"), pcs_release(title="Lot 2")]

    report = ocds_import(paths=[jsonl(tmp_path, rows)])

    assert report.new == 2 and report.changed_without_id == 0


def test_the_versioned_release_gives_the_release_id_as_ocdsmerge_does(tmp_path):
    from smarterstate.commercial.selectors import versioned_release

    rows = [pcs_release(), pcs_release("2025-03-10T00:00:00Z", title="Changed", id="")]
    ocds_import(paths=[jsonl(tmp_path, rows)])

    versioned = versioned_release(OCID)

    assert versioned == merge.versioned_release(rows)
    assert [v["releaseID"] for v in versioned["tender"]["title"]] == [None, ""]


@pytest.mark.parametrize(
    ("release", "reason"),
    [
        ({"ocid": OCID, "tag": ["tender"]}, "missing date"),
        ({"ocid": OCID, "id": None, "date": None}, "date is null, not a string"),
        ({"ocid": OCID, "date": ""}, "date is empty"),
    ],
)
def test_it_still_rejects_what_cannot_be_merged_with_position_and_reason(tmp_path, release, reason):
    path = jsonl(tmp_path, [pcs_release(), release, "not an object"])

    report = ocds_import(paths=[path])

    assert report.new == 1
    assert [(r["line"], r["reason"]) for r in report.rejects] == [
        (2, reason),
        (3, "release is a string, not a JSON object"),
    ]


# --- other differences from the standard ---------------------------------------------------------


def test_numbers_as_strings_are_imported_and_read_as_numbers(tmp_path):
    release = pcs_release(
        id="1",
        tag=["award"],
        awards=[
            {"id": "A1", "status": "active", "value": {"amount": "1200.50", "currency": "GBP"}}
        ],
    )
    release["tender"]["numberOfTenderers"] = "3"

    report = ocds_import(paths=[jsonl(tmp_path, [release])])

    assert report.new == 1 and report.numbers_as_strings == 1
    assert any("as strings" in w for w in report.warnings)
    assert stored_json() == [release]  # as published
    process = Process.objects.get(ocid=OCID)
    assert str(process.awarded_value) == "1200.50"
    assert process.number_of_tenderers == 3


def test_releases_without_tag_are_imported_with_a_warning(tmp_path):
    release = pcs_release(id="1")
    del release["tag"]

    report = ocds_import(paths=[jsonl(tmp_path, [release])])

    assert report.new == 1 and report.releases_without_tag == 1
    assert Release.objects.get().tags == []
    assert CompiledRelease.objects.get().ocid == OCID


def test_dates_without_time_zone_are_imported_as_utc_with_a_warning(tmp_path):
    report = ocds_import(paths=[jsonl(tmp_path, [pcs_release("2025-03-03T10:30:00", id="1")])])

    assert report.new == 1 and report.dates_without_time_zone == 1
    stored = Release.objects.get()
    assert stored.date_text == "2025-03-03T10:30:00"
    assert stored.date.isoformat() == "2025-03-03T10:30:00+00:00"


def test_a_release_id_published_again_with_other_content_in_another_file_replaces_it(tmp_path):
    ocds_import(paths=[jsonl(tmp_path, [pcs_release(id="R1", title="old")], "monday.jsonl")])
    tuesday = jsonl(tmp_path, [pcs_release(id="R1", title="new")], "tuesday.jsonl")

    report = ocds_import(paths=[tuesday])

    assert (report.new, report.replaced) == (0, 1)
    assert report.replaced_releases == [{"ocid": OCID, "id": "R1", "source": f"{tuesday}, line 1"}]
    assert Release.objects.get().release_id == "R1"
    assert json.loads(CompiledRelease.objects.get().data)["tender"]["title"] == "new"


@pytest.mark.parametrize("ocid", [f" {OCID}", f"{OCID} ", f"{OCID}\n"])
def test_ocids_with_surrounding_whitespace_are_rejected(tmp_path, ocid):
    report = ocds_import(paths=[jsonl(tmp_path, [pcs_release(id="1", ocid=ocid)])])

    assert report.new == 0
    assert report.rejects[0]["reason"] == "ocid has leading or trailing whitespace"
    assert not Release.objects.exists()


def test_the_import_page_shows_the_warnings_and_the_count_without_id(tmp_path, client, viewer_a):
    from django.urls import reverse

    report = ocds_import(paths=[jsonl(tmp_path, [pcs_release()])])

    client.force_login(viewer_a)
    url = reverse("commercial:import", kwargs={"import_pk": report.import_id})
    page = client.get(url).content.decode()
    warnings = page[page.index('id="import-warnings"') :]
    assert "1 releases have no id: imported, each known by its content" in warnings
    assert "Published without an id</dt>" in page
