from __future__ import annotations

from typing import cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms

from smarterstate.core.date_input import GovukDateField
from smarterstate.core.forms import UploadField
from smarterstate.organisations.models import Organisation, OrganisationType

from .models import Horizon, PeriodKind, RadarKind
from .scoring import DEFINITIONS, NEGATIVE, POSITIVE
from .selectors import STATES


class GDSFormMixin:
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


def _date(label: str, **kwargs) -> GovukDateField:
    return GovukDateField(label=label, **kwargs)


class RadarFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "All kinds"), *RadarKind.choices], required=False)
    horizon = forms.ChoiceField(choices=[("", "Any time"), *Horizon.choices], required=False)
    state = forms.ChoiceField(
        label="State", choices=[("", "Open"), *STATES.items(), ("all", "All")], required=False
    )
    owner = forms.CharField(required=False, max_length=200, help_text="Part of the owner's name.")


class DecisionForm(GDSFormMixin, forms.Form):
    submit_label = "Record the decision"
    option = forms.ChoiceField(label="Decision", widget=forms.RadioSelect)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    evidence_url = forms.URLField(
        label="Evidence link",
        assume_scheme="https",
        required=False,
        max_length=500,
        help_text="A link to the paper, minutes or notice that records the decision.",
    )

    def __init__(self, *args, options: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["option"]).choices = [
            (o, o[:1].upper() + o[1:]) for o in options
        ]


class SnoozeForm(GDSFormMixin, forms.Form):
    submit_label = "Snooze"
    snooze_until = _date("Snooze until")
    note = forms.CharField(
        label="Why it can wait", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ReopenForm(GDSFormMixin, forms.Form):
    submit_label = "Reopen"
    note = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class PeriodForm(forms.Form):
    period = forms.ChoiceField(choices=PeriodKind.choices, required=False)


class ComparisonFilterForm(forms.Form):
    period = forms.ChoiceField(choices=PeriodKind.choices, required=False)
    organisation_type = forms.ChoiceField(
        label="Type", choices=[("", "All types"), *OrganisationType.choices], required=False
    )


class WeightsForm(forms.Form):
    """'Try your own weights': a GET form, so it works without JavaScript and saves nothing."""

    def __init__(self, *args, profile, **kwargs):
        super().__init__(*args, **kwargs)
        for entry in profile.components:
            code = entry["code"]
            self.fields[f"w_{code}"] = forms.FloatField(
                label=f"{code} {DEFINITIONS[code].name}",
                min_value=0,
                max_value=100,
                required=False,
                initial=round(entry["weight"], 4),
                widget=forms.NumberInput(attrs={"step": "any", "class": "govuk-input--width-5"}),
            )

    def weights(self, profile) -> dict[str, float] | None:
        if not self.is_bound or not self.is_valid():
            return None
        result = {}
        for entry in profile.components:
            value = self.cleaned_data.get(f"w_{entry['code']}")
            result[entry["code"]] = entry["weight"] if value is None else value
        if not any(w > 0 for w in result.values()):
            self.add_error(None, "Give at least one component a weight above 0.")
            return None
        return result


class ProfileForm(GDSFormMixin, forms.Form):
    """A new version of the scorecard profile: one row of fields per component."""

    submit_label = "Save as a new version"
    name = forms.CharField(max_length=200)
    notes = forms.CharField(
        label="What changes and why",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown with the series break on every trend.",
    )
    overall_threshold = forms.FloatField(
        label="Share of the weight needed for an overall score (0–1)", min_value=0.01, max_value=1
    )

    def __init__(self, *args, profile, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = [entry["code"] for entry in profile.components]
        for entry in profile.components:
            code, definition = entry["code"], DEFINITIONS[entry["code"]]
            self.fields[f"{code}_weight"] = forms.FloatField(
                label=f"{code} {definition.name}: weight", min_value=0, initial=entry["weight"]
            )
            self.fields[f"{code}_lower"] = forms.FloatField(
                label=f"{code}: lower goalpost ({definition.unit})", initial=entry["lower"]
            )
            self.fields[f"{code}_upper"] = forms.FloatField(
                label=f"{code}: upper goalpost ({definition.unit})", initial=entry["upper"]
            )
            self.fields[f"{code}_polarity"] = forms.ChoiceField(
                label=f"{code}: polarity",
                choices=[(POSITIVE, "Higher is better"), (NEGATIVE, "Lower is better")],
                initial=entry["polarity"],
            )

    def components(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "code": code,
                "weight": data[f"{code}_weight"],
                "lower": data[f"{code}_lower"],
                "upper": data[f"{code}_upper"],
                "polarity": data[f"{code}_polarity"],
            }  # fmt: skip
            for code in self.codes
        ]


class SurveyUploadForm(GDSFormMixin, forms.Form):
    submit_label = "Import"
    file = UploadField(
        kind="capacity-people-survey",
        help_text="A Civil Service People Survey results file: the benchmark results ODS "
        "(2021 onwards), the 2020 ODS or a 2009–2019 CSV.",
    )
    year = forms.IntegerField(
        min_value=2009,
        max_value=2100,
        required=False,
        help_text="Only when the file does not say which year it is.",
    )


class SurveyMappingForm(GDSFormMixin, forms.Form):
    submit_label = "Save the mapping"
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="Not mapped (no platform organisation)",
        help_text="Kept for every year this code appears in.",
    )


class SurveyFilterForm(forms.Form):
    mapped = forms.ChoiceField(
        choices=[("unmapped", "Not mapped"), ("mapped", "Mapped"), ("all", "All")],
        required=False,
    )
