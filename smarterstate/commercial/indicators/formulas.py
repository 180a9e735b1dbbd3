"""Statistics the indicators use (docs/domain.md §2)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime

# US DoJ / CMA thresholds as docs/domain.md §2 states them: > 2,500 high, 1,500–2,500 moderate.
HHI_HIGH = 2500
HHI_MODERATE = 1500


def _clean(values: Iterable[float | int | None]) -> list[float]:
    return sorted(float(v) for v in values if v is not None and not math.isnan(float(v)))


def percentile(values: Iterable[float | int | None], p: float) -> float | None:
    """The p-th percentile (0–100) by linear interpolation between closest ranks.

    The "inclusive" definition (Excel PERCENTILE.INC, NumPy's default): rank = p/100 · (n − 1).
    """
    data = _clean(values)
    if not data:
        return None
    if not 0 <= p <= 100:
        raise ValueError("p must be between 0 and 100")
    rank = p / 100 * (len(data) - 1)
    low = math.floor(rank)
    high = math.ceil(rank)
    return data[low] + (data[high] - data[low]) * (rank - low)


def median(values: Iterable[float | int | None]) -> float | None:
    """The middle value; the mean of the two middle values for an even count."""
    return percentile(values, 50)


def mean(values: Iterable[float | int | None]) -> float | None:
    data = _clean(values)
    return sum(data) / len(data) if data else None


def share(part: float | int | None, whole: float | int | None) -> float | None:
    """part / whole as a percentage; None when whole is 0 or unknown."""
    if part is None or not whole:
        return None
    return 100.0 * float(part) / float(whole)


def hhi(amounts: Mapping[object, float | int] | Iterable[float | int]) -> float | None:
    """Herfindahl–Hirschman index: Σ (100·sᵢ)² over the shares sᵢ of the total (0–10,000).

    Non-positive amounts are ignored (they are not market share). None when nothing is left.
    """
    values = amounts.values() if isinstance(amounts, Mapping) else amounts
    positive = [float(v) for v in values if v is not None and float(v) > 0]
    # fsum: the same figure whatever order the suppliers come in (plain sum differs in the
    # last digits with the order, which the database does not fix among an award's suppliers).
    total = math.fsum(positive)
    if not total:
        return None
    return math.fsum((100.0 * v / total) ** 2 for v in positive)


def hhi_band(index: float | None) -> str | None:
    """'high' above 2,500, 'moderate' from 1,500 to 2,500 inclusive, else 'low'."""
    if index is None:
        return None
    if index > HHI_HIGH:
        return "high"
    if index >= HHI_MODERATE:
        return "moderate"
    return "low"


def top_shares(amounts: Mapping[object, float | int], n: int) -> float | None:
    """Share (%) of the total held by the n largest holders."""
    positive = sorted((float(v) for v in amounts.values() if v and float(v) > 0), reverse=True)
    total = sum(positive)
    if not total:
        return None
    return 100.0 * sum(positive[:n]) / total


def mean_months_between(start: datetime | None, end: datetime | None) -> float | None:
    """Months from start to end in mean month lengths, days / (365.25 / 12) (negative if end
    is earlier). Not the calendar months of ``core.dates.whole_months_between``."""
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 86400 / (365.25 / 12)
