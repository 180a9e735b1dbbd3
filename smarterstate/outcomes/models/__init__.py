"""Outcomes pillar models: initiatives, benefit profiles and measurements, phase gates, pilots,
the innovation fund ledger and links to other pillars' records.

Every write goes through services/ (the rules live there, so forms, the API and imports agree).
Figures the portfolio dashboard needs are kept on the records by those services (an outcome's
latest measurement and realisation, an initiative's current confidence rating and whether it
has a measurable outcome, a fund's balance) so the dashboard never scans measurements.

One module a subject: initiatives (with ratings and links), outcomes (with measurements), gates,
pilots and fund; fields holds the number formats they share.
"""

from .fields import MEASURE, MONEY
from .fund import EntryKind, FundEntry, InnovationFund
from .gates import Decision, GateCondition, GateReview, StandardPointResult
from .initiatives import (
    SCALE_RATINGS,
    Confidence,
    ConfidenceRating,
    ConfidenceScale,
    Initiative,
    InitiativeLink,
    InitiativeQuerySet,
    Kind,
    Phase,
    PortfolioSettings,
)
from .outcomes import BenefitType, Direction, MandatoryKPI, Measurement, MeasurementSource, Outcome
from .pilots import (
    Pilot,
    PilotDecision,
    PilotDecisionRecord,
    PilotQuerySet,
    SuccessCriterion,
    open_pilots,
    overdue_pilots,
)

__all__ = [
    "MEASURE",
    "MONEY",
    "SCALE_RATINGS",
    "BenefitType",
    "Confidence",
    "ConfidenceRating",
    "ConfidenceScale",
    "Decision",
    "Direction",
    "EntryKind",
    "FundEntry",
    "GateCondition",
    "GateReview",
    "Initiative",
    "InitiativeLink",
    "InitiativeQuerySet",
    "InnovationFund",
    "Kind",
    "MandatoryKPI",
    "Measurement",
    "MeasurementSource",
    "Outcome",
    "Phase",
    "Pilot",
    "PilotDecision",
    "PilotDecisionRecord",
    "PilotQuerySet",
    "PortfolioSettings",
    "StandardPointResult",
    "SuccessCriterion",
    "open_pilots",
    "overdue_pilots",
]
