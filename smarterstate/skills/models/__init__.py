"""Skills and learning: capability frameworks, the workforce, assessments, learning and campaigns.

Sizes drive the design: ~540,000 people and millions of training records across
government. People and training records are upserted in batches; gap analysis
and campaign figures are pre-aggregated (``GapCell``, ``CampaignStat``,
``CampaignDay``) and refreshed after imports, so dashboards read small tables.

framework.py    frameworks, versions, role families, roles, role levels, skills, requirements
people.py       people (pseudonymous references)
assessments.py  a person's assessed level in a skill (self or line manager)
learning.py     learning activities, the skills they evidence, training records
campaigns.py    campaigns and their pre-aggregated figures (per breakdown value, per day)
gaps.py         pre-aggregated gap analysis (cells and the roll-ups the pages read)
"""

from .assessments import Assessment, AssessmentKind
from .campaigns import Campaign, CampaignDay, CampaignStat, StatSource
from .framework import (
    Framework,
    FrameworkVersion,
    Role,
    RoleFamily,
    RoleLevel,
    RoleLevelSkill,
    Skill,
    SkillLevel,
)
from .gaps import GapCell, GapSummary
from .learning import (
    ActivityKind,
    ActivitySkill,
    LearningActivity,
    TrainingOrigin,
    TrainingRecord,
    TrainingStatus,
)
from .people import Person, PersonQuerySet

__all__ = [
    "ActivityKind",
    "ActivitySkill",
    "Assessment",
    "AssessmentKind",
    "Campaign",
    "CampaignDay",
    "CampaignStat",
    "Framework",
    "FrameworkVersion",
    "GapCell",
    "GapSummary",
    "LearningActivity",
    "Person",
    "PersonQuerySet",
    "Role",
    "RoleFamily",
    "RoleLevel",
    "RoleLevelSkill",
    "Skill",
    "SkillLevel",
    "StatSource",
    "TrainingOrigin",
    "TrainingRecord",
    "TrainingStatus",
]
