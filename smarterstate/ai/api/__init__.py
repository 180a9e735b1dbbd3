"""API for the AI assurance pillar under /api/v1/ai/.

Use cases, third parties, assessments, answers and transparency records belong to
an organisation: reading needs READ on it, writing WRITE (``OrganisationScopedMixin``);
publishing a record is a sign-off, for its admins. Checklists are reference data
every signed-in user reads. The same services as the pages enforce the rules.

One module a resource group: register (use cases, third parties), checklists, assessments
(with answers, submission and sign-off) and records (with publication); common holds what
they share. ``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py
registers them.
"""

from __future__ import annotations

from .assessments import AnswerViewSet, AssessmentViewSet, SignOffViewSet, SubmissionViewSet
from .checklists import ChecklistViewSet
from .records import PublicationViewSet, RecordViewSet
from .register import ThirdPartyViewSet, UseCaseViewSet

ROUTES: list[tuple[str, type, str]] = [
    ("ai/use-cases", UseCaseViewSet, "ai-use-case"),
    ("ai/third-parties", ThirdPartyViewSet, "ai-third-party"),
    ("ai/checklists", ChecklistViewSet, "ai-checklist"),
    ("ai/assessments", AssessmentViewSet, "ai-assessment"),
    ("ai/answers", AnswerViewSet, "ai-answer"),
    ("ai/records", RecordViewSet, "ai-record"),
    ("ai/publications", PublicationViewSet, "ai-publication"),
    ("ai/submissions", SubmissionViewSet, "ai-submission"),
    ("ai/sign-offs", SignOffViewSet, "ai-sign-off"),
]
