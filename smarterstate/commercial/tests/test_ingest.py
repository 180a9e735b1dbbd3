"""ocds_import: store each release once, compile only what changed, report everything, lose nothing."""

from __future__ import annotations

import json
import socket

import orjson
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smarterstate.commercial.models import CompiledRelease, ImportStatus, OCDSImport, Release
from smarterstate.commercial.ocds import merge
from smarterstate.commercial.selectors import versioned_release
from smarterstate.commercial.services.ingest import compiling, ocds_import, run, workers
from smarterstate.core.importing import InputUnreadable
from smarterstate.jobs.models import JobStatus
from smarterstate.jobs.services import import_job_start
from smarterstate.jobs.tasks import run_import_job

pytestmark = pytest.mark.django_db


def release(n: int, ocid: str = "ocds-x-1", **extra) -> dict:
    return {
        "ocid": ocid,
        "id": f"r{n}",
        "date": f"2025-01-{n:02d}T00:00:00Z",
        "tag": ["tender"],
        "parties": [],
        "tender": {"id": "t", "title": f"title {n}"},
        **extra,
    }


def jsonl(tmp_path, rows, name="input.jsonl"):
    path = tmp_path / name
    path.write_bytes(
        b"".join((r if isinstance(r, bytes) else orjson.dumps(r)) + b"\n" for r in rows)
    )
    return str(path)


def compiled(ocid: str) -> dict:
    return json.loads(CompiledRelease.objects.get(ocid=ocid).data)


@pytest.fixture
def normalised(monkeypatch):
    """Record what the real normaliser and indicator refresh are asked to do (they still run)."""
    calls: list[list[str]] = []
    refreshed: list[bool] = []
    real_normalise, real_refresh = compiling.normalise_parsed, run.refresh_indicators

    def normalise_spy(chunk, organisations):
        calls.append([draft.ocid for draft in chunk.drafts])
        real_normalise(chunk, organisations)

    def refresh_spy(**scopes):
        refreshed.append(True)
        real_refresh(**scopes)

    monkeypatch.setattr(compiling, "normalise_parsed", normalise_spy)
    monkeypatch.setattr(run, "refresh_indicators", refresh_spy)
    return calls, refreshed


def test_it_stores_each_release_once_and_compiles_each_ocid(tmp_path, normalised):
    path = jsonl(tmp_path, [release(1), release(2), release(3, ocid="ocds-x-2")])

    report = ocds_import(paths=[path])

    assert (report.releases_read, report.new, report.ocids_compiled) == (3, 3, 2)
    assert Release.objects.count() == 3
    first = Release.objects.get(ocid="ocds-x-1", release_id="r1")
    assert first.tags == ["tender"] and first.date_text == "2025-01-01T00:00:00Z"
    assert first.source == f"{path}, line 1"
    assert compiled("ocds-x-1")["tender"]["title"] == "title 2"
    assert compiled("ocds-x-1")["id"] == "ocds-x-1-2025-01-02T00:00:00Z"
    assert CompiledRelease.objects.get(ocid="ocds-x-1").release_count == 2
    calls, refreshed = normalised
    assert sorted(ocid for call in calls for ocid in call) == ["ocds-x-1", "ocds-x-2"]
    assert refreshed == [True]


def test_reimporting_the_same_file_writes_and_compiles_nothing(tmp_path, normalised):
    path = jsonl(tmp_path, [release(1), release(2), release(3, ocid="ocds-x-2")])
    ocds_import(paths=[path])
    calls, refreshed = normalised
    calls.clear()
    refreshed.clear()
    before = list(CompiledRelease.objects.values_list("ocid", "compiled_at"))

    report = ocds_import(paths=[path])

    assert (report.new, report.unchanged, report.replaced, report.ocids_compiled) == (0, 3, 0, 0)
    assert list(CompiledRelease.objects.values_list("ocid", "compiled_at")) == before
    assert calls == [] and refreshed == []


def test_a_changed_release_replaces_the_stored_one_and_only_its_ocid_is_recompiled(
    tmp_path, normalised
):
    ocds_import(paths=[jsonl(tmp_path, [release(1), release(2, ocid="ocds-x-2")])])
    calls, _ = normalised
    calls.clear()
    changed = release(1, tender={"id": "t", "title": "corrected"})

    report = ocds_import(paths=[jsonl(tmp_path, [changed, release(2, ocid="ocds-x-2")], "b.jsonl")])

    assert (report.replaced, report.unchanged, report.ocids_compiled) == (1, 1, 1)
    assert report.replaced_releases == [
        {"ocid": "ocds-x-1", "id": "r1", "source": f"{tmp_path}/b.jsonl, line 1"}
    ]
    assert Release.objects.count() == 2
    assert compiled("ocds-x-1")["tender"]["title"] == "corrected"
    assert calls == [["ocds-x-1"]]
    row = Release.objects.get(release_id="r1")
    assert row.first_import_id != row.last_import_id == report.import_id


@pytest.mark.parametrize("batch_size", [1, 100])
def test_the_later_copy_read_in_one_run_wins(tmp_path, normalised, batch_size):
    rows = [
        release(1),
        release(1, tender={"title": "later"}),
        release(1, tender={"title": "later"}),
    ]

    report = ocds_import(paths=[jsonl(tmp_path, rows)], batch_size=batch_size)

    assert (report.new, report.replaced, report.unchanged) == (1, 1, 1)
    assert Release.objects.get().source.endswith("line 2")
    assert compiled("ocds-x-1")["tender"]["title"] == "later"


def test_bad_releases_are_rejected_with_positions_and_the_rest_is_imported(tmp_path, normalised):
    rows = [
        release(1),
        b'{"ocid": "half a line',
        orjson.dumps({"id": "x", "date": "2025-01-01"}),
        orjson.dumps({"ocid": " o", "id": "x", "date": "2025-01-01"}),
        orjson.dumps({"ocid": "o", "id": "x"}),
        orjson.dumps({"ocid": 7, "id": "x", "date": "2025-01-01"}),
        orjson.dumps({"ocid": "o", "id": "x", "date": "2025-01-01", "tag": "award"}),
        b'"just a string"',
        release(2),
    ]
    path = jsonl(tmp_path, rows)

    report = ocds_import(paths=[path])

    assert (report.releases_read, report.new, report.rejected) == (9, 2, 7)
    assert report.releases_read == report.new + report.unchanged + report.replaced + report.rejected
    assert [(r["line"], r["reason"]) for r in report.rejects] == [
        (2, report.rejects[0]["reason"]),
        (3, "missing ocid"),
        (4, "ocid has leading or trailing whitespace"),
        (5, "missing date"),
        (6, "ocid is a number, not a string"),
        (7, "tag is a string, not an array of strings"),
        (8, "release is a string, not a JSON object"),
    ]
    assert report.rejects[0]["reason"].startswith("malformed JSON")
    assert {r["source"] for r in report.rejects} == {path}
    record = OCDSImport.objects.get()
    assert record.releases_rejected == 7 and record.rejects == report.rejects


def test_a_truncated_package_keeps_the_releases_before_the_error(tmp_path, normalised):
    package = json.dumps({"version": "1.1", "releases": [release(1), release(2)]}, indent=2)
    path = tmp_path / "cut.json"
    path.write_text(package[: package.index('"r2"')])

    report = ocds_import(paths=[str(path)])

    assert report.new == 1 and report.rejected == 1
    assert report.rejects[0]["offset"] is not None and report.rejects[0]["line"] is None
    assert Release.objects.get().release_id == "r1"


def test_nothing_stored_is_lost_when_a_later_import_is_bad(tmp_path, normalised):
    ocds_import(paths=[jsonl(tmp_path, [release(1), release(2)])])

    report = ocds_import(paths=[jsonl(tmp_path, [b"{broken", b"[1, 2]"], "bad.jsonl")])

    assert report.rejected == 3 and report.new == 0
    assert Release.objects.count() == 2 and CompiledRelease.objects.count() == 1


@pytest.mark.parametrize("bad", ["missing", "empty", "csv"])
def test_unreadable_input_stops_the_run_before_anything_is_stored(tmp_path, normalised, bad):
    good = jsonl(tmp_path, [release(1)])
    path = tmp_path / "bad"
    if bad == "empty":
        path.write_bytes(b"")
    elif bad == "csv":
        path.write_bytes(b"ocid,id\n1,2\n")

    with pytest.raises(InputUnreadable, match=str(path)):
        ocds_import(paths=[good, str(path)])

    assert not Release.objects.exists() and not OCDSImport.objects.exists()


def test_a_dry_run_counts_but_stores_nothing(tmp_path, normalised):
    path = jsonl(tmp_path, [release(1), release(2), {"nope": 1}])

    report = ocds_import(paths=[path], dry_run=True)

    assert (report.new, report.rejected, report.ocids_compiled) == (2, 1, 1)
    assert report.dry_run
    assert not Release.objects.exists()
    assert not CompiledRelease.objects.exists()
    assert not OCDSImport.objects.exists()


def test_every_run_is_recorded(tmp_path, normalised):
    report = ocds_import(paths=[jsonl(tmp_path, [release(1), {"x": 1}])])

    record = OCDSImport.objects.get()
    assert record.pk == report.import_id
    assert record.status == ImportStatus.SUCCEEDED and record.finished_at
    assert record.files == [f"{tmp_path}/input.jsonl"]
    assert (record.releases_read, record.releases_new, record.releases_rejected) == (2, 1, 1)
    assert record.ocids_compiled == 1 and record.seconds > 0


def test_a_run_that_fails_is_recorded_as_failed_and_the_next_one_repairs(
    tmp_path, normalised, monkeypatch
):
    path = jsonl(tmp_path, [release(1), release(2, ocid="ocds-x-2")])

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(compiling, "_store_compiled", boom)
    with pytest.raises(RuntimeError):
        ocds_import(paths=[path])
    record = OCDSImport.objects.get()
    assert record.status == ImportStatus.FAILED and "disk on fire" in record.error
    assert Release.objects.count() == 2 and not CompiledRelease.objects.exists()
    monkeypatch.undo()
    _, refreshed = normalised

    report = ocds_import(paths=[path])

    # Releases were stored by the failed run; the new run finds their ocids uncompiled.
    assert (report.unchanged, report.ocids_compiled) == (2, 2)
    assert CompiledRelease.objects.count() == 2


def test_stale_compiled_releases_are_found_even_when_this_run_wrote_nothing(tmp_path, normalised):
    path = jsonl(tmp_path, [release(1), release(2, ocid="ocds-x-2")])
    ocds_import(paths=[path])
    # As if a run was killed after storing a changed release but before compiling it.
    Release.objects.filter(release_id="r1").update(
        data=orjson.dumps(release(1, tender={"title": "killed"})).decode(), content_hash="0" * 40
    )
    OCDSImport.objects.create(status=ImportStatus.RUNNING)

    report = ocds_import(paths=[jsonl(tmp_path, [release(3, ocid="ocds-x-2")], "c.jsonl")])

    assert report.ocids_compiled == 2
    assert compiled("ocds-x-1")["tender"]["title"] == "killed"


def test_an_ocid_that_cannot_be_merged_is_reported_and_not_compiled(tmp_path, normalised):
    rows = [release(1), release(2, tender={"title": {"an": "object"}}), release(3, ocid="ok")]

    report = ocds_import(paths=[jsonl(tmp_path, rows)])

    assert report.ocids_compiled == 1
    assert report.compile_errors[0]["ocid"] == "ocds-x-1"
    assert "InconsistentTypeError" in report.compile_errors[0]["reason"]
    assert list(CompiledRelease.objects.values_list("ocid", flat=True)) == ["ok"]
    assert "cannot compile" in OCDSImport.objects.get().rejects[-1]["reason"]


def test_worker_processes_compile_exactly_what_one_process_does(tmp_path, normalised, monkeypatch):
    rows = [release(n % 28 + 1, ocid=f"ocds-x-{n % 7}") for n in range(60)]
    path = jsonl(tmp_path, rows)
    ocds_import(paths=[path], workers=1)
    alone = dict(CompiledRelease.objects.values_list("ocid", "data"))
    CompiledRelease.objects.all().delete()
    OCDSImport.objects.create(status=ImportStatus.RUNNING)  # so the next run looks for stale ocids
    monkeypatch.setattr(compiling, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(compiling, "COMPILE_CHUNK", 2)

    report = ocds_import(paths=[path], workers=2)

    assert report.ocids_compiled == 7
    assert dict(CompiledRelease.objects.values_list("ocid", "data")) == alone


def test_ocds_1_0_releases_are_upgraded_before_they_are_stored(normalised):
    ocds_import(paths=["data/ocds/uk_contractsfinder_releases_2014-12_ocds1.0.jsonl"])

    for data in Release.objects.values_list("data", flat=True):
        stored = json.loads(data)
        assert "parties" in stored
        if "buyer" in stored:
            assert set(stored["buyer"]) <= {"id", "name"}


def test_the_versioned_release_is_merged_on_demand(tmp_path, normalised):
    ocds_import(paths=[jsonl(tmp_path, [release(2), release(1)])])

    versioned = versioned_release("ocds-x-1")

    assert [v["value"] for v in versioned["tender"]["title"]] == ["title 1", "title 2"]
    assert [v["releaseID"] for v in versioned["tender"]["title"]] == ["r1", "r2"]
    assert versioned_release("no-such-ocid") is None


def test_merging_never_touches_the_network(tmp_path, normalised, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    merge.load_schema.cache_clear()
    merge.merger.cache_clear()

    ocds_import(paths=["data/ocds/uk_contractsfinder_release-package_2025-01-23.json"])

    assert CompiledRelease.objects.count() == 94


def test_the_schema_must_be_self_contained(monkeypatch, tmp_path):
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"properties": {"a": {"$ref": "https://example.com/x.json"}}}))
    monkeypatch.setattr(merge, "SCHEMA_PATH", schema)
    merge.load_schema.cache_clear()
    try:
        with pytest.raises(ValueError, match="refers outside itself"):
            merge.load_schema()
    finally:
        merge.load_schema.cache_clear()


def test_an_upload_runs_as_a_background_job(tmp_path, settings, superuser, normalised):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = b"\n".join(orjson.dumps(r) for r in [release(1), release(2), {"id": 1}])
    upload = SimpleUploadedFile("releases.jsonl", data, "application/json")

    job = import_job_start(
        importer="ocds", upload=upload, description="OCDS import", user=superuser
    )
    run_import_job.call(str(job.pk))

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.kind == "import:ocds"
    assert job.progress_done == 3
    assert job.report["new"] == 2 and job.report["rejected"] == 1
    assert job.report["rejects"][0]["source"] == "releases.jsonl"  # never the server's path
    record = OCDSImport.objects.get()
    assert record.job_id == job.pk and record.created_by == superuser


def test_an_unreadable_upload_fails_the_job_with_a_readable_error(tmp_path, settings, superuser):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile("notes.txt", b"hello", "text/plain")

    job = import_job_start(
        importer="ocds", upload=upload, description="OCDS import", user=superuser
    )
    run_import_job.call(str(job.pk))

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("notes.txt: not JSON")


def test_worker_processes_read_exactly_what_one_process_reads(tmp_path, normalised, monkeypatch):
    rows = [release(n % 28 + 1, ocid=f"ocds-x-{n % 7}") for n in range(40)]
    rows[5] = b"{broken"
    rows[17] = {"ocid": "o", "id": "1"}
    path = jsonl(tmp_path, rows)
    alone = ocds_import(paths=[path], workers=1, dry_run=True).as_dict()
    monkeypatch.setattr(workers, "PARALLEL_AFTER_LINES", 4)
    monkeypatch.setattr(workers, "LINES_PER_CHUNK", 3)

    report = ocds_import(paths=[path], workers=2, batch_size=5)

    together = report.as_dict()
    for key in ("releases_read", "new", "unchanged", "replaced", "rejected", "rejects"):
        assert together[key] == alone[key], key
    assert [r["line"] for r in report.rejects] == [6, 18]
    assert Release.objects.count() == report.new
    sources = (
        Release.objects.filter(ocid="ocds-x-0").order_by("pk").values_list("source", flat=True)
    )
    assert [int(s.rsplit(" ", 1)[1]) for s in sources] == sorted(
        int(s.rsplit(" ", 1)[1]) for s in sources
    )
