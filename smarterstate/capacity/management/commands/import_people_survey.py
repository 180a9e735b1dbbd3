from smarterstate.core.management.base import ImportCommand

from ...importers.people_survey import PeopleSurveyImporter


class Command(ImportCommand):
    help = (
        "Import Civil Service People Survey results (2021–2024 benchmark ODS, 2020 ODS, 2009–2019 "
        "CSV). Values are stored against harmonised measure ids; re-importing changes nothing."
    )
    accepts_stdin = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--year", type=int, help="Survey year, when the file does not say (e.g. 2019)."
        )

    def get_importer(self, options):
        return PeopleSurveyImporter(year=options.get("year"))

    def json_report(self, report) -> dict:
        """The standard report, with this import's facts at the top level.

        ``rejected`` lists each rejected cell or row (sheet, row, column, reason);
        ``rejected_records`` counts rejected rows as every import does.
        """
        data = report.as_dict()
        extra = data.pop("extra", {})
        rows = [
            {
                "sheet": r["source"].rsplit("[", 1)[-1].rstrip("]"),
                "row": r["line"],
                "column": r["field"],
                "reason": r["reason"],
            }  # fmt: skip
            for r in data.pop("rejects", [])
        ]
        data["rejected_records"] = data.pop("rejected")
        data["rejected"] = rows + extra.pop("cell_rejects", [])
        return {**data, **extra}

    def print_summary(self, console, report) -> None:
        extra = report.extra
        report.extra = {
            "year": extra.get("year"),
            "organisations (rows)": extra.get("organisations"),
            "measures recognised": extra.get("measures"),
            "columns not recognised": len(extra.get("unrecognised_columns", [])),
            "cells rejected": len(extra.get("cell_rejects", [])),
            "organisations not mapped": len(extra.get("unmapped_organisations", [])),
        }
        try:
            super().print_summary(console, report)
        finally:
            report.extra = extra
        for reject in extra.get("cell_rejects", [])[:50]:
            console.print(
                f"[red]rejected[/red] sheet {reject['sheet']}, row {reject['row']}, "
                f"column {reject['column']}: {reject['reason']}"
            )
        for column in extra.get("unrecognised_columns", [])[:50]:
            console.print(f"[yellow]not recognised[/yellow] column {column!r} (not stored)")
        unmapped = extra.get("unmapped_organisations", [])
        if unmapped:
            console.print(
                f"{len(unmapped)} survey organisation(s) are not mapped to a platform organisation: "
                + ", ".join(u["code"] for u in unmapped[:30])
                + (" …" if len(unmapped) > 30 else "")
                + " (map them on the people survey mapping page)."
            )
