"""API for the Skills and learning pillar under /api/v1/skills/.

Frameworks, skills, role levels and learning activities: government-wide ones for everyone
signed in, an organisation's own for those who read it. People, assessments and training
records are individual records: only the organisation's editors and admins (WRITE) see them.
Gap cells and campaign figures are aggregates, for anyone who reads the organisation.

One module a resource group: frameworks (with skills and role levels), people (with
assessments), learning (activities, training records, campaigns) and gaps; common holds what
they share. ``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py registers
them.
"""

from __future__ import annotations

from .frameworks import FrameworkViewSet, RoleLevelViewSet, SkillViewSet
from .gaps import GapViewSet
from .learning import ActivityViewSet, CampaignViewSet, TrainingRecordViewSet
from .people import AssessmentViewSet, PersonViewSet, SubjectAccessViewSet

ROUTES: list[tuple[str, type, str]] = [
    ("skills/frameworks", FrameworkViewSet, "skills-framework"),
    ("skills/skills", SkillViewSet, "skills-skill"),
    ("skills/role-levels", RoleLevelViewSet, "skills-role-level"),
    ("skills/activities", ActivityViewSet, "skills-activity"),
    ("skills/people", PersonViewSet, "skills-person"),
    ("skills/subject-access", SubjectAccessViewSet, "skills-subject-access"),
    ("skills/assessments", AssessmentViewSet, "skills-assessment"),
    ("skills/training-records", TrainingRecordViewSet, "skills-training-record"),
    ("skills/campaigns", CampaignViewSet, "skills-campaign"),
    ("skills/gaps", GapViewSet, "skills-gap"),
]
