"""Import a Civil Service People Survey results file (ODS benchmark tables, 2020 ODS, CSV).

One record per organisation row of the table. The whole table is read and checked before
the first record is stored, so a wrong file (not a results file, no ``Table_3``, no
``Organisation`` header) is an error that stores nothing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO

from smarterstate.core.importing import Importer, ImportReport, InputUnreadable, Position, Record
from smarterstate.core.uploads import check_zip, is_zip

from ..csps.reader import BENCHMARK_CODES, SurveyFileError, Table, parse_cell, read_table
from ..models import SurveyImport, SurveyOrganisation, SurveyResult
from ..services.survey import (
    survey_columns_store,
    survey_organisations_auto_map,
    survey_row_store,
)


class PeopleSurveyImporter(Importer):
    name = "people survey rows"
    progress_every = 20
    # The upload policy (core.uploads, docs/uploads.md): the stream refuses a gzip bomb, an
    # endless line or a file past the kind's size as it is read.
    upload_kind = "capacity-people-survey"

    def __init__(self, year: int | None = None, user_id: int | None = None):
        self.year = year
        self.user_id = user_id
        self.table: Table | None = None
        self.source = ""
        self.cell_rejects: list[dict] = []

    def records(self, stream: IO[bytes], source: str) -> Iterator[Record]:
        data = stream.read()  # bounded by the kind's decompressed-size limit
        if is_zip(data[:4]):
            # An ODS (or XLSX) is a zip: refuse one whose parts inflate past the limits
            # before the spreadsheet reader opens it.
            check_zip(io.BytesIO(data), kind=self.upload_kind, source=source)
        try:
            table = read_table(io.BytesIO(data), source, year=self.year)
        except SurveyFileError as exc:
            raise InputUnreadable(str(exc)) from exc
        if not table.recognised:
            raise InputUnreadable(
                f"{source}: no column is a survey measure we know (is this a CSPS results file?)"
            )
        self.table, self.source = table, source
        survey_columns_store(year=table.year, columns=table.recognised)
        for row in table.rows:
            yield Record(Position(f"{source} [{row.sheet}]", line=row.row), row)

    def store(self, record: Record) -> str:
        table = self.table
        if table is None:  # records() reads the whole table before the first record
            raise RuntimeError("store() called before records() read the table")
        outcome, rejects = survey_row_store(
            year=table.year, row=record.data, columns=table.recognised, scale=table.scale
        )
        self.cell_rejects += rejects
        return outcome

    def finish(self, report: ImportReport) -> None:
        table = self.table
        if table is None:
            return
        survey_organisations_auto_map()
        codes = [row.code for row in table.rows]
        unmapped = list(
            SurveyOrganisation.objects.filter(
                code__in=codes, kind="organisation", organisation__isnull=True
            )
            .order_by("code")
            .values("code", "name")
        )
        benchmarks: dict[str, dict[str, float]] = {code: {} for code in BENCHMARK_CODES}
        for row in table.rows:
            if row.code in benchmarks:
                for column in table.recognised:
                    try:
                        cell = parse_cell(row.cells.get(column.index), table.scale)
                    except ValueError:
                        continue
                    measure = column.measure_id  # set on every recognised column
                    if cell is not None and cell.value is not None and measure is not None:
                        benchmarks[row.code][measure] = cell.value
        report.extra.update(
            {
                "year": table.year,
                "format": table.format,
                "organisations": len(table.rows),
                "measures": len(table.recognised),
                "unrecognised_columns": [c.header.split("\n")[0][:80] for c in table.unrecognised],
                "cell_rejects": self.cell_rejects,
                "unmapped_organisations": unmapped,
                "benchmarks": benchmarks,
            }
        )
        SurveyImport.objects.create(
            year=table.year,
            filename=self.source,
            imported_by_id=self.user_id,
            report={
                "organisations": len(table.rows),
                "measures": len(table.recognised),
                "results": SurveyResult.objects.filter(year=table.year).count(),
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": report.rejected + len(self.cell_rejects),
                "unmapped": len(unmapped),
            },
        )
