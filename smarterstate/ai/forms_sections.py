"""The form of one section of an assessment: the single-page ``AnswersForm`` cut to one item.

It is ``AnswersForm`` with one answer, so its fields, names and rules are the single page's;
only the widgets, labels and messages change: the answer is radios, and errors say what to
do in the GOV.UK way. The buttons are the section template's ("Save and continue", "Save and
come back later").
"""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms

from .forms import AnswersForm
from .guidance import framework_text
from .models import Answer, AnswerChoice

LABELS = {
    "evidence": ("Evidence", "What shows this: documents, decisions or links."),
    "owner": ("Owner", "The team or role responsible for this item."),
    "notes": ("Notes", "What is missing or planned, and why an item does not apply."),
}


def length_message(label: str, limit: int) -> str:
    return f"{label} must be {limit:,} characters or fewer"


class SectionForm(AnswersForm):
    def __init__(self, *args, answer: Answer, use_case_name: str, framework: str, **kwargs):
        super().__init__(*args, answers=[answer], **kwargs)
        self.answer = answer
        prefix = f"item_{answer.item_id}"
        choice = self.fields[f"{prefix}_answer"]
        assert isinstance(choice, forms.ChoiceField)
        choice.widget = forms.RadioSelect()
        # No blank radio: an unanswered item is one with no radio chosen (the field is optional,
        # as on the single page). Every other value the single page refuses is refused here.
        choice.choices = list(AnswerChoice.choices)
        choice.label = framework_text(framework).question.format(use_case=use_case_name)
        choice.error_messages["invalid_choice"] = (
            "Select " + ", ".join(label for _, label in AnswerChoice.choices[:-1]) + " or "
            f"{AnswerChoice.choices[-1][1]}"
        )
        for name, (label, hint) in LABELS.items():
            field = self.fields[f"{prefix}_{name}"]
            field.label, field.help_text = label, hint
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = length_message(label, field.max_length)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios(f"{prefix}_answer", legend_size=Size.MEDIUM, inline=False),
            Field.textarea(f"{prefix}_evidence", rows=4),
            Field.text(f"{prefix}_owner", field_width=Fluid.TWO_THIRDS),
            Field.textarea(f"{prefix}_notes", rows=3),
        )

    def values(self) -> dict[int, dict]:
        """{item id: {answer, evidence, owner, notes}} for ``assessment_answer``."""
        return self.by_item()
