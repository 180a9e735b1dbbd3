"""Turn accumulators into IndicatorValue rows and write them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import orjson
from django.db import connection
from django.utils import timezone

from smarterstate.commercial.indicators import (
    hhi,
    hhi_band,
    mean,
    median,
    percentile,
    share,
    top_shares,
)
from smarterstate.commercial.models import (
    IndicatorValue,
    PeriodKind,
    ScopeKind,
)

from ...indicators.rules import COMPETITIVE, dominant_currency
from .passes import Accumulator, Book


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


Result = tuple[float | None, dict[str, Any], int]


def results_of(acc: Accumulator) -> dict[str, Result]:
    """code → (value, detail, covered), each indicator by its own function below."""
    currency = dominant_currency(acc.currency_counts)
    return {code: result(acc, currency) for code, result in RESULTS.items()}


def _a1(acc: Accumulator, currency: str | None) -> Result:
    return (
        median(acc.a1_days),
        {
            "median_days": _round(median(acc.a1_days)),
            "p90_days": _round(percentile(acc.a1_days, 90)),
            "n": len(acc.a1_days),
        },
        len(acc.a1_days),
    )


def _a2(acc: Accumulator, currency: str | None) -> Result:
    return (
        median(acc.a2_days),
        {
            "median_days": _round(median(acc.a2_days)),
            "p90_days": _round(percentile(acc.a2_days, 90)),
            "contracts": len(acc.a2_days),
        },
        acc.a2_processes,
    )


def _a3(acc: Accumulator, currency: str | None) -> Result:
    values = acc.a3_value.get(currency, {}) if currency else {}
    value_total = sum(values.values())
    competitive = sum(acc.a3_counts.get(c, 0) for c in COMPETITIVE)
    return (
        share(competitive, acc.awarded),
        {
            "count_shares": {
                c: _round(share(n, acc.awarded)) for c, n in sorted(acc.a3_counts.items())
            },
            "counts": dict(sorted(acc.a3_counts.items())),
            "value_shares": {c: _round(share(v, value_total)) for c, v in sorted(values.items())},
            "competitive_value_share": _round(
                share(sum(values.get(c, 0.0) for c in COMPETITIVE), value_total)
            ),
            "currency": currency,
        },
        acc.awarded,
    )


def _a4(acc: Accumulator, currency: str | None) -> Result:
    a4_total, a4_calloff = acc.a4_value.get(currency, [0.0, 0.0]) if currency else (0.0, 0.0)
    return (
        share(acc.a4_calloffs, acc.a4_covered),
        {
            "call_offs": acc.a4_calloffs,
            "value_share": _round(share(a4_calloff, a4_total)),
            "currency": currency,
        },
        acc.a4_covered,
    )


def _a5(acc: Accumulator, currency: str | None) -> Result:
    known, either, sme, vcse = acc.a5.get(currency, [0.0] * 4) if currency else [0.0] * 4
    return (
        share(either, known),
        {
            "sme_share": _round(share(sme, known)),
            "vcse_share": _round(share(vcse, known)),
            "currency": currency,
        },
        acc.a5_processes.get(currency, 0) if currency else 0,
    )


def _a6(acc: Accumulator, currency: str | None) -> Result:
    return (
        share(acc.a6_yes, acc.a6_covered),
        {"with_engagement": acc.a6_yes},
        acc.a6_covered,
    )


def _l1(acc: Accumulator, currency: str | None) -> Result:
    suppliers = acc.l1.get(currency, {}) if currency else {}
    index = hhi(suppliers)
    return (
        index,
        {
            "band": hhi_band(index),
            "top1_share": _round(top_shares(suppliers, 1)),
            "top3_share": _round(top_shares(suppliers, 3)),
            "suppliers": len(suppliers),
            "currency": currency,
        },
        acc.l1_processes.get(currency, 0) if currency else 0,
    )


def _l2(acc: Accumulator, currency: str | None) -> Result:
    l2_total, l2_incumbent = acc.l2.get(currency, [0.0, 0.0]) if currency else (0.0, 0.0)
    return (
        share(l2_incumbent, l2_total),
        {"currency": currency},
        acc.l2_processes.get(currency, 0) if currency else 0,
    )


def _l3(acc: Accumulator, currency: str | None) -> Result:
    return (
        share(acc.l3_single, acc.l3_covered),
        {"single_bid": acc.l3_single},
        acc.l3_covered,
    )


def _l4(acc: Accumulator, currency: str | None) -> Result:
    original, latest = acc.l4_growth.get(currency, [0.0, 0.0]) if currency else (0.0, 0.0)
    return (
        acc.l4_amendments / acc.l4_contracts if acc.l4_contracts else None,
        {
            "contracts": acc.l4_contracts,
            "amendments": acc.l4_amendments,
            "value_growth_pct": _round(share(latest - original, original)),
            "mean_months_added": _round(mean(acc.l4_months)),
            "currency": currency,
        },
        acc.l4_processes,
    )


def _l5(acc: Accumulator, currency: str | None) -> Result:
    return (
        share(acc.l5_changed, acc.l5_covered),
        {"changed": acc.l5_changed, "direct_with_contracts": acc.l5_covered},
        acc.l5_covered,
    )


def _l6(acc: Accumulator, currency: str | None) -> Result:
    return (
        float(acc.l6_contracts) if acc.l6_covered else None,
        {"processes": acc.l6_processes, "value": _round(acc.l6_value)},
        acc.l6_covered,
    )


def _l7(acc: Accumulator, currency: str | None) -> Result:
    return (
        float(acc.l7_gap) if acc.l7_covered else None,
        {
            "processes": acc.l7_processes,
            "over_threshold": acc.l7_over,
            "kpis_unknown": acc.l7_unknown,
            "share_of_over_threshold": _round(share(acc.l7_gap, acc.l7_over)),
            "currency": "GBP",
        },
        acc.l7_covered,
    )


RESULTS = {
    "A1": _a1,
    "A2": _a2,
    "A3": _a3,
    "A4": _a4,
    "A5": _a5,
    "A6": _a6,
    "L1": _l1,
    "L2": _l2,
    "L3": _l3,
    "L4": _l4,
    "L5": _l5,
    "L6": _l6,
    "L7": _l7,
}


WRITE_BATCH = 5000

ROW_FIELDS = [
    "code",
    "scope_kind",
    "buyer_id",
    "organisation_id",
    "period_kind",
    "period_label",
    "period_start",
    "period_end",
    "value",
    "detail",
    "covered",
    "total",
]


def indicator_rows(book: Book) -> Iterator[tuple]:
    """One tuple (in ROW_FIELDS order) per indicator and period with any process in the scope."""
    is_buyer = book.scope == "buyer"
    scope_kind = ScopeKind.BUYER.value if is_buyer else ScopeKind.ORGANISATION.value
    buyer_id = book.scope_id if is_buyer else None
    organisation_id = None if is_buyer else book.scope_id
    for (kind, start), acc in book.accs.items():
        if not acc.total:
            continue
        period = book.calendar.periods[(kind, start)]
        for code, (value, detail, covered) in results_of(acc).items():
            yield (
                code,
                scope_kind,
                buyer_id,
                organisation_id,
                PeriodKind.FINANCIAL_YEAR.value if kind == "fy" else PeriodKind.ROLLING_12.value,
                period.label,
                period.start,
                period.end,
                value if covered else None,
                detail,
                covered,
                acc.total,
            )


def write_rows(rows: Iterable[tuple]) -> int:
    """Insert the rows in batches of WRITE_BATCH, so memory stays flat and no COPY is open
    while the rows' own queries fetch their next chunk (one connection does both)."""
    now = timezone.now()
    count = 0
    rows = iter(rows)
    while batch := list(islice(rows, WRITE_BATCH)):
        _write_batch(batch, now)
        count += len(batch)
    return count


def _write_batch(batch: list[tuple], now) -> None:
    """COPY on PostgreSQL (about 10× faster than bulk_create), else bulk_create."""
    if connection.vendor == "postgresql":
        table = IndicatorValue._meta.db_table
        columns = ", ".join([*ROW_FIELDS, "computed_at"])
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608
                for row in batch:
                    copy.write_row((*row[:9], orjson.dumps(row[9]).decode(), *row[10:], now))
        return
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(**dict(zip(ROW_FIELDS, row, strict=True)), computed_at=now)
            for row in batch
        ]
    )
