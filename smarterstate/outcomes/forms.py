"""Forms for the Outcomes pages. They parse input; the rules are checked by the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator

from smarterstate.core.date_input import DATE_HINT, GovukDateField
from smarterstate.core.forms import UploadField
from smarterstate.organisations.forms import GDSFormMixin

from .frameworks import service_standard
from .models import (
    Confidence,
    ConfidenceScale,
    Decision,
    Initiative,
    Kind,
    MandatoryKPI,
    Outcome,
    Phase,
    PilotDecision,
)
from .services.gates import needs_assessment, next_phases
from .services.initiatives import INITIATIVE_FIELDS
from .services.links import available_kinds

DATE_HELP = DATE_HINT
EARLIEST = MinValueValidator(dt.date(1900, 1, 1))
MONEY_MAX = Decimal("999999999999.99")
CONDITION_SLOTS = 3


def _date(label: str, *, required: bool = True, help_text: str = DATE_HELP) -> GovukDateField:
    return GovukDateField(
        label=label, required=required, validators=[EARLIEST], help_text=help_text
    )


def _money(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=MONEY_MAX,
        decimal_places=2,
        help_text=help_text,
    )


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label="Name contains", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *Kind.choices]
    )
    phase = forms.ChoiceField(
        label="Phase", required=False, choices=[("", "All phases"), *Phase.choices]
    )
    confidence = forms.ChoiceField(
        label="Delivery confidence",
        required=False,
        choices=[("", "All ratings"), *Confidence.choices],
    )
    flagged = forms.ChoiceField(
        label="Outcome first",
        required=False,
        choices=[("", "All initiatives"), ("yes", "Only those with no measurable outcome")],
    )


class InitiativeForm(GDSFormMixin, forms.Form):
    submit_label = "Save initiative"
    name = forms.CharField(max_length=255)
    kind = forms.ChoiceField(
        choices=[c for c in Kind.choices if c[0] != Kind.PILOT],
        widget=forms.RadioSelect,
        help_text="Pilots are started from the pilots page.",
    )
    phase = forms.ChoiceField(
        label="Phase it is in now",
        choices=Phase.choices,
        help_text="Set once, when it joins the portfolio; after that only a gate review changes it.",
    )
    parent = forms.ModelChoiceField(
        label="Part of", queryset=Initiative.objects.none(), required=False, empty_label="Nothing"
    )
    description = forms.CharField(widget=forms.Textarea, required=False)
    senior_responsible_owner = forms.CharField(
        label="Senior responsible owner", required=False, max_length=200
    )
    team = forms.CharField(required=False, max_length=200)
    budget = _money("Budget (£)")
    spend = _money("Spend to date (£)")
    start_date = _date("Start date", required=False)
    end_date = _date("End date", required=False)
    next_gate_review = _date("Next gate review (planned)", required=False)

    def __init__(self, *args, org, instance: Initiative | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Initiative.objects.filter(organisation=org).exclude(kind=Kind.PILOT)
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
            del self.fields["phase"]
            if instance.kind == Kind.PILOT:
                del self.fields["kind"]
        self.fields["parent"].queryset = parents.order_by("name")

    @staticmethod
    def initial_from(initiative: Initiative) -> dict:
        return {name: getattr(initiative, name) for name in INITIATIVE_FIELDS}


class SettingsForm(GDSFormMixin, forms.Form):
    submit_label = "Save settings"
    confidence_scale = forms.TypedChoiceField(
        label="Delivery confidence scale",
        choices=ConfidenceScale.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )


class RatingForm(GDSFormMixin, forms.Form):
    submit_label = "Record rating"
    rating = forms.ChoiceField(label="Delivery confidence", widget=forms.RadioSelect)
    rated_on = _date("Date of the assessment")
    note = forms.CharField(widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args, ratings: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [(r, Confidence(r).label) for r in ratings]


class OutcomeForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save outcome"

    class Meta:
        model = Outcome
        fields = [
            "name",
            "measure",
            "unit",
            "direction",
            "benefit_type",
            "owner",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
        ]
        widgets = {"direction": forms.RadioSelect, "benefit_type": forms.RadioSelect}
        field_classes = {"baseline_date": GovukDateField, "target_date": GovukDateField}
        help_texts = {
            "baseline_date": DATE_HELP,
            "target_date": DATE_HELP,
            "baseline_value": "Where the measure stands before the change.",
            "target_value": "Where it should be by the target date.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("baseline_date", "target_date"):
            self.fields[name].validators.append(EARLIEST)

    def _post_clean(self):
        """The services validate the model; the form only parses."""


class KPIForm(GDSFormMixin, forms.Form):
    submit_label = "Add these KPIs"
    kpis = forms.MultipleChoiceField(
        label="Mandatory KPIs", choices=MandatoryKPI.choices, widget=forms.CheckboxSelectMultiple
    )
    owner = forms.CharField(label="Benefit owner", required=False, max_length=200)


class MeasurementForm(GDSFormMixin, forms.Form):
    submit_label = "Add measurement"
    date = _date("Date measured")
    value = forms.DecimalField(label="Value", max_digits=18, decimal_places=4)
    note = forms.CharField(required=False, max_length=500)


def _condition_fields(form: forms.Form) -> None:
    for n in range(1, CONDITION_SLOTS + 1):
        form.fields[f"condition_{n}_text"] = forms.CharField(
            label=f"Condition {n}", required=False, max_length=500
        )
        form.fields[f"condition_{n}_owner"] = forms.CharField(
            label=f"Owner of condition {n}", required=False, max_length=200
        )
        form.fields[f"condition_{n}_due"] = _date(f"Condition {n} due by", required=False)


class GateReviewForm(GDSFormMixin, forms.Form):
    submit_label = "Record gate review"
    to_phase = forms.ChoiceField(label="Moving to", widget=forms.RadioSelect)
    review_date = _date("Date of the review")
    panel = forms.CharField(label="Panel", max_length=500, help_text="Who sat on the panel.")
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
    notes = forms.CharField(widget=forms.Textarea, required=False, max_length=10000)

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        phases = next_phases(initiative.phase)
        self.fields["to_phase"].choices = [(p, Phase(p).label) for p in phases]
        _condition_fields(self)
        self.assessed = initiative.kind == "service" and any(
            needs_assessment(initiative, p) for p in phases
        )
        if self.assessed:
            for n, text in enumerate(service_standard(), start=1):
                self.fields[f"point_{n}"] = forms.TypedChoiceField(
                    label=f"Service Standard point {n}: {text}",
                    choices=[("met", "Met"), ("not-met", "Not met")],
                    coerce=lambda v: v == "met",
                    widget=forms.RadioSelect,
                    required=False,
                    help_text="Leave unanswered for a gate into retirement.",
                )
                self.fields[f"point_{n}_notes"] = forms.CharField(
                    label=f"Notes on point {n}", required=False, max_length=2000
                )

    def conditions(self) -> list[dict]:
        data = self.cleaned_data
        found = []
        for n in range(1, CONDITION_SLOTS + 1):
            text, owner, due = (
                data.get(f"condition_{n}_text"),
                data.get(f"condition_{n}_owner"),
                data.get(f"condition_{n}_due"),
            )
            if text or owner or due:
                found.append({"text": text or "", "owner": owner or "", "due_date": due})
        return found

    def points(self) -> list[dict]:
        if not self.assessed:
            return []
        answers = [
            {
                "point": n,
                "met": self.cleaned_data.get(f"point_{n}"),
                "notes": self.cleaned_data.get(f"point_{n}_notes", ""),
            }
            for n in range(1, len(service_standard()) + 1)
        ]
        answered = [a for a in answers if a["met"] in (True, False)]
        return answered


class PilotForm(GDSFormMixin, forms.Form):
    submit_label = "Start pilot"
    name = forms.CharField(max_length=255)
    hypothesis = forms.CharField(
        widget=forms.Textarea,
        max_length=5000,
        help_text="We believe that … will result in … We will know when we see …",
    )
    timebox_start = _date("Time-box starts")
    timebox_end = _date("Time-box ends")
    budget = _money("Budget (£)")
    from_fund = _money(
        "Also allocate from the innovation fund (£)",
        required=False,
        help_text="Adds to the budget; the fund must hold it.",
    )
    parent = forms.ModelChoiceField(
        label="Part of", queryset=Initiative.objects.none(), required=False, empty_label="Nothing"
    )
    senior_responsible_owner = forms.CharField(
        label="Senior responsible owner", required=False, max_length=200
    )
    team = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            Initiative.objects.filter(organisation=org).exclude(kind=Kind.PILOT).order_by("name")
        )


class CriterionForm(GDSFormMixin, forms.Form):
    submit_label = "Add success criterion"
    outcome = forms.ModelChoiceField(label="Outcome measure", queryset=Outcome.objects.none())
    description = forms.CharField(label="Success looks like", max_length=500)
    threshold = forms.DecimalField(
        label="Threshold",
        required=False,
        max_digits=18,
        decimal_places=4,
        help_text="The value the measure must reach (optional).",
    )

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = pilot.initiative.outcomes.order_by("name")


class DecisionForm(GDSFormMixin, forms.Form):
    submit_label = "Record decision"
    decision = forms.ChoiceField(choices=PilotDecision.choices, widget=forms.RadioSelect)
    decided_on = _date("Date of the decision")
    evidence = forms.CharField(
        widget=forms.Textarea, max_length=10000, help_text="What the measures showed, and why."
    )
    new_timebox_end = _date("New time-box end (iterate only)", required=False)
    funding = _money("Funding from the innovation fund (£, scale or iterate)", required=False)


class AllocationForm(GDSFormMixin, forms.Form):
    submit_label = "Allocate"
    initiative = forms.ModelChoiceField(label="To", queryset=Initiative.objects.none())
    amount = _money("Amount (£)")
    entry_date = _date("Date")
    note = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = (
            Initiative.objects.filter(organisation=org)
            .exclude(pilot__decision=PilotDecision.STOP)
            .order_by("name")
        )


class DepositForm(GDSFormMixin, forms.Form):
    submit_label = "Pay in"
    amount = _money("Amount (£)")
    entry_date = _date("Date")
    note = forms.CharField(max_length=500, help_text="Where the money comes from.")


class LinkForm(GDSFormMixin, forms.Form):
    submit_label = "Add link"
    kind = forms.ChoiceField(label="Kind of record", widget=forms.RadioSelect)
    identifier = forms.CharField(
        label="Id",
        max_length=255,
        help_text="The record's id (for a procurement process, its OCID).",
    )
    note = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.label, k.name) for k in available_kinds()]


class UploadForm(GDSFormMixin, forms.Form):
    submit_label = "Upload and import"
    file = UploadField(
        kind="outcome-measurements",
        columns=("outcome", "date", "value"),  # importers/measurements_csv.py REQUIRED
        label="Measurements CSV",
        help_text="Columns outcome (id), date (YYYY-MM-DD), value, and optionally unit and note.",
    )
