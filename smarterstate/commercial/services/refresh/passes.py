"""The passes that fill one scope's accumulators (one per period) from its rows (streams.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.utils import timezone

from smarterstate.commercial.indicators import (
    Period,
    financial_year,
    financial_year_of,
    mean_months_between,
    rolling_12_months,
)
from smarterstate.commercial.models import MethodCategory

from ...indicators.rules import COMPETITIVE, L7_MIN_KPIS, L7_THRESHOLD, is_crunch_point


class Accumulator:
    """Everything one (scope, period) needs; filled by the streams, turned into rows at the end."""

    def __init__(self) -> None:
        self.total = 0
        self.a1_days: list[float] = []
        self.a2_days: list[float] = []
        self.a2_processes = 0
        self.awarded = 0
        self.a3_counts: dict[str, int] = defaultdict(int)
        self.a4_covered = 0
        self.a4_calloffs = 0
        self.a6_covered = 0
        self.a6_yes = 0
        self.l3_covered = 0
        self.l3_single = 0
        self.currency_counts: dict[str, int] = defaultdict(int)
        # currency → …
        self.a3_value: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.a4_value: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # total, call-off
        self.a5: dict[str, list[float]] = defaultdict(
            lambda: [0.0, 0.0, 0.0, 0.0]
        )  # known, sme|vcse, sme, vcse
        self.a5_processes: dict[str, int] = defaultdict(int)
        self.l1: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        self.l1_processes: dict[str, int] = defaultdict(int)
        self.l2: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # covered, incumbent
        self.l2_processes: dict[str, int] = defaultdict(int)
        self.l4_processes = 0
        self.l4_contracts = 0
        self.l4_amendments = 0
        self.l4_growth: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # original, latest
        self.l4_months: list[float] = []
        self.l5_covered = 0
        self.l5_changed = 0
        self.l6_processes = 0
        self.l6_covered = 0
        self.l6_contracts = 0
        self.l6_value = 0.0
        self.l7_covered = 0
        self.l7_over = 0
        self.l7_gap = 0
        self.l7_unknown = 0
        self.l7_processes = 0


class Seen:
    """Count distinct processes per (accumulator, bucket) in a stream ordered by process."""

    def __init__(self) -> None:
        self.last: dict[tuple, int] = {}

    def first(self, key: tuple, process_id: int) -> bool:
        if self.last.get(key) == process_id:
            return False
        self.last[key] = process_id
        return True


class Calendar:
    """The periods a process belongs to, shared by every scope of one refresh."""

    def __init__(self, today: date) -> None:
        self.tz = timezone.get_current_timezone()
        self.r12 = rolling_12_months(today)
        self.periods: dict[tuple[str, date], Period] = {("r12", self.r12.start): self.r12}
        self._fy_cache: dict[int, Period] = {}

    def periods_of(self, reference: datetime | None) -> list[Period]:
        if reference is None:
            return []
        day = reference.astimezone(self.tz).date()
        year = financial_year_of(day)
        fy = self._fy_cache.get(year)
        if fy is None:
            fy = self._fy_cache[year] = financial_year(year)
            self.periods[("fy", fy.start)] = fy
        return [fy, self.r12] if self.r12.contains(day) else [fy]


class Book:
    """One scope's (a buyer's or an organisation's) accumulators, keyed by (period kind, start).

    A refresh keeps one Book at a time, so memory follows the largest scope, not the data.
    """

    def __init__(self, calendar: Calendar, scope: str, scope_id: int) -> None:
        self.calendar = calendar
        self.scope = scope
        self.scope_id = scope_id
        self.accs: dict[tuple[str, date], Accumulator] = defaultdict(Accumulator)

    def accs_of(self, reference: datetime | None) -> list[tuple[tuple[str, date], Accumulator]]:
        out = []
        for period in self.calendar.periods_of(reference):
            key = (period.kind, period.start)
            out.append((key, self.accs[key]))
        return out


def _days(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 86400


def process_pass(book: Book, rows: Iterable[tuple]) -> None:
    """A1, A3 counts, A4, A6, L3 and each period's total; rows as streams.PROCESS_FIELDS."""
    for (
        _,
        reference,
        tender_start,
        first_award,
        awarded_value,
        category,
        call_off,
        details,
        prior,
        tenderers,
    ) in rows:
        targets = book.accs_of(reference)
        if not targets:
            continue
        a1 = _days(tender_start, first_award)
        awarded = awarded_value is not None or first_award is not None
        for _, acc in targets:
            acc.total += 1
            if a1 is not None and a1 >= 0:
                acc.a1_days.append(a1)
            if awarded and category:
                acc.awarded += 1
                acc.a3_counts[category] += 1
            if details or call_off:
                acc.a4_covered += 1
                acc.a4_calloffs += bool(call_off)
            if prior is not None:
                acc.a6_covered += 1
                acc.a6_yes += bool(prior)
            if category in COMPETITIVE and tenderers is not None:
                acc.l3_covered += 1
                acc.l3_single += tenderers == 1


def award_pass(book: Book, rows: Iterable[tuple]) -> None:
    """Currencies, A3 and A4 values from valid awards with a value; rows as AWARD_FIELDS."""
    for _, reference, category, call_off, value, currency in rows:
        amount = float(value)
        for _, acc in book.accs_of(reference):
            acc.currency_counts[currency] += 1
            if category:
                acc.a3_value[currency][category] += amount
            pair = acc.a4_value[currency]
            pair[0] += amount
            if call_off:
                pair[1] += amount


def supplier_pass(book: Book, rows: Iterable[tuple]) -> None:
    """A5, L1 and L2 from award–supplier links (SUPPLIER_FIELDS), in award-date order for L2's
    "previous contract"."""
    seen = Seen()
    # L2 state: division → suppliers of the scope's latest earlier awarded process.
    previous: dict[str, set[int]] = {}
    # Processes of the current award date, applied to ``previous`` once the date changes.
    pending: dict[str, set[int]] = defaultdict(set)
    current_date: datetime | None = None

    def flush() -> None:
        for division, suppliers in pending.items():
            previous[division] = set(suppliers)
        pending.clear()

    award_rows: list[tuple] = []

    def handle_award(rows: list[tuple]) -> None:
        (_, _, _, _, _, value, currency, pid, reference, first_award, division) = rows[0]
        suppliers = [(r[2], r[3], r[4]) for r in rows]
        share_each = float(value) / len(suppliers) if value is not None else None
        for acc_key, acc in book.accs_of(reference):
            if share_each is None:
                continue
            known = [s for s in suppliers if s[1] is not None or s[2] is not None]
            if known:
                if seen.first((acc_key, "A5", currency), pid):
                    acc.a5_processes[currency] += 1
                a5 = acc.a5[currency]
                for _, is_sme, is_vcse in known:
                    a5[0] += share_each
                    a5[1] += share_each if (is_sme or is_vcse) else 0
                    a5[2] += share_each if is_sme else 0
                    a5[3] += share_each if is_vcse else 0
            if seen.first((acc_key, "L1", currency), pid):
                acc.l1_processes[currency] += 1
            for party_id, _, _ in suppliers:
                acc.l1[currency][party_id] += share_each
            if first_award is not None and division:
                held = previous.get(division)
                if held:
                    if seen.first((acc_key, "L2", currency), pid):
                        acc.l2_processes[currency] += 1
                    pair = acc.l2[currency]
                    for party_id, _, _ in suppliers:
                        pair[0] += share_each
                        if party_id in held:
                            pair[1] += share_each
        if first_award is not None and division:
            pending[division].update(s[0] for s in suppliers)

    for row in rows:
        if award_rows and row[1] != award_rows[0][1]:
            handle_award(award_rows)
            award_rows = []
        first_award = row[9]
        if first_award != current_date:
            if award_rows:  # finish the award before moving the L2 state on
                handle_award(award_rows)
                award_rows = []
            flush()
            current_date = first_award
        award_rows.append(row)
    if award_rows:
        handle_award(award_rows)


def contract_pass(book: Book, rows: Iterable[tuple], window: tuple[datetime, datetime]) -> None:
    """A2, L4–L7 from contracts (CONTRACT_FIELDS, with the buyer and division's latest activity
    date for L6), in process order."""
    seen = Seen()
    for (
        _,
        pid,
        reference,
        category,
        first_award,
        award_date,
        signed,
        end,
        original_end,
        value,
        original_value,
        currency,
        amendments,
        kpis,
        latest_activity,
    ) in rows:
        targets = book.accs_of(reference)
        if not targets:
            continue
        a2 = _days(award_date or first_award, signed)
        months_added = mean_months_between(original_end, end)
        changed = (
            value is not None and original_value is not None and value != original_value
        ) or (end is not None and original_end is not None and end != original_end)
        crunch = is_crunch_point(end, reference, latest_activity, window)
        gbp_value = float(value) if value is not None and currency == "GBP" else None
        over = gbp_value is not None and gbp_value > L7_THRESHOLD
        gap = over and (kpis is None or kpis < L7_MIN_KPIS)
        for key, acc in targets:
            first = seen.first((key, "process"), pid)
            if a2 is not None and a2 >= 0:
                acc.a2_days.append(a2)
                if seen.first((key, "A2"), pid):
                    acc.a2_processes += 1
            if first:
                acc.l4_processes += 1
            acc.l4_contracts += 1
            acc.l4_amendments += amendments
            if value is not None and original_value is not None:
                pair = acc.l4_growth[currency]
                pair[0] += float(original_value)
                pair[1] += float(value)
            if months_added is not None:
                acc.l4_months.append(months_added)
            if category == MethodCategory.DIRECT:
                if first:
                    acc.l5_covered += 1
                if changed and seen.first((key, "L5"), pid):
                    acc.l5_changed += 1
            if end is not None and seen.first((key, "L6cov"), pid):
                acc.l6_covered += 1
            if crunch:
                acc.l6_contracts += 1
                acc.l6_value += float(value) if value is not None else 0.0
                if seen.first((key, "L6"), pid):
                    acc.l6_processes += 1
            if gbp_value is not None and seen.first((key, "L7cov"), pid):
                acc.l7_covered += 1
            if over:
                acc.l7_over += 1
            if gap:
                acc.l7_gap += 1
                acc.l7_unknown += kpis is None
                if seen.first((key, "L7"), pid):
                    acc.l7_processes += 1
