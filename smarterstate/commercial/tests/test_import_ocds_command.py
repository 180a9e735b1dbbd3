"""manage.py import_ocds: the CLI conventions (--json, --dry-run, exit codes, stdin, gzip)."""

from __future__ import annotations

import gzip
import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

from smarterstate.commercial.models import CompiledRelease, OCDSImport, Release

pytestmark = pytest.mark.django_db

DATA = "data/ocds"
EVERY_FILE = [
    f"{DATA}/pt_base_release-package_2019-11.json",
    f"{DATA}/uk_contractsfinder_release-package_2025-01-23.json",
    f"{DATA}/uk_contractsfinder_releases_2014-12_ocds1.0.jsonl",
    f"{DATA}/uk_contractsfinder_releases_2025-03.jsonl",
    f"{DATA}/uk_sell2wales_releases_2025-02.jsonl",
]


def run(*args) -> dict:
    out = io.StringIO()
    call_command("import_ocds", *args, "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_it_imports_every_bundled_file_and_prints_one_json_report():
    report = run(*EVERY_FILE)

    assert report["files"] == EVERY_FILE
    assert report["releases_read"] == report["new"] == 401
    assert report["rejected"] == 0 and report["rejects"] == []
    assert report["ocids_compiled"] == 391
    assert set(report) >= {
        "files",
        "releases_read",
        "new",
        "unchanged",
        "replaced",
        "rejected",
        "ocids_compiled",
        "seconds",
        "rejects",
    }
    assert Release.objects.count() == 401 and CompiledRelease.objects.count() == 391
    assert OCDSImport.objects.get().status == "succeeded"


def test_running_it_again_reports_everything_unchanged():
    run(*EVERY_FILE)

    report = run(*EVERY_FILE)

    assert (report["new"], report["unchanged"], report["ocids_compiled"]) == (0, 401, 0)


def test_gzip_and_stdin_are_detected_not_flagged(tmp_path, monkeypatch):
    source = f"{DATA}/uk_sell2wales_releases_2025-02.jsonl"
    with open(source, "rb") as handle:
        compressed = gzip.compress(handle.read())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(compressed)))

    report = run("-")

    assert report["files"] == ["<stdin>"] and report["new"] == 90


def test_the_dry_run_stores_nothing():
    report = run("--dry-run", EVERY_FILE[0])

    assert report["new"] == 100 and report["dry_run"]
    assert not Release.objects.exists() and not OCDSImport.objects.exists()


def test_rejects_are_listed_with_file_line_and_reason(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"ocid": "o", "id": "1"}\n{nope\n')

    report = run(str(path))

    assert report["rejects"] == [
        {"source": str(path), "line": 1, "offset": None, "reason": "missing date"},
        {"source": str(path), "line": 2, "offset": None, "reason": report["rejects"][1]["reason"]},
    ]
    assert report["rejects"][1]["reason"].startswith("malformed JSON")


@pytest.mark.parametrize("content", [None, b"not json at all"])
def test_unreadable_input_is_a_command_error(tmp_path, content):
    path = tmp_path / "input.json"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match="input.json"):
        call_command("import_ocds", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert not Release.objects.exists()


def test_the_summary_table_names_the_counts(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"ocid": "o", "id": "1", "date": "2025-01-01"}\n[1]\n')
    out = io.StringIO()

    call_command("import_ocds", str(path), stdout=out, stderr=io.StringIO())

    text = out.getvalue()
    assert "releases read" in text and "ocids compiled" in text
    assert f"rejected {path}:2: release is a number, not a JSON object" in text
