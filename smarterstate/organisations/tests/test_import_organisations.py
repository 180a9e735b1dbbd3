"""`manage.py import_organisations`: the ImportCommand base driving the organisations importer."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from smarterstate.core.tests.helpers import csv_bytes
from smarterstate.organisations.models import Organisation

HEADER = ["name", "slug", "type", "parent_slug"]
GOOD_ROWS = [
    HEADER,
    ["Cabinet Office", "cabinet-office", "ministerial-department", ""],
    ["Crown Commercial Service", "crown-commercial-service", "Executive agency", "cabinet-office"],
    ["NHS England", "nhs-england", "nhs-body", ""],
]


@pytest.fixture
def write_csv(tmp_path):
    def write(rows, name="orgs.csv", *, gzipped=False) -> str:
        data = csv_bytes(rows)
        path = tmp_path / name
        path.write_bytes(gzip.compress(data) if gzipped else data)
        return str(path)

    return write


def run(*args, stdout=None, stderr=None) -> dict:
    """Run the command with --json and return the report it prints."""
    out = stdout or io.StringIO()
    call_command(
        "import_organisations", *args, "--json", stdout=out, stderr=stderr or io.StringIO()
    )
    return json.loads(out.getvalue())


def summary(report: dict) -> tuple[int, int, int, int, int]:
    return tuple(report[k] for k in ("read", "created", "updated", "unchanged", "rejected"))


def slugs_and_parents() -> dict[str, str | None]:
    return {org.slug: org.parent.slug if org.parent else None for org in Organisation.objects.all()}


@pytest.mark.django_db
def test_it_creates_organisations_with_their_parents(write_csv):
    report = run(write_csv(GOOD_ROWS))

    assert summary(report) == (3, 3, 0, 0, 0)
    assert report["stored"] == 3
    assert slugs_and_parents() == {
        "cabinet-office": None,
        "crown-commercial-service": "cabinet-office",
        "nhs-england": None,
    }
    ccs = Organisation.objects.get(slug="crown-commercial-service")
    assert ccs.organisation_type == "executive-agency"
    assert ccs.name == "Crown Commercial Service"


@pytest.mark.django_db
def test_it_counts_every_row_read_once(write_csv):
    Organisation.objects.create(name="NHS England", slug="nhs-england", organisation_type="other")
    Organisation.objects.create(
        name="Cabinet Office", slug="cabinet-office", organisation_type="ministerial-department"
    )
    rows = [*GOOD_ROWS, ["Broken", "broken", "not-a-type", ""]]

    report = run(write_csv(rows))

    assert summary(report) == (4, 1, 1, 1, 1)
    assert (
        report["read"]
        == report["created"] + report["updated"] + report["unchanged"] + (report["rejected"])
    )


@pytest.mark.django_db
def test_it_rejects_row_with_bad_type_giving_file_line_and_reason(write_csv):
    path = write_csv([*GOOD_ROWS, ["Broken Body", "broken", "quango", ""]])

    report = run(path)

    assert report["rejected"] == 1
    assert report["rejects"] == [
        {
            "source": path,
            "line": 5,
            "offset": None,
            "field": "type",
            "reason": report["rejects"][0]["reason"],
        }
    ]
    assert "'quango' is not one of" in report["rejects"][0]["reason"]
    assert not Organisation.objects.filter(slug="broken").exists()
    assert Organisation.objects.count() == 3


@pytest.mark.django_db
def test_it_rejects_row_with_unknown_parent_slug(write_csv):
    path = write_csv([HEADER, ["Lost Agency", "lost-agency", "executive-agency", "no-such-dept"]])

    report = run(path)

    assert summary(report) == (1, 0, 0, 0, 1)
    reject = report["rejects"][0]
    assert (reject["source"], reject["line"], reject["field"]) == (path, 2, "parent_slug")
    assert "'no-such-dept' is not a known organisation" in reject["reason"]


@pytest.mark.django_db
def test_it_rejects_row_without_slug(write_csv):
    report = run(write_csv([HEADER, ["No Slug Body", "", "other", ""], *GOOD_ROWS[1:2]]))

    assert summary(report) == (2, 1, 0, 0, 1)
    reject = report["rejects"][0]
    assert (reject["line"], reject["field"]) == (2, "slug")
    assert "slug" in reject["reason"]
    assert not Organisation.objects.filter(name="No Slug Body").exists()


@pytest.mark.django_db
def test_it_rejects_row_whose_name_belongs_to_another_organisation(write_csv):
    Organisation.objects.create(name="Cabinet Office", slug="old-cabinet-office")
    report = run(write_csv(GOOD_ROWS[:2]))
    assert report["rejects"][0]["field"] == "name"
    assert "already exists" in report["rejects"][0]["reason"]


@pytest.mark.django_db
def test_it_rejects_a_short_row_rather_than_failing(write_csv):
    path = write_csv([HEADER, ["Half a row"]])
    report = run(path)
    assert summary(report) == (1, 0, 0, 0, 1)
    assert report["rejects"][0]["line"] == 2


@pytest.mark.django_db
def test_it_imports_parents_listed_after_their_children(write_csv):
    rows = [
        HEADER,
        ["Grandchild", "grandchild", "other", "child"],
        ["Child", "child", "executive-agency", "root"],
        ["Root", "root", "ministerial-department", ""],
    ]

    report = run(write_csv(rows))

    assert summary(report) == (3, 3, 0, 0, 0)
    assert slugs_and_parents() == {"root": None, "child": "root", "grandchild": "child"}


@pytest.mark.django_db
def test_it_rejects_rows_that_would_make_a_cycle(write_csv):
    run(write_csv([HEADER, ["A", "a", "other", ""], ["B", "b", "other", "a"]], "first.csv"))

    report = run(write_csv([HEADER, ["A", "a", "other", "b"]], "second.csv"))

    assert summary(report) == (1, 0, 0, 0, 1)
    assert report["rejects"][0]["field"] == "parent"
    assert "cannot sit under itself" in report["rejects"][0]["reason"]
    assert slugs_and_parents() == {"a": None, "b": "a"}


@pytest.mark.django_db
def test_it_rejects_an_organisation_that_names_itself_as_parent(write_csv):
    run(write_csv(GOOD_ROWS[:2]))
    report = run(
        write_csv([HEADER, ["Cabinet Office", "cabinet-office", "other", "cabinet-office"]])
    )
    assert report["rejected"] == 1
    assert Organisation.objects.get(slug="cabinet-office").parent is None


@pytest.mark.django_db
def test_running_the_same_file_again_changes_nothing(write_csv):
    path = write_csv(GOOD_ROWS)
    run(path)
    before = {org.slug: org.updated_at for org in Organisation.objects.all()}

    report = run(path)

    assert summary(report) == (3, 0, 0, 3, 0)
    assert {org.slug: org.updated_at for org in Organisation.objects.all()} == before


@pytest.mark.django_db
def test_it_updates_changed_rows(write_csv):
    run(write_csv(GOOD_ROWS))
    rows = [HEADER, ["NHS England", "nhs-england", "other", "cabinet-office"]]

    report = run(write_csv(rows, "changed.csv"))

    assert summary(report) == (1, 0, 1, 0, 0)
    nhs = Organisation.objects.get(slug="nhs-england")
    assert (nhs.organisation_type, nhs.parent.slug) == ("other", "cabinet-office")


@pytest.mark.django_db
def test_dry_run_stores_nothing_but_reports_real_counts(write_csv):
    Organisation.objects.create(name="NHS England", slug="nhs-england", organisation_type="other")
    rows = [*GOOD_ROWS, ["Bad", "bad", "nope", ""]]

    report = run(write_csv(rows), "--dry-run")

    assert report["dry_run"] is True
    assert summary(report) == (4, 2, 1, 0, 1)
    assert slugs_and_parents() == {"nhs-england": None}
    assert Organisation.objects.get(slug="nhs-england").organisation_type == "other"


@pytest.mark.django_db
def test_json_prints_exactly_one_object_with_counts_and_rejects(write_csv):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_organisations",
        write_csv([*GOOD_ROWS, ["X", "x", "bad", ""]]),
        "--json",
        stdout=out,
        stderr=err,
    )

    text = out.getvalue().strip()
    report, end = json.JSONDecoder().raw_decode(text)
    assert end == len(text)  # nothing but the one object
    assert {"read", "created", "updated", "unchanged", "rejected", "rejects", "files"} <= set(
        report
    )
    assert report["rejects"][0]["line"] == 5


@pytest.mark.django_db
def test_it_prints_a_readable_summary_without_json(write_csv):
    out = io.StringIO()
    path = write_csv([*GOOD_ROWS, ["X", "x", "bad", ""]])
    call_command("import_organisations", path, "--dry-run", stdout=out, stderr=io.StringIO())

    text = " ".join(out.getvalue().split())
    assert "Import report (dry run: nothing stored)" in text
    assert "│ created │ 3 │" in text
    assert "│ rejected │ 1 │" in text
    assert f"rejected {path}:5: type 'bad'" in text
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_missing_required_column_fails_the_command_naming_file_and_column(write_csv):
    path = write_csv([["name", "type"], ["Cabinet Office", "other"]])

    with pytest.raises(CommandError) as caught:
        call_command("import_organisations", path, stdout=io.StringIO(), stderr=io.StringIO())

    assert path in str(caught.value)
    assert "missing column(s) slug" in str(caught.value)
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_missing_required_column_with_json_prints_the_error_as_json(write_csv):
    path = write_csv([["name"], ["x"]])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_organisations", path, "--json", stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue()) == {
        "error": f"{path}, line 1: missing column(s) slug, type; found name"
    }


def test_missing_required_column_exits_non_zero(write_csv, tmp_path):
    # Through the real command line, as a script would run it.
    path = write_csv([["name"], ["x"]])
    manage = Path(__file__).resolve().parents[3] / "manage.py"
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(manage), "import_organisations", path, "--skip-checks"],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert f"{path}, line 1: missing column(s) slug, type" in result.stderr


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_fails_the_command(write_csv, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"name,slug,type\nCaf\x81 Body,cafe,other\n")  # 0x81: no cp1252 character
    with pytest.raises(CommandError, match="latin1.csv.*not UTF-8"):
        call_command("import_organisations", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_it_reads_a_gzip_file_whatever_its_name(write_csv):
    report = run(write_csv(GOOD_ROWS, "orgs.csv", gzipped=True))
    assert report["created"] == 3


@pytest.mark.django_db
def test_it_reads_stdin_for_a_dash(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(csv_bytes(GOOD_ROWS))))
    report = run("-")
    assert report["files"] == ["<stdin>"]
    assert report["created"] == 3


@pytest.mark.django_db
def test_it_reads_gzip_from_stdin(monkeypatch):
    data = gzip.compress(csv_bytes(GOOD_ROWS))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert run("-")["created"] == 3


@pytest.mark.django_db
def test_it_reads_a_utf8_file_with_a_bom_and_accented_names(write_csv, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + csv_bytes([HEADER, ["Comhairle nan Eilean Siar é", "cnes", "local authority", ""]])
    )
    assert run(str(path))["created"] == 1
    org = Organisation.objects.get(slug="cnes")
    assert (org.name, org.organisation_type) == ("Comhairle nan Eilean Siar é", "local-authority")


@pytest.mark.django_db
def test_it_rejects_a_row_with_a_nul_character_on_any_database(write_csv):
    rows = [
        *GOOD_ROWS[:2],
        ["Null\x00Body", "null-body", "other", ""],
        ["Other", "a\x00b", "other", ""],
    ]
    report = run(write_csv(rows))
    assert summary(report) == (3, 1, 0, 0, 2)
    assert [(r["line"], r["field"]) for r in report["rejects"]] == [(3, "name"), (4, "slug")]
    assert "NUL" in report["rejects"][0]["reason"]


@pytest.mark.django_db
def test_it_rejects_a_nul_character_in_parent_slug_with_its_line(write_csv):
    rows = [
        *GOOD_ROWS[:2],
        ["Null Parent", "null-parent", "other", "cabinet\x00office"],
        ["NHS England", "nhs-england", "nhs-body", ""],
    ]
    report = run(write_csv(rows))
    assert summary(report) == (3, 2, 0, 0, 1)
    reject = report["rejects"][0]
    assert (reject["line"], reject["field"]) == (3, "parent_slug")
    assert reject["reason"] == "parent_slug contains a NUL character"
    assert not Organisation.objects.filter(slug="null-parent").exists()


@pytest.mark.django_db
def test_a_windows_1252_file_imports_with_a_warning_in_the_summary(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("name,slug,type\nCafé Body £,cafe,other\n".encode("cp1252"))
    out = io.StringIO()
    call_command("import_organisations", str(path), stdout=out, stderr=io.StringIO())
    assert Organisation.objects.get(slug="cafe").name == "Café Body £"
    summary = " ".join(out.getvalue().split())
    assert summary.count("read as Windows-1252") == 1 and "CSV UTF-8" in summary
