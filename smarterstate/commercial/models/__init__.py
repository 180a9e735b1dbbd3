"""Commercial pillar models, split by stage of the data path.

releases.py    raw releases as imported, compiled releases, import records
parties.py     buyers and suppliers (with identifiers or normalised names) and buyer mappings
processes.py   normalised processes, lots, awards, contracts, amendments (what indicators and pages read)
indicators.py  pre-computed indicator values per buyer/organisation and period, and each
               buyer and CPV division's latest activity date (L6)
reviews.py     continuous-value reviews and notes written by organisations
"""

from .indicators import (
    IndicatorRefreshStamp,
    IndicatorValue,
    LatestActivity,
    LatestActivityStamp,
    PeriodKind,
    ScopeKind,
)
from .parties import BuyerMapping, MappingMethod, Party
from .processes import Amendment, Award, AwardSupplier, Contract, Lot, MethodCategory, Process
from .releases import CompiledRelease, ImportStatus, OCDSImport, Release
from .reviews import ContractReview, ProcessNote

__all__ = [
    "Amendment",
    "Award",
    "AwardSupplier",
    "BuyerMapping",
    "CompiledRelease",
    "Contract",
    "ContractReview",
    "ImportStatus",
    "IndicatorValue",
    "LatestActivity",
    "IndicatorRefreshStamp",
    "LatestActivityStamp",
    "Lot",
    "MappingMethod",
    "MethodCategory",
    "OCDSImport",
    "Party",
    "PeriodKind",
    "Process",
    "ProcessNote",
    "Release",
    "ScopeKind",
]
