"""The indicators: code, name, unit and what each measures, in the order pages show them.

Their formulas are in formulas.py, the rules they share in rules.py, and their computation in
commercial.services.refresh (docs/domain.md defines each).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str  # days, share (a percentage, as services.refresh stores it), hhi, number, count
    explanation: str


INDICATORS = [
    Indicator("A1", "Tender-to-award time", "days", "Median days from tender start to award."),
    Indicator("A2", "Award-to-signature time", "days", "Median days from award to signature."),
    Indicator("A3", "Competition", "share", "Awarded processes run as open or selective."),
    Indicator("A4", "Call-offs", "share", "Processes through frameworks or dynamic purchasing."),
    Indicator("A5", "SME and VCSE share", "share", "Awarded value to SMEs or VCSEs."),
    Indicator("A6", "Market engagement", "share", "Tenders with planning or a UK2 notice first."),
    Indicator(
        "L1", "Supplier concentration", "hhi", "HHI of suppliers' shares: over 2,500 is high."
    ),
    Indicator("L2", "Incumbency", "share", "Value to the previous supplier in the same CPV."),
    Indicator("L3", "Single bidding", "share", "Competitive processes with one tenderer."),
    Indicator("L4", "Contract growth", "number", "Amendments per contract."),
    Indicator("L5", "Direct award then change", "share", "Direct awards later amended."),
    Indicator(
        "L6", "Crunch points", "count", "Contracts ending within 18 months, nothing planned."
    ),
    Indicator("L7", "KPI gap", "count", "Contracts over £5m without at least 3 KPIs."),
]
INDICATORS_BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
CODES = [indicator.code for indicator in INDICATORS]


def format_value(indicator: Indicator, value: float | None) -> str:
    if value is None:
        return "Not enough data"
    if indicator.unit == "days":
        return f"{value:,.0f} days"
    if indicator.unit == "share":
        return f"{value:.1f}%"
    if indicator.unit == "hhi":
        band = "high" if value > 2500 else "moderate" if value >= 1500 else "low"
        return f"{value:,.0f} ({band})"
    if indicator.unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.2f}"
