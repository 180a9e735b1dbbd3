"""Capacity: the people survey, the scorecard and the decisions-due radar."""

from .radar import (  # noqa: F401
    Horizon,
    RadarCount,
    RadarDecision,
    RadarFeed,
    RadarItem,
    RadarKind,
)
from .scorecard import (  # noqa: F401
    ComponentResult,
    PeriodKind,
    RefreshRun,
    ScorecardProfile,
    ScorecardResult,
)
from .survey import (  # noqa: F401
    MappingMethod,
    SurveyColumn,
    SurveyImport,
    SurveyOrganisation,
    SurveyOrganisationKind,
    SurveyResult,
    ValueStatus,
)
