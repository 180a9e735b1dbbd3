"""Read the published Civil Service People Survey results tables (pure Python, no Django).

Formats (all real, see data/csps/README.md):

* 2021–2024 "Benchmark Results" ODS: sheet ``Table_3`` "Mean scores by organisation"; the
  header row is the one whose first cell is ``Organisation``; header cells are
  ``CODE\\nlabel`` (2024), ``CODE.\\nlabel`` (2023) or ``code. label`` (2021–22); values
  0–100; ``[c]`` suppressed, ``[z]`` not asked.
* 2020 ODS: ``Table_1`` (index and themes) and ``Table_2`` (questions), one row per
  organisation with an ``Organisation code`` column; proportions 0–1.
* 2009–2019 CSV: one row per organisation, ``Organisation code`` column, values like ``"63%"``.

Spreadsheets are read with python-calamine (a maintained ODS/XLSX reader).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from python_calamine import CalamineError, CalamineWorkbook

from smarterstate.core.importing import cp1252_warning
from smarterstate.core.text_encoding import NotText, decode_text

from .harmonise import Measure, harmonise, measure_id

BENCHMARK_CODES = ("CS_MEDIAN", "CS_MEAN")
SUPPRESSED, NOT_ASKED = "[c]", "[z]"
# Columns that describe the row rather than hold a score.
ROW_COLUMNS = {
    "organisation": "code",
    "organisation code": "code",
    "organisation name": "name",
    "department group": "group",
    "departmental group": "group",
    "organisation notes": "notes",
    "notes": "notes",
}
CODE_THEN_LABEL = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)\.?\s*\n\s*(.+)$", re.S)  # 2023–24
CODE_DOT_LABEL = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)\.\s+(.+)$", re.S)  # 2021–22
CODE_ALONE = re.compile(r"^(?:[A-Za-z]{1,3}\d{1,3}[A-Za-z0-9_]*|EES|ees)$")  # 2009–2020
YEAR_IN_TEXT = re.compile(r"people survey[ ,-]*((?:20)\d\d)", re.I)
YEAR_IN_NAME = re.compile(r"(20\d\d)")


class SurveyFileError(Exception):
    """The file is not a survey results file we can read; nothing is stored."""


@dataclass
class Column:
    index: int
    header: str
    code: str
    label: str
    measure: Measure | None
    response: str = ""

    @property
    def measure_id(self) -> str | None:
        return measure_id(self.measure, self.response) if self.measure else None


@dataclass
class Row:
    sheet: str
    row: int  # 1-based, as a spreadsheet program numbers rows
    code: str
    name: str
    group: str
    cells: dict[int, Any]  # column index → raw cell


@dataclass
class Cell:
    value: float | None
    status: str  # value, suppressed, not-asked


@dataclass
class Table:
    year: int
    scale: float  # multiply published values by this to get 0–100
    format: str
    sheets: list[str]
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def recognised(self) -> list[Column]:
        return [c for c in self.columns if c.measure is not None]

    @property
    def unrecognised(self) -> list[Column]:
        return [c for c in self.columns if c.measure is None]


def split_header(text: str) -> tuple[str, str]:
    """(code, label) of a header cell in any of the published styles; code may be ""."""
    text = str(text).replace("\r\n", "\n").strip()
    for pattern in (CODE_THEN_LABEL, CODE_DOT_LABEL):
        match = pattern.match(text)
        if match:
            return match.group(1), " ".join(match.group(2).split())
    if CODE_ALONE.match(text):
        return text, ""
    return "", " ".join(text.split())


def parse_cell(raw: Any, scale: float) -> Cell | None:
    """A published cell as a 0–100 value or a status; None when empty; ValueError when bad."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a score")
    if isinstance(raw, int | float):
        return Cell(round(float(raw) * scale, 6), "value")
    text = str(raw).strip()
    if text == "":
        return None
    if text.lower() == SUPPRESSED:
        return Cell(None, "suppressed")
    if text.lower() == NOT_ASKED:
        return Cell(None, "not-asked")
    percent = text.endswith("%")
    try:
        number = float(text.rstrip("%").replace(",", "").strip())
    except ValueError:
        raise ValueError(f"{text[:40]!r} is not a score, [c] or [z]") from None
    return Cell(round(number if percent else number * scale, 6), "value")


def _year(year: int | None, texts: list[str], filename: str) -> int:
    if year:
        return year
    for text in texts:
        match = YEAR_IN_TEXT.search(text)
        if match:
            return int(match.group(1))
    match = YEAR_IN_NAME.search(filename)
    if match:
        return int(match.group(1))
    raise SurveyFileError(f"{filename}: cannot tell the survey year; give it with --year")


def _columns(header: list[Any], year: int) -> tuple[dict[str, int], list[Column]]:
    row_columns: dict[str, int] = {}
    columns: list[Column] = []
    # Where a separate "Organisation code" column exists (2009–2020), "Organisation" is the name.
    has_code_column = any(str(c or "").strip().lower() == "organisation code" for c in header)
    for index, cell in enumerate(header):
        text = str(cell or "").strip()
        if not text:
            continue
        role = ROW_COLUMNS.get(text.lower())
        if has_code_column and text.lower() == "organisation":
            role = "name"
        if role and role not in row_columns:
            row_columns[role] = index
            continue
        code, label = split_header(text)
        measure, response = harmonise(year, code, label)
        columns.append(Column(index, text, code, label, measure, response))
    return row_columns, columns


def _rows(sheet: str, rows: list[list[Any]], start: int, roles: dict[str, int]) -> Iterator[Row]:
    code_at = roles["code"]
    for number, values in enumerate(rows[start:], start=start + 1):
        code = str(values[code_at] if code_at < len(values) else "").strip()
        if not code:
            continue
        yield Row(
            sheet=sheet,
            row=number,
            code=code,
            name=str(values[roles["name"]]).strip() if "name" in roles else code,
            group=str(values[roles["group"]]).strip() if "group" in roles else "",
            cells=dict(enumerate(values)),
        )


def _workbook(data: bytes, filename: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise SurveyFileError(
            f"{filename}: not a spreadsheet (ODS or XLSX) nor a CSV of survey results ({exc})"
        ) from exc


def _sheet_rows(workbook: CalamineWorkbook, name: str) -> list[list[Any]]:
    return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)


def _benchmark_table(workbook: CalamineWorkbook, filename: str, year: int | None) -> Table:
    rows = _sheet_rows(workbook, "Table_3")
    header_at = next(
        (i for i, r in enumerate(rows) if r and str(r[0]).strip() == "Organisation"), None
    )
    if header_at is None:
        raise SurveyFileError(
            f"{filename}, sheet Table_3: no header row whose first cell is 'Organisation' "
            "(is this a CSPS benchmark results file?)"
        )
    notes = [str(r[0]) for r in rows[:header_at] if r]
    year = _year(year, notes, filename)
    roles, columns = _columns(rows[header_at], year)
    table = Table(year=year, scale=1.0, format="benchmark-ods", sheets=["Table_3"])
    table.columns = columns
    table.rows = list(_rows("Table_3", rows, header_at + 1, roles))
    return table


def _table_2020(workbook: CalamineWorkbook, filename: str, year: int | None) -> Table:
    """Two sheets of one row per organisation, proportions 0–1: joined on the code."""
    texts = []
    if "Contents" in workbook.sheet_names:
        texts = [str(r[0]) for r in _sheet_rows(workbook, "Contents")[:3] if r]
    year = _year(year, texts, filename)
    table = Table(year=year, scale=100.0, format="results-ods-2020", sheets=[])
    offset = 0
    merged: dict[str, Row] = {}
    for sheet in ("Table_1", "Table_2"):
        rows = _sheet_rows(workbook, sheet)
        header_at = next(
            (
                i
                for i, r in enumerate(rows)
                if any(str(c).strip() == "Organisation code" for c in r)
            ),
            None,
        )
        if header_at is None:
            raise SurveyFileError(f"{filename}, sheet {sheet}: no 'Organisation code' header")
        roles, columns = _columns(rows[header_at], year)
        table.sheets.append(sheet)
        for column in columns:
            column.index += offset
        table.columns += columns
        for row in _rows(sheet, rows, header_at + 1, roles):
            shifted = {i + offset: v for i, v in row.cells.items()}
            if row.code in merged:
                merged[row.code].cells.update(shifted)
            else:
                row.cells = shifted
                merged[row.code] = row
        offset += max((len(r) for r in rows), default=0)
    table.rows = list(merged.values())
    return table


def _csv_table(data: bytes, filename: str, year: int | None) -> Table:
    try:  # Excel's plain "CSV" is Windows-1252: read, with a warning in the import's report
        text = decode_text(data, filename, on_cp1252=cp1252_warning(filename))
    except NotText as exc:
        raise SurveyFileError(f"neither a spreadsheet nor a CSV file: {exc}") from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise SurveyFileError(f"{filename}: the file is empty") from None
    except csv.Error as exc:  # a field past the CSV reader's own limit (128 KiB), say
        raise SurveyFileError(f"{filename}, line {reader.line_num}: {exc}") from None
    if "organisation code" not in {h.strip().lower() for h in header}:
        raise SurveyFileError(
            f"{filename}, line 1: no 'Organisation code' column (is this a CSPS results file?)"
        )
    year = _year(year, [], filename)
    roles, columns = _columns(header, year)
    table = Table(year=year, scale=1.0, format="results-csv", sheets=["csv"])
    table.columns = columns
    try:
        table.rows = list(_rows("csv", [header, *reader], 1, roles))
    except csv.Error as exc:
        raise SurveyFileError(f"{filename}, line {reader.line_num}: {exc}") from None
    return table


def read_table(stream: IO[bytes], filename: str, *, year: int | None = None) -> Table:
    """The whole results table of one file (a few hundred kilobytes; read at once)."""
    data = stream.read()
    if not data:
        raise SurveyFileError(f"{filename}: the file is empty")
    if data[:2] == b"PK":  # ODS and XLSX are zip files
        workbook = _workbook(data, filename)
        sheets = workbook.sheet_names
        if "Table_3" in sheets:
            return _benchmark_table(workbook, filename, year)
        if "Table_1" in sheets and "Table_2" in sheets:
            return _table_2020(workbook, filename, year)
        raise SurveyFileError(
            f"{filename}: no sheet Table_3 (found {', '.join(sheets)}); "
            "expected a CSPS benchmark results file"
        )
    if b"\x00" in data[:4096]:
        raise SurveyFileError(f"{filename}: not a spreadsheet (ODS or XLSX) nor a CSV")
    return _csv_table(data, filename, year)
