"""The shared import machinery (core/importing.py) with a small importer of its own."""

from __future__ import annotations

import gzip
import io
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smarterstate.core import importing
from smarterstate.core.importing import (
    Importer,
    ImportReport,
    InputUnreadable,
    Position,
    Record,
    RecordRejected,
    csv_records,
    open_input,
    parse_date,
    run_import,
)
from smarterstate.core.tests.helpers import csv_bytes
from smarterstate.organisations.models import Organisation


def _records(data: bytes, required=("a", "b")):
    return list(csv_records(io.BytesIO(data), "in.csv", required=required))


# --- reading ---------------------------------------------------------------------------------


def test_csv_records_give_stripped_values_with_line_numbers():
    data = "\ufeffa, b \n 1 ,2\n\n3,4\n".encode()
    records = _records(data)
    assert [(r.position.line, r.data) for r in records] == [
        (2, {"a": "1", "b": "2"}),
        (4, {"a": "3", "b": "4"}),
    ]
    assert str(records[1].position) == "in.csv, line 4"


def test_csv_records_count_lines_inside_quoted_newlines():
    data = b'a,b\n"two\nlines",x\nnext,y\n'
    assert [r.position.line for r in _records(data)] == [3, 4]


def test_csv_records_give_short_rows_empty_strings_not_none():
    records = _records(b"a,b,c\n1\n", required=("a",))
    assert records[0].data == {"a": "1", "b": "", "c": ""}


def test_it_rejects_a_file_missing_required_columns_naming_file_and_columns():
    with pytest.raises(InputUnreadable) as caught:
        _records(b"a,c\n1,2\n", required=("a", "b", "d"))
    message = str(caught.value)
    assert message.startswith("in.csv, line 1: missing column(s) b, d")
    assert "found a, c" in message


def test_it_rejects_an_empty_file_as_missing_every_column():
    with pytest.raises(InputUnreadable, match="missing column.*found none"):
        _records(b"")


def test_it_rejects_a_file_that_is_not_utf8():
    # 0x90 is no character in UTF-8 nor in Windows-1252 (which Excel's plain CSV is in).
    with pytest.raises(InputUnreadable, match="in.csv.*not UTF-8"):
        _records(b"a,b\nCaf\x90,1\n")


def test_it_reports_the_line_of_a_broken_csv_row():
    with pytest.raises(InputUnreadable, match="in.csv, line 2"):
        _records(b"a,b\n" + b"x" * 200_000 + b",1\n")


def test_open_input_undoes_gzip_by_looking_at_the_bytes(tmp_path):
    path = tmp_path / "orgs.csv.txt"  # the name does not say gzip: the bytes do
    path.write_bytes(gzip.compress(b"a,b\n1,2\n"))
    stream, name = open_input(str(path))
    with stream:
        assert stream.read() == b"a,b\n1,2\n"
    assert name == str(path)


def test_open_input_reads_plain_files_as_they_are(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_bytes(b"a,b\n")
    stream, _name = open_input(str(path))
    with stream:
        assert stream.read() == b"a,b\n"


def test_open_input_reads_stdin_for_a_dash(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(b"x,y\n"))))
    stream, name = open_input("-")
    assert name == "<stdin>"
    assert stream.read() == b"x,y\n"


def test_open_input_reports_a_missing_file(tmp_path):
    with pytest.raises(InputUnreadable, match="missing.csv: cannot open"):
        open_input(str(tmp_path / "missing.csv"))


def test_parse_date_rejects_a_record_with_a_bad_date():
    assert parse_date("2025-03-31", "due").isoformat() == "2025-03-31"
    with pytest.raises(RecordRejected) as caught:
        parse_date("31/03/2025", "due")
    assert caught.value.field == "due"
    assert "YYYY-MM-DD" in caught.value.reason


# --- the report ------------------------------------------------------------------------------


def test_report_counts_each_outcome_and_refuses_unknown_ones():
    report = ImportReport()
    for outcome in ("created", "created", "updated", "unchanged"):
        report.count(outcome)
    report.reject(Position("f.csv", line=7), "bad", "type")
    assert (report.created, report.updated, report.unchanged, report.stored) == (2, 1, 1, 4)
    assert report.as_dict()["rejects"] == [
        {"source": "f.csv", "line": 7, "offset": None, "reason": "bad", "field": "type"}
    ]
    with pytest.raises(ValueError, match="unknown outcome"):
        report.count("deleted")


def test_report_keeps_a_bounded_number_of_rejects_but_counts_them_all(monkeypatch):
    monkeypatch.setattr(importing, "MAX_REJECTS_KEPT", 3)
    report = ImportReport()
    for line in range(5):
        report.reject(Position("f.csv", line=line), "bad")
    assert report.rejected == 5
    assert [r.line for r in report.rejects] == [0, 1, 2]


# --- run_import ------------------------------------------------------------------------------


class OrgNamesImporter(Importer):
    """One organisation per row (columns slug,name); a row named "boom" fails after writing."""

    name = "org names"

    def __init__(self):
        self.finished_with = None

    def records(self, stream, source):
        return csv_records(stream, source, required=("slug", "name"))

    def store(self, record: Record) -> str:
        org, created = Organisation.objects.get_or_create(
            slug=record.data["slug"], defaults={"name": record.data["name"]}
        )
        if record.data["name"] == "boom":
            raise RecordRejected("boom is not a name", field="name")
        if created:
            return "created"
        if org.name == record.data["name"]:
            return "unchanged"
        org.name = record.data["name"]
        org.save()
        return "updated"

    def finish(self, report):
        self.finished_with = report.read


@pytest.fixture
def names_file(tmp_path):
    path = tmp_path / "names.csv"
    path.write_bytes(
        csv_bytes(
            [["slug", "name"], ["a", "A"], ["b", "B"], ["bad", "boom"], ["a", "A2"], ["b", "B"]]
        )
    )
    return str(path)


@pytest.mark.django_db
def test_run_import_counts_every_record_once_and_rolls_back_only_bad_ones(names_file):
    importer = OrgNamesImporter()
    report = run_import(importer, [names_file])

    assert (report.read, report.created, report.updated, report.unchanged, report.rejected) == (
        5,
        2,
        1,
        1,
        1,
    )
    assert report.read == report.stored + report.rejected
    assert report.files == [names_file]
    assert (report.rejects[0].line, report.rejects[0].field) == (4, "name")
    # The rejected record's own write was rolled back; the others were kept.
    assert sorted(Organisation.objects.values_list("slug", "name")) == [("a", "A2"), ("b", "B")]
    assert importer.finished_with == 5


@pytest.mark.django_db
def test_run_import_dry_run_reports_real_counts_and_stores_nothing(names_file):
    report = run_import(OrgNamesImporter(), [names_file], dry_run=True)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 1, 1, 1)
    assert report.dry_run is True
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_run_import_calls_progress_as_it_goes_and_at_the_end(names_file):
    seen = []
    run_import(
        OrgNamesImporter(),
        [names_file],
        progress=lambda report, _total: seen.append(report.read),
        progress_every=2,
    )
    assert seen == [2, 4, 5]


@pytest.mark.django_db
def test_run_import_reads_several_files_in_turn(names_file, tmp_path):
    other = tmp_path / "more.csv.gz"
    other.write_bytes(gzip.compress(csv_bytes([["slug", "name"], ["c", "C"]])))
    report = run_import(OrgNamesImporter(), [names_file, str(other)])
    assert report.files == [names_file, str(other)]
    assert report.read == 6
    assert Organisation.objects.filter(slug="c").exists()


@pytest.mark.django_db
def test_run_import_reports_a_corrupt_gzip_as_unreadable(tmp_path):
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(gzip.compress(csv_bytes([["slug", "name"]] + [["x", "y"]] * 200))[:40])
    with pytest.raises(InputUnreadable, match="cut.csv.gz"):
        run_import(OrgNamesImporter(), [str(path)])


@pytest.mark.django_db
def test_run_import_can_show_other_names_for_its_files(names_file):
    report = run_import(OrgNamesImporter(), [names_file], display_names={names_file: "names.csv"})
    assert report.files == ["names.csv"]
    assert report.rejects[0].source == "names.csv"


class BufferedNamesImporter(Importer):
    """Checks and keeps names in memory, writing nothing per record (as training records do)."""

    name = "buffered names"
    savepoint_per_record = False
    progress_every = 2

    def __init__(self):
        self.kept: list[str] = []

    def records(self, stream, source):
        return csv_records(stream, source, required=("slug", "name"))

    def store(self, record: Record) -> str:
        if record.data["name"] == "boom":
            raise RecordRejected("boom is not a name", field="name")
        self.kept.append(record.data["slug"])
        return "created"


def _savepoints(queries) -> int:
    return sum(1 for query in queries if query["sql"].upper().startswith("SAVEPOINT"))


@pytest.mark.django_db
def test_run_import_stores_each_record_in_its_own_savepoint_by_default(names_file):
    class WithSavepoints(BufferedNamesImporter):
        savepoint_per_record = True

    with CaptureQueriesContext(connection) as captured:
        report = run_import(WithSavepoints(), [names_file])
    assert (report.read, report.rejected) == (5, 1)
    assert _savepoints(captured.captured_queries) == 5


@pytest.mark.django_db
def test_run_import_makes_no_savepoints_for_an_importer_that_turns_them_off(names_file, tmp_path):
    nul = tmp_path / "nul.csv"
    nul.write_bytes(csv_bytes([["slug", "name"], ["n", "N\x00"]]))
    importer = BufferedNamesImporter()
    with CaptureQueriesContext(connection) as captured:
        report = run_import(importer, [names_file, str(nul)])
    assert _savepoints(captured.captured_queries) == 0
    # Counting, rejects and the NUL check work as with savepoints.
    assert (report.read, report.created, report.rejected) == (6, 4, 2)
    assert report.read == report.stored + report.rejected
    assert [(r.line, r.field) for r in report.rejects] == [(4, "name"), (2, "name")]
    assert importer.kept == ["a", "b", "a", "b"]


@pytest.mark.django_db
def test_run_import_calls_progress_at_the_importers_interval(names_file):
    seen = []
    run_import(
        BufferedNamesImporter(), [names_file], progress=lambda report, _: seen.append(report.read)
    )
    assert BufferedNamesImporter.progress_every == 2
    assert seen == [2, 4, 5]


@pytest.mark.django_db
def test_run_import_progress_every_argument_overrides_the_importers(names_file):
    seen = []
    run_import(
        BufferedNamesImporter(),
        [names_file],
        progress=lambda report, _: seen.append(report.read),
        progress_every=3,
    )
    assert seen == [3, 5]


@pytest.mark.django_db
def test_run_import_reports_progress_every_500_records_unless_the_importer_says_otherwise(
    tmp_path,
):
    path = tmp_path / "many.csv"
    path.write_bytes(csv_bytes([["slug", "name"]] + [[f"s{n}", f"N{n}"] for n in range(1001)]))

    class Default(BufferedNamesImporter):
        progress_every = Importer.progress_every

    seen = []
    run_import(Default(), [str(path)], progress=lambda report, _: seen.append(report.read))
    assert seen == [500, 1000, 1001]


def test_it_rejects_a_long_file_with_bad_bytes_further_on():
    data = b"a,b\n" + b"1,2\n" * 5000 + "Café,3\n".encode("latin-1") + b"Caf\x9d,4\n"
    with pytest.raises(InputUnreadable, match="in.csv, line 5003: not UTF-8 or Windows-1252 "
                       "text: the byte 0x9D at byte offset 20,014 "):  # fmt: skip
        _records(data)
