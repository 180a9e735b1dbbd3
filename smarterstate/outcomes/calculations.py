"""Pure formulas of the Outcomes pillar (no database): realisation and reinvestment timing."""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Realisation is stored with 12 digits, one after the point; beyond this a figure means nothing.
REALISATION_LIMIT = Decimal("99999999999.9")


def realisation_pct(
    baseline: Decimal | None, target: Decimal | None, latest: Decimal | None
) -> Decimal | None:
    """(latest − baseline) / (target − baseline) as a percentage, to one decimal place.

    The formula holds for both directions: with a target below the baseline, a fall is
    progress. None when any figure is missing or target equals baseline (nothing to realise).
    """
    if baseline is None or target is None or latest is None or target == baseline:
        return None
    pct = (Decimal(latest) - Decimal(baseline)) / (Decimal(target) - Decimal(baseline)) * 100
    pct = pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return max(min(pct, REALISATION_LIMIT), -REALISATION_LIMIT)


@dataclass
class Reinvestment:
    """How one inflow (a stopped pilot's release) was reinvested, first in first out."""

    key: object
    paid_in: dt.date
    amount: Decimal
    reinvested: Decimal
    first_used: dt.date | None
    fully_used: dt.date | None

    @property
    def days_to_first_use(self) -> int | None:
        return (self.first_used - self.paid_in).days if self.first_used else None

    @property
    def days_to_full_use(self) -> int | None:
        return (self.fully_used - self.paid_in).days if self.fully_used else None


def reinvestment_fifo(entries: list[tuple[object, dt.date, Decimal, bool]]) -> list[Reinvestment]:
    """Match uses to inflows oldest first: money is fungible, so the oldest money is spent first.

    ``entries`` are the ledger in order, as (key, date, amount, is_inflow). Returns one
    ``Reinvestment`` per inflow, saying when its money was first and fully used.
    """
    result: list[Reinvestment] = []
    waiting: deque[Reinvestment] = deque()
    for key, day, amount, is_inflow in entries:
        if is_inflow:
            item = Reinvestment(key, day, Decimal(amount), Decimal("0"), None, None)
            result.append(item)
            waiting.append(item)
            continue
        left = Decimal(amount)
        while left > 0 and waiting:
            current = waiting[0]
            take = min(left, current.amount - current.reinvested)
            current.reinvested += take
            left -= take
            if current.first_used is None:
                current.first_used = day
            if current.reinvested >= current.amount:
                current.fully_used = day
                waiting.popleft()
    return result
