"""Writes for the people survey: one organisation row of a results table, and mappings."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from smarterstate.organisations.models import Organisation

from ..csps.reader import BENCHMARK_CODES, Column, Row, parse_cell
from ..models import (
    MappingMethod,
    SurveyColumn,
    SurveyOrganisation,
    SurveyOrganisationKind,
    SurveyResult,
)

STOP_WORDS = {"the", "of", "for", "and", "hm", "his", "majestys", "majesty"}


def name_key(name: str) -> str:
    """A loose key for matching names: case, '&' vs 'and', punctuation and filler words ignored."""
    words = re.sub(r"[^a-z0-9 ]+", " ", name.lower().replace("&", " and ")).split()
    return " ".join(w for w in words if w not in STOP_WORDS)


def kind_of(code: str) -> str:
    if code.upper() in BENCHMARK_CODES:
        return SurveyOrganisationKind.BENCHMARK
    if code.upper().endswith("_GROUP"):
        return SurveyOrganisationKind.GROUP
    return SurveyOrganisationKind.ORGANISATION


@transaction.atomic
def survey_columns_store(*, year: int, columns: list[Column]) -> None:
    """Keep what each recognised column was called in this year's file (idempotent)."""
    existing = {c.measure_id: c for c in SurveyColumn.objects.filter(year=year)}
    for column in columns:
        if column.measure_id is None:
            continue
        label = column.label or column.header
        current = existing.get(column.measure_id)
        if current is None:
            current = SurveyColumn(
                year=year, measure_id=column.measure_id, code=column.code, label=label
            )
            current.full_clean()
            current.save()
            existing[column.measure_id] = current
        elif (current.code, current.label) != (column.code, label):
            current.code, current.label = column.code, label
            current.save(update_fields=["code", "label"])


def _survey_organisation(year: int, row: Row) -> tuple[SurveyOrganisation, bool]:
    survey_org = SurveyOrganisation.objects.filter(code=row.code).first()
    if survey_org is None:
        survey_org = SurveyOrganisation(
            code=row.code,
            name=row.name[:300],
            department_group=row.group[:300],
            kind=kind_of(row.code),
            first_year=year,
            last_year=year,
        )
        survey_org.full_clean()
        survey_org.save()
        return survey_org, True
    changes: dict[str, Any] = {}
    if year >= (survey_org.last_year or 0):
        # The latest year's name and group win (organisations are renamed).
        changes.update(name=row.name[:300], department_group=row.group[:300], last_year=year)
    if survey_org.first_year is None or year < survey_org.first_year:
        changes["first_year"] = year
    changed = {k: v for k, v in changes.items() if getattr(survey_org, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(survey_org, key, value)
        survey_org.save(update_fields=list(changed))
    return survey_org, False


@transaction.atomic
def survey_row_store(
    *, year: int, row: Row, columns: list[Column], scale: float
) -> tuple[str, list[dict]]:
    """Store one organisation's published scores; returns the outcome and per-cell rejects.

    A cell that is neither a score nor ``[c]``/``[z]`` is rejected on its own (sheet, row,
    column) and the row's other scores are kept. Re-importing the same file changes nothing.
    """
    survey_org, created = _survey_organisation(year, row)
    wanted: dict[str, tuple[str, float | None, str]] = {}
    rejects: list[dict] = []
    for column in columns:
        if column.measure_id is None:
            continue
        try:
            cell = parse_cell(row.cells.get(column.index), scale)
        except ValueError as exc:
            rejects.append(
                {
                    "sheet": row.sheet,
                    "row": row.row,
                    "column": column.header.split("\n")[0][:60],
                    "reason": str(exc),
                }  # fmt: skip
            )
            continue
        if cell is not None:
            wanted[column.measure_id] = (column.code, cell.value, cell.status)
    existing = {
        r.measure_id: r
        for r in SurveyResult.objects.filter(year=year, survey_organisation=survey_org)
    }
    to_create, to_update = [], []
    for measure, (code, value, status) in wanted.items():
        current = existing.get(measure)
        if current is None:
            to_create.append(
                SurveyResult(
                    year=year,
                    survey_organisation=survey_org,
                    measure_id=measure,
                    code=code,
                    value=value,
                    status=status,
                )  # fmt: skip
            )
        elif (current.code, current.value, current.status) != (code, value, status):
            current.code, current.value, current.status = code, value, status
            to_update.append(current)
    SurveyResult.objects.bulk_create(to_create)
    SurveyResult.objects.bulk_update(to_update, ["code", "value", "status"])
    if created or (not existing and to_create):
        return "created", rejects
    return ("updated" if to_create or to_update else "unchanged"), rejects


def survey_organisations_auto_map() -> int:
    """Map unmapped survey rows to platform organisations whose name matches; returns how many.

    Only exact matches of the loose name key: a wrong mapping would show another body's
    culture scores, so anything else waits for an administrator.
    """
    by_key: dict[str, list[int]] = {}
    for pk, name in Organisation.objects.values_list("pk", "name"):
        by_key.setdefault(name_key(name), []).append(pk)
    mapped = 0
    for survey_org in SurveyOrganisation.objects.filter(
        organisation__isnull=True, kind=SurveyOrganisationKind.ORGANISATION, mapping_method=""
    ):
        matches = by_key.get(name_key(survey_org.name), [])
        if len(matches) == 1:
            survey_org.organisation_id = matches[0]
            survey_org.mapping_method = MappingMethod.AUTOMATIC
            survey_org.mapped_at = timezone.now()
            survey_org.save(update_fields=["organisation", "mapping_method", "mapped_at"])
            mapped += 1
    return mapped


@transaction.atomic
def survey_organisation_map(
    *, survey_organisation: SurveyOrganisation, organisation: Organisation | None, user
) -> SurveyOrganisation:
    """An administrator's mapping (or unmapping, with None); kept for every later year.

    Unmapping records the choice too (method stays manual), so the automatic matcher does
    not map it back.
    """
    survey_organisation.organisation = organisation
    survey_organisation.mapping_method = MappingMethod.MANUAL
    survey_organisation.mapped_by = user
    survey_organisation.mapped_at = timezone.now()
    survey_organisation.full_clean()
    survey_organisation.save()
    return survey_organisation
