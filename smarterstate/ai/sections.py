"""An assessment as a GOV.UK task list: one section per checklist item, with its status.

Reads for the section pages (views/assessment_sections.py); writes go through
services/assessments.py as on the single-page form.

Status of a section: *Completed* once the item has an answer, *In progress* when evidence,
owner or notes are written but no answer is chosen, *Not started* otherwise. Approval still
needs every item answered (``services.assessments.unanswered``), so "Completed" on every
section is what sign-off needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .guidance import item_guidance
from .models import Answer, Assessment

NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"


def section_status(answer: Answer) -> str:
    if answer.answer:
        return COMPLETED
    if any(getattr(answer, name).strip() for name in ("evidence", "owner", "notes")):
        return IN_PROGRESS
    return NOT_STARTED


@dataclass
class Section:
    answer: Answer
    number: int  # 1-based position in the assessment
    status: str

    @property
    def key(self) -> str:
        return self.answer.item.key

    @property
    def title(self) -> str:
        return self.answer.item.text

    @property
    def group(self) -> str:
        return self.answer.item.group


@dataclass
class SectionGroup:
    heading: str
    sections: list[Section] = field(default_factory=list)


def assessment_answers(assessment: Assessment) -> list[Answer]:
    return list(assessment.answers.select_related("item").order_by("item__position"))


def assessment_sections(assessment: Assessment) -> list[Section]:
    return [
        Section(answer=answer, number=number, status=section_status(answer))
        for number, answer in enumerate(assessment_answers(assessment), start=1)
    ]


def grouped(sections: list[Section]) -> list[SectionGroup]:
    """Consecutive sections of one item group under one heading ("" when items have none)."""
    groups: list[SectionGroup] = []
    for section in sections:
        if not groups or groups[-1].heading != section.group:
            groups.append(SectionGroup(heading=section.group))
        groups[-1].sections.append(section)
    return groups


def find(sections: list[Section], key: str) -> Section | None:
    return next((section for section in sections if section.key == key), None)


def following(sections: list[Section], section: Section) -> Section | None:
    """The next section in checklist order, or None after the last."""
    return sections[section.number] if section.number < len(sections) else None


def guidance(assessment: Assessment, section: Section) -> list[str]:
    return item_guidance(assessment.checklist.framework, section.key, section.group)


def counts(sections: list[Section]) -> dict[str, int]:
    return {
        status: sum(1 for s in sections if s.status == status)
        for status in (NOT_STARTED, IN_PROGRESS, COMPLETED)
    }
