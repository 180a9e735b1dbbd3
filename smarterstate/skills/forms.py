"""Forms for the skills pages: organisations' own frameworks and skills, assessments, uploads, campaigns."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MinValueValidator

from smarterstate.core.date_input import DATE_HINT, GovukDateField
from smarterstate.core.forms import UploadField
from smarterstate.organisations.forms import GDSFormMixin

from .models import AssessmentKind, LearningActivity, SkillLevel

EARLIEST = MinValueValidator(dt.date(1990, 1, 1))
DATE_HELP = DATE_HINT


class FrameworkForm(GDSFormMixin, forms.Form):
    submit_label = "Create framework"
    name = forms.CharField(
        label="Name", max_length=200, help_text="For example, Data literacy for all staff"
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea, required=False, max_length=5000
    )
    applies_to_all_staff = forms.BooleanField(
        label="Everyone in the organisation needs these skills", required=False, initial=True
    )


class SkillForm(GDSFormMixin, forms.Form):
    submit_label = "Add skill"
    name = forms.CharField(label="Skill", max_length=200)
    description = forms.CharField(
        label="Description", widget=forms.Textarea, required=False, max_length=5000
    )
    baseline_level = forms.TypedChoiceField(
        label="Level everyone needs",
        choices=[("", "None"), *SkillLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    awareness = forms.CharField(
        label="Awareness level: what people can do", widget=forms.Textarea, required=False
    )
    working = forms.CharField(label="Working level", widget=forms.Textarea, required=False)
    practitioner = forms.CharField(
        label="Practitioner level", widget=forms.Textarea, required=False
    )
    expert = forms.CharField(label="Expert level", widget=forms.Textarea, required=False)


class AssessmentForm(GDSFormMixin, forms.Form):
    submit_label = "Record assessment"
    skill = forms.ModelChoiceField(label="Skill", queryset=None, empty_label="Choose a skill")
    kind = forms.ChoiceField(
        label="Who assessed", choices=AssessmentKind.choices, widget=forms.RadioSelect
    )
    level = forms.TypedChoiceField(
        label="Level", choices=SkillLevel.choices, coerce=int, widget=forms.RadioSelect
    )
    assessed_on = GovukDateField(label="Date", help_text=DATE_HELP, validators=[EARLIEST])
    evidence = forms.CharField(
        label="Evidence", widget=forms.Textarea, required=False, max_length=5000
    )

    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skills


class UploadForm(GDSFormMixin, forms.Form):
    submit_label = "Upload and import"
    file = UploadField(
        label="CSV file",
        help_text="UTF-8 CSV (in Excel: Save as “CSV UTF-8”). Gzip is accepted too.",
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        from .importers import people_csv, training_csv

        self.fields["file"].kind = kind  # the importer's name: its upload limits
        # The header row the form checks before queuing (the importer's required columns).
        columns = {
            "skills-people": people_csv.REQUIRED,
            "skills-training-records": training_csv.REQUIRED,
        }
        self.fields["file"].columns = columns.get(kind, ())


class CampaignForm(GDSFormMixin, forms.Form):
    submit_label = "Create campaign"
    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(
        label="Description", widget=forms.Textarea, required=False, max_length=5000
    )
    cross_government = forms.BooleanField(label="Open to every organisation", required=False)
    grades = forms.CharField(label="Grades", required=False, max_length=300,
                             help_text="Comma-separated; leave empty for everyone")  # fmt: skip
    professions = forms.CharField(label="Professions", required=False, max_length=300,
                                  help_text="Comma-separated; leave empty for everyone")  # fmt: skip
    starts_on = GovukDateField(label="Starts", help_text=DATE_HELP, validators=[EARLIEST])
    ends_on = GovukDateField(label="Ends", help_text=DATE_HELP, validators=[EARLIEST])
    activities = forms.ModelMultipleChoiceField(
        label="Learning activities",
        queryset=LearningActivity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    target_participation = forms.IntegerField(
        label="Target taking part (%)", min_value=0, max_value=100
    )
    target_completion = forms.IntegerField(
        label="Target completing (%)", min_value=0, max_value=100
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = activities

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return data
