"""Indicator formulas and period arithmetic: pure Python, no Django, unit-tested on their own.

Shares are percentages (0–100); HHI is on the 0–10,000 scale; durations are in days.
Every function returns None rather than a misleading 0 when it has nothing to work on.
"""

from .formulas import (
    HHI_HIGH,
    HHI_MODERATE,
    hhi,
    hhi_band,
    mean,
    mean_months_between,
    median,
    percentile,
    share,
    top_shares,
)
from .periods import Period, financial_year, financial_year_of, rolling_12_months

__all__ = [
    "HHI_HIGH",
    "HHI_MODERATE",
    "Period",
    "financial_year",
    "financial_year_of",
    "hhi",
    "hhi_band",
    "mean",
    "median",
    "mean_months_between",
    "percentile",
    "rolling_12_months",
    "share",
    "top_shares",
]
