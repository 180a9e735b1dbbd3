"""Paths of the real survey files bundled in data/csps/, and a small spreadsheet maker."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

DATA = Path(__file__).resolve().parents[3] / "data" / "csps"
CSPS_2024 = str(DATA / "Civil_Service_People_Survey_2024_Benchmark_Results.ods")
CSPS_2022 = str(DATA / "Civil_Service_People_Survey_2022_Benchmark_Results.ods")
CSPS_2020 = str(DATA / "Civil_Service_People_Survey_2020-_All_organisation_scores.ods")
CSPS_2019 = str(DATA / "Civil-Service-People-Survey-2019-All-Organisation-Scores-CSV-format.csv")


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An XLSX file with the given sheets (rows of cells)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
