"""Forms for the commercial pages: list filters, reviews, notes, uploads and buyer mapping."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MinValueValidator

from smarterstate.core.date_input import DATE_HINT, GovukDateField
from smarterstate.core.forms import UploadField
from smarterstate.organisations.forms import GDSFormMixin

from .models import ContractReview, MethodCategory
from .reviews import CHECKLIST

# "Not known" is an answer of its own, so an untouched question is an error rather than a
# silent "not met" (an untouched form used to save a review scoring 0).
YES_NO_UNKNOWN = [("true", "Yes"), ("false", "No"), ("unknown", "Not known")]
DATE_HELP = DATE_HINT
# Dates before 1900 are typing mistakes, and near year 1 time-zone arithmetic overflows.
EARLIEST = MinValueValidator(dt.date(1900, 1, 1))


class PeriodForm(forms.Form):
    """Which period a dashboard shows: a financial year or a rolling 12 months."""

    period = forms.ChoiceField(label="Period", required=False)

    def __init__(self, *args, periods: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p["key"], p["label"]) for p in periods]


class ProcessFilterForm(forms.Form):
    q = forms.CharField(label="Title or ocid contains", required=False, max_length=200)
    buyer = forms.CharField(label="Buyer name contains", required=False, max_length=200)
    supplier = forms.CharField(label="Supplier name contains", required=False, max_length=200)
    method = forms.ChoiceField(
        label="Procurement method",
        required=False,
        choices=[("", "All methods"), *[c for c in MethodCategory.choices if c[0]]],
    )
    status = forms.CharField(label="Tender status", required=False, max_length=40)
    date_from = GovukDateField(
        label="From", required=False, validators=[EARLIEST], help_text=DATE_HELP
    )
    date_to = GovukDateField(
        label="Before", required=False, validators=[EARLIEST], help_text=DATE_HELP
    )


class ContractFilterForm(forms.Form):
    q = forms.CharField(label="Title or supplier contains", required=False, max_length=200)
    status = forms.CharField(label="Contract status", required=False, max_length=40)
    ends_after = GovukDateField(
        label="Ends on or after", required=False, validators=[EARLIEST], help_text=DATE_HELP
    )
    ends_before = GovukDateField(
        label="Ends before", required=False, validators=[EARLIEST], help_text=DATE_HELP
    )


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
        coerce=lambda value: {"true": True, "false": False}.get(value),
        empty_value=None,
        help_text="“Not known” counts as not met.",
    )


class ContractReviewForm(GDSFormMixin, forms.Form):
    submit_label = "Save review"

    review_date = GovukDateField(label="Date of the review", help_text=DATE_HELP)
    kpis_recorded = forms.IntegerField(
        label="KPIs recorded",
        min_value=0,
        max_value=1000,
        help_text="Contracts worth over £5m need at least 3 (Procurement Act 2023, section 52).",
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    next_review_date = GovukDateField(
        label="Next review",
        required=False,
        help_text="Leave empty to review again in 6 months (score under 60 or too few KPIs) "
        "or 12 months. " + DATE_HELP,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in reversed(CHECKLIST):
            label = ContractReview._meta.get_field(name).verbose_name
            self.fields[name] = _yes_no(str(label).capitalize())
        order = ["review_date", *CHECKLIST, "kpis_recorded", "notes", "next_review_date"]
        self.order_fields(order)

    @staticmethod
    def initial_from(review: ContractReview) -> dict:
        initial = {
            name: getattr(review, name)
            for name in ("review_date", "kpis_recorded", "notes", "next_review_date")
        }
        for name in CHECKLIST:
            value = getattr(review, name)
            initial[name] = "unknown" if value is None else ("true" if value else "false")
        return initial


class ProcessNoteForm(GDSFormMixin, forms.Form):
    submit_label = "Add note"
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea,
        max_length=10_000,
        help_text="Only your organisation's members can read it.",
    )


class OCDSUploadForm(GDSFormMixin, forms.Form):
    submit_label = "Upload and import"
    file = UploadField(
        kind="ocds",
        label="OCDS file",
        help_text="A release or record package, JSON lines or concatenated JSON, or a .gz of any of them.",
    )


class BuyerMappingForm(GDSFormMixin, forms.Form):
    submit_label = "Map buyer"
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        empty_label="Choose an organisation",
        help_text="Only organisations you administer are listed.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")
