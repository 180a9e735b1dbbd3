"""The ICO's DPIA screening rule: pure, no database queries (docs/domain.md §5).

Any "always" item that applies → a DPIA is required; two or more "consider" items that apply →
a DPIA is likely required.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import AnswerChoice

APPLIES = (AnswerChoice.YES, AnswerChoice.PARTLY)
CONSIDER_THRESHOLD = 2


@dataclass
class DpiaStatus:
    required: bool = False
    likely: bool = False
    screened: bool = False
    triggers: list[str] = field(default_factory=list)

    @property
    def needed(self) -> bool:
        return self.required or self.likely

    @property
    def label(self) -> str:
        if not self.screened:
            return "Not screened"
        if self.required:
            return "Required"
        if self.likely:
            return "Likely required"
        return "Not required"


def screening_outcome(answers) -> DpiaStatus:
    """The ICO rule over one screening's answers (each with ``item.group`` and ``answer``)."""
    status = DpiaStatus(screened=True)
    always = [a.item.text for a in answers if a.item.group == "always" and a.answer in APPLIES]
    consider = [a.item.text for a in answers if a.item.group == "consider" and a.answer in APPLIES]
    status.required = bool(always)
    status.likely = not always and len(consider) >= CONSIDER_THRESHOLD
    status.triggers = always + (consider if len(consider) >= CONSIDER_THRESHOLD else [])
    return status
