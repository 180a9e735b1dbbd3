"""CSV and XLSX downloads for any list page, with the same filters as the page.

A list view builds its queryset (already filtered and authorized), describes
its columns once, and hands both to ``export_response`` when the request asks
for ``?format=csv`` or ``?format=xlsx``. Rows stream, so large lists do not sit
in memory as one string.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")
# Cells starting with these are read as formulas by spreadsheet programs
# (CSV injection); prefix them with an apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[Any], Any] | str

    def get(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        value: Any = row
        for part in self.value.split("."):
            value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
            if value is None:
                return None
        return value() if callable(value) else value


def requested_format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format", "").lower()
    return fmt if fmt in FORMATS else None


def export_links(request: HttpRequest) -> list[dict[str, str]]:
    """Links to the current page's downloads, keeping its filters."""
    links = []
    for fmt in FORMATS:
        query = request.GET.copy()
        query["format"] = fmt
        query.pop("page", None)
        links.append({"format": fmt.upper(), "href": f"?{query.urlencode()}"})
    return links


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # Spreadsheets have no time zones: show the local time the pages show, to the second.
        if value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if hasattr(value, "label") and hasattr(value, "value"):  # Choices members
        return str(value.label)
    if isinstance(value, (int, float, dt.date, dt.datetime)):
        return value
    return str(value)


def _safe_text(value: Any) -> Any:
    # Spreadsheets fold compatibility forms (fullwidth ＝ ＋ － ＠, small ﹦…) into the ASCII
    # ones, so the start is judged after NFKC normalisation; the text itself is kept as is.
    if isinstance(value, str) and unicodedata.normalize("NFKC", value[:4]).startswith(
        FORMULA_PREFIXES
    ):
        return "'" + value
    return value


def table_rows(rows: Iterable[Any], columns: list[Column]) -> Iterator[list[Any]]:
    for row in rows:
        yield [_safe_text(_cell(column.get(row))) for column in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    rows: Iterable[Any], columns: list[Column], filename: str
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # BOM so Excel opens UTF-8 correctly
        yield writer.writerow([column.heading for column in columns])
        for values in table_rows(rows, columns):
            yield writer.writerow(values)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows: Iterable[Any], columns: list[Column], filename: str) -> FileResponse:
    from openpyxl import Workbook

    # write_only mode streams rows to a temporary file rather than building the sheet in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31] or "export")
    sheet.append([column.heading for column in columns])
    for values in table_rows(rows, columns):
        sheet.append(values)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export_response(request: HttpRequest, rows: Iterable[Any], columns: list[Column], name: str):
    """The download the request asks for, or None when it asks for the HTML page."""
    fmt = requested_format(request)
    if fmt is None:
        return None
    filename = f"{slugify(name)}-{dt.date.today().isoformat()}"
    if hasattr(rows, "iterator"):
        rows = rows.iterator(chunk_size=2000)
    if fmt == "csv":
        return csv_response(rows, columns, filename)
    return xlsx_response(rows, columns, filename)
