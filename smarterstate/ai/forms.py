"""Forms for the AI assurance pages: register, filters, third parties, assessments, ATRS records."""

from __future__ import annotations

import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Fieldset, Layout, Size, Submit
from django import forms
from django.core.validators import MinValueValidator

from smarterstate.commercial.models import Contract, Party
from smarterstate.core.date_input import DATE_HINT, GovukDateField
from smarterstate.organisations.forms import GDSFormMixin

from . import atrs
from .models import (
    AnswerChoice,
    AssessmentStatus,
    Framework,
    Kind,
    Phase,
    RiskLevel,
    TransparencyRecord,
    UseCase,
)
from .services.register import USE_CASE_FIELDS

DATE_HELP = DATE_HINT
EARLIEST = MinValueValidator(dt.date(1900, 1, 1))


class UseCaseForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save use case"

    class Meta:
        model = UseCase
        # What the service writes, plus the systems it links (passed to it separately).
        fields = [*USE_CASE_FIELDS, "systems"]
        field_classes = {"dpia_completed_on": GovukDateField}
        widgets = {
            "systems": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "user_need": forms.Textarea(attrs={"rows": 3}),
            "models_used": forms.Textarea(attrs={"rows": 3}),
            "data_used": forms.Textarea(attrs={"rows": 3}),
            "human_review": forms.Textarea(attrs={"rows": 3}),
            "decisions_influenced": forms.Textarea(attrs={"rows": 3}),
            "people_affected": forms.Textarea(attrs={"rows": 2}),
            "phase": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "risk_level": forms.RadioSelect,
        }
        help_texts = {"dpia_completed_on": DATE_HELP}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dpia_completed_on"].validators.append(EARLIEST)
        # Only the organisation's own initiatives and systems are offered.
        self.fields["initiative"].queryset = organisation.initiatives.order_by("name")
        self.fields["initiative"].empty_label = "None"
        self.fields["systems"].queryset = organisation.systems.order_by("name")
        for name in ("phase", "kind", "risk_level"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]


class UseCaseFilterForm(forms.Form):
    q = forms.CharField(label="Name or purpose contains", required=False, max_length=200)
    phase = forms.ChoiceField(
        label="Phase", required=False, choices=[("", "All phases"), *Phase.choices]
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *Kind.choices]
    )
    risk = forms.ChoiceField(
        label="Risk level", required=False, choices=[("", "All levels"), *RiskLevel.choices]
    )
    dpia = forms.ChoiceField(
        label="DPIA",
        required=False,
        choices=[("", "Any"), ("missing", "Needed, with no completed DPIA recorded")],
    )


class AssessmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All statuses"), *AssessmentStatus.choices]
    )
    framework = forms.ChoiceField(
        label="Framework", required=False, choices=[("", "All frameworks"), *Framework.choices]
    )
    review = forms.ChoiceField(
        label="Review", required=False, choices=[("", "Any"), ("overdue", "Overdue for review")]
    )


class ThirdPartyForm(GDSFormMixin, forms.Form):
    submit_label = "Add third party"
    party = forms.ModelChoiceField(
        label="Supplier in procurement data",
        queryset=Party.objects.none(),
        required=False,
        empty_label="Not in procurement data",
        help_text="Suppliers awarded your organisation's contracts.",
    )
    contract = forms.ModelChoiceField(
        label="Contract",
        queryset=Contract.objects.none(),
        required=False,
        empty_label="No contract",
    )
    name = forms.CharField(
        label="Name",
        max_length=300,
        required=False,
        help_text="Leave empty to use the supplier's published name.",
    )
    companies_house_number = forms.CharField(
        label="Companies House number", max_length=20, required=False
    )
    role = forms.CharField(label="Role", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        contracts = Contract.objects.filter(process__organisation=organisation).select_related(
            "award", "process"
        )
        self.fields["contract"].queryset = contracts.order_by("title", "pk")
        self.fields["party"].queryset = (
            Party.objects.filter(awards__process__organisation=organisation)
            .distinct()
            .order_by("name")
        )

    def clean(self):
        data = super().clean()
        if not data.get("name", "").strip() and data.get("party") is None:
            self.add_error("name", "Enter the third party's name, or choose a supplier.")
        return data


class AssessmentStartForm(GDSFormMixin, forms.Form):
    submit_label = "Start assessment"
    framework = forms.ChoiceField(
        label="Framework", choices=Framework.choices, widget=forms.RadioSelect
    )
    owner = forms.CharField(label="Owner", max_length=200, required=False)


class AnswersForm(forms.Form):
    """One fieldset per checklist item: answer, evidence, owner and notes."""

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = list(answers)
        fieldsets = []
        for answer in self.answers:
            prefix = f"item_{answer.item_id}"
            self.fields[f"{prefix}_answer"] = forms.ChoiceField(
                label="Answer",
                choices=[("", "Not answered yet"), *AnswerChoice.choices],
                required=False,
                initial=answer.answer,
            )
            self.fields[f"{prefix}_evidence"] = forms.CharField(
                label="Evidence",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=answer.evidence,
                max_length=10_000,
            )
            self.fields[f"{prefix}_owner"] = forms.CharField(
                label="Owner", required=False, initial=answer.owner, max_length=200
            )
            self.fields[f"{prefix}_notes"] = forms.CharField(
                label="Notes",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=answer.notes,
                max_length=10_000,
            )
            legend = f"{answer.item.key}. {answer.item.text}"
            if answer.item.group:
                legend = f"{legend} ({answer.item.group})"
            fieldsets.append(
                Fieldset(
                    f"{prefix}_answer",
                    f"{prefix}_evidence",
                    f"{prefix}_owner",
                    f"{prefix}_notes",
                    legend=legend,
                    legend_size=Size.SMALL,
                )
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(*fieldsets)
        self.helper.add_input(Submit("submit", "Save answers"))

    def by_item(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            answer.item_id: {
                name: data[f"item_{answer.item_id}_{name}"]
                for name in ("answer", "evidence", "owner", "notes")
            }
            for answer in self.answers
        }


class AssessmentDecisionForm(GDSFormMixin, forms.Form):
    submit_label = "Record decision"
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve (sign off)"), ("return", "Needs changes")],
        widget=forms.RadioSelect,
    )
    review_date = GovukDateField(
        label="Review date",
        required=False,
        validators=[EARLIEST],
        help_text="When the assessment is due again. Leave empty for 12 months from today. "
        + DATE_HELP,
    )
    notes = forms.CharField(
        label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10_000
    )


class RecordCreateForm(GDSFormMixin, forms.Form):
    submit_label = "Draft the record"
    tier = forms.TypedChoiceField(
        label="Tiers",
        coerce=int,
        choices=TransparencyRecord._meta.get_field("tier").choices,
        initial=2,
        widget=forms.RadioSelect,
    )
    pretrained = forms.BooleanField(
        label="Pre-trained or off-the-shelf tool",
        required=False,
        help_text="Pre-trained tools may leave the model and development data sections blank.",
    )


def atrs_field(field: atrs.AtrsField) -> forms.Field:
    label = f"{field.reference} {field.name}".strip()
    help_text = field.prompt[:400]
    if field.attribute == "phase":
        return forms.ChoiceField(
            label=label, choices=[("", "Choose a phase"), *atrs.PHASES], required=False
        )
    if field.attribute == "region":
        return forms.ChoiceField(
            label=label, choices=[("", "Choose a region"), *atrs.REGIONS], required=False
        )
    short = field.section in ("Metadata", "Title information") or field.attribute in (
        "name",
        "contact_email",
        "website_url",
        "team",
        "companies_house_number",
        "model_name",
        "model_version",
    )
    return forms.CharField(
        label=label + ("" if field.required else " (optional)"),
        required=False,
        help_text=help_text,
        max_length=20_000,
        widget=forms.TextInput if short else forms.Textarea(attrs={"rows": 3}),
    )


class RecordForm(forms.Form):
    """Every ATRS field people fill, grouped by section; required fields are checked on publishing."""

    tier = RecordCreateForm.base_fields["tier"]
    pretrained = RecordCreateForm.base_fields["pretrained"]
    internal_notes = forms.CharField(
        label="Internal notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Never published.",
        max_length=10_000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        layout = [
            Fieldset(
                "tier",
                "pretrained",
                "internal_notes",
                legend="About this record",
                legend_size=Size.MEDIUM,
            )
        ]
        for section, section_fields in atrs.sections(2):
            names = []
            for field in section_fields:
                self.fields[field.attribute] = atrs_field(field)
                names.append(field.attribute)
            layout.append(Fieldset(*names, legend=section, legend_size=Size.MEDIUM))
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)
        self.helper.add_input(Submit("submit", "Save record"))

    @staticmethod
    def initial_from(record: TransparencyRecord) -> dict:
        return {
            "tier": record.tier,
            "pretrained": record.pretrained,
            "internal_notes": record.internal_notes,
            **record.content,
        }

    def content(self) -> dict[str, str]:
        return {
            field.attribute: self.cleaned_data.get(field.attribute, "")
            for field in atrs.fields()
            if field.asked
        }
