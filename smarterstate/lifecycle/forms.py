"""Forms for the lifecycle pages: filters, systems, components, overrides, assessments, uploads."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from smarterstate.core.date_input import DATE_HINT, GovukDateField
from smarterstate.core.forms import UploadField
from smarterstate.organisations.forms import GDSFormMixin

from .models import (
    IMPACT_CRITERIA,
    LIKELIHOOD_CRITERIA,
    Component,
    Criticality,
    Cycle,
    CycleOverride,
    Phase,
    Product,
    System,
)
from .rules import STATUS_LABELS
from .services.register import COMPONENT_FIELDS, SYSTEM_FIELDS

DATE_HELP = DATE_HINT
EARLIEST = MinValueValidator(dt.date(1900, 1, 1))
LATEST = MaxValueValidator(dt.date(2200, 12, 31))


def _date_field(label: str, required: bool = False, help_text: str = DATE_HELP):
    return GovukDateField(
        label=label, required=required, validators=[EARLIEST, LATEST], help_text=help_text
    )


class AsOfForm(forms.Form):
    as_of = _date_field(
        "Show the estate as it was on", help_text="Leave empty for today. " + DATE_HELP
    )


class SystemFilterForm(forms.Form):
    q = forms.CharField(label="Name contains", required=False, max_length=200)
    phase = forms.ChoiceField(
        label="Lifecycle phase", required=False, choices=[("", "All phases"), *Phase.choices]
    )
    criticality = forms.ChoiceField(
        label="Criticality", required=False, choices=[("", "All"), *Criticality.choices]
    )
    status = forms.ChoiceField(
        label="Worst component status",
        required=False,
        choices=[("", "Any"), *STATUS_LABELS.items(), ("none", "No components")],
    )
    red_rated = forms.BooleanField(label="Red-rated only", required=False)


class ComponentFilterForm(forms.Form):
    q = forms.CharField(label="Name or purl contains", required=False, max_length=200)
    matched = forms.ChoiceField(
        label="Matched to the catalogue",
        required=False,
        choices=[("", "All"), ("yes", "Matched to a release cycle"), ("no", "Not matched")],
    )
    status = forms.ChoiceField(
        label="End-of-life status", required=False, choices=[("", "All"), *STATUS_LABELS.items()]
    )


class SystemForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save system"

    class Meta:
        model = System
        # What the service writes, plus the contracts it links (passed to it separately).
        fields = [*SYSTEM_FIELDS, "contracts"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = dict.fromkeys(
            ("plan_date", "phase_in_date", "active_date", "phase_out_date", "end_of_life_date"),
            GovukDateField,
        )

    def __init__(self, *args, organisation, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        successors = System.objects.filter(organisation=organisation)
        if self.instance.pk:
            successors = successors.exclude(pk=self.instance.pk)
        self.fields["successor"].queryset = successors
        self.fields["contracts"].queryset = contracts
        self.fields["contracts"].required = False
        self.fields["contracts"].help_text = "Your organisation's contracts (commercial pillar)."
        for name in ("plan_date", "phase_in_date", "active_date", "phase_out_date"):
            self.fields[name].help_text = DATE_HELP
            self.fields[name].validators += [EARLIEST, LATEST]
        self.fields["end_of_life_date"].validators += [EARLIEST, LATEST]
        self.fields["annual_cost"].validators += [MinValueValidator(0)]
        self.fields["users"].validators += [MaxValueValidator(100_000_000)]


class ComponentForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save component"

    class Meta:
        model = Component
        fields = list(COMPONENT_FIELDS)
        help_texts = {
            "purl": "For example, pkg:maven/org.eclipse.jetty/jetty-server@9.4.18",
            "cpe": "Used when there is no purl, for example cpe:2.3:a:php:php:8.1",
        }


class OverrideForm(GDSFormMixin, forms.Form):
    submit_label = "Save override"

    product = forms.CharField(
        label="Product", max_length=100, help_text="The endoflife.date name, for example php"
    )
    cycle = forms.CharField(label="Release cycle", max_length=100, help_text="For example, 8.1")
    milestone = forms.ChoiceField(
        label="Milestone", choices=CycleOverride._meta.get_field("milestone").choices
    )
    date = _date_field("Our date", required=True)
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="The contract or notice that gives this date.",
    )
    owner = forms.CharField(label="Owner", max_length=200, help_text="Who answers for it.")
    expires_on = _date_field(
        "Expires on", required=True, help_text="After this the vendor's date applies. " + DATE_HELP
    )

    def clean(self):
        data = super().clean()
        if data.get("product") and data.get("cycle"):
            cycle = Cycle.objects.filter(
                product__name=data["product"].strip(), name=data["cycle"].strip()
            ).first()
            if cycle is None:
                self.add_error("cycle", "There is no such release cycle in the catalogue.")
            data["cycle_obj"] = cycle
        return data


class AssessmentForm(GDSFormMixin, forms.Form):
    submit_label = "Save assessment"

    assessed_on = _date_field("Date of the assessment", required=True)

    def __init__(self, *args, proposals: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in LIKELIHOOD_CRITERIA.items():
            help_text = "1 (low) to 6 (high)."
            if code in proposals:
                score, reason = proposals[code]
                help_text = f"Proposed {score} from data: {reason}. " + help_text
            self.fields[code] = forms.TypedChoiceField(
                label=f"{code.upper()} {label}",
                choices=[(str(i), str(i)) for i in range(1, 7)],
                coerce=int,
                help_text=help_text,
            )
            self.fields[f"{code}_evidence"] = forms.CharField(
                label=f"Evidence for {code.upper()}", required=False, max_length=2000
            )
        for code, label in IMPACT_CRITERIA.items():
            self.fields[code] = forms.TypedChoiceField(
                label=f"{code.upper()} {label}",
                choices=[(str(i), str(i)) for i in range(1, 6)],
                coerce=int,
                help_text="1 (low) to 5 (high).",
            )
            self.fields[f"{code}_evidence"] = forms.CharField(
                label=f"Evidence for {code.upper()}", required=False, max_length=2000
            )
        self.fields["risk_owner"] = forms.CharField(
            label="Risk owner", required=False, max_length=200
        )
        self.fields["legacy_owner"] = forms.CharField(
            label="Legacy owner", required=False, max_length=200
        )
        self.fields["funding"] = forms.CharField(
            label="Funding", required=False, max_length=300, help_text="Where the money comes from."
        )
        self.fields["remediation_date"] = _date_field("Remediation date")

    def assessment_data(self) -> dict:
        data = dict(self.cleaned_data)
        evidence = {}
        for code in (*LIKELIHOOD_CRITERIA, *IMPACT_CRITERIA):
            evidence[code] = data.pop(f"{code}_evidence", "")
        data["evidence"] = evidence
        return data


class UploadForm(GDSFormMixin, forms.Form):
    submit_label = "Upload and import"
    file = UploadField(label="File")

    def __init__(self, *args, kind: str, label: str, help_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].kind = kind  # the importer's name: its upload limits
        self.fields["file"].label = label
        self.fields["file"].help_text = help_text


class RegisterUploadForm(UploadForm):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[("systems", "Systems"), ("components", "Components")],
        widget=forms.RadioSelect,
    )


# -- coverage: mappings and the organisation's own lifecycle entries --------------------


def _clean_key(value: str) -> str:
    from .rules import mapping_key

    key = mapping_key(value)
    if key is None:
        raise forms.ValidationError(
            "Enter a purl family such as pkg:maven/org.acme, without a version (after @)"
        )
    return key


class MappingForm(GDSFormMixin, forms.Form):
    submit_label = "Save mapping"

    key = forms.CharField(
        label="Purl family or package",
        max_length=500,
        help_text="For example, pkg:maven/org.apache.tomcat (every package in the namespace) or "
        "pkg:maven/org.hibernate/hibernate-validator (one package)",
    )
    product = forms.ModelChoiceField(
        label="Catalogue product",
        queryset=None,
        required=False,
        empty_label="None: not covered, whatever the catalogue suggests",
        to_field_name="name",
    )
    note = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="The evidence: for example, the vendor's release notes.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        self.fields["product"].queryset = Product.objects.filter(
            Q(organisation__isnull=True) | Q(organisation=organisation)
        ).order_by("label")

    def clean_key(self):
        return _clean_key(self.cleaned_data.get("key", ""))


class OwnProductForm(GDSFormMixin, forms.Form):
    submit_label = "Add the lifecycle entry"

    key = MappingForm.base_fields["key"]
    label = forms.CharField(label="Product name", max_length=200)
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Where the dates come from: the vendor's support policy, a contract.",
    )
    cycles = forms.CharField(
        label="Release cycles",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="One a line: cycle, release date, end of life date. For example, "
        "2.1, 2023-01-15, 2027-03-31 (leave a date empty when it is not known)",
    )

    def clean_key(self):
        return _clean_key(self.cleaned_data.get("key", ""))

    def clean_cycles(self):
        from .services.mappings import OwnCycle

        cycles, names = [], set()
        for number, line in enumerate(self.cleaned_data["cycles"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",")]
            if len(parts) != 3 or not parts[0]:
                raise forms.ValidationError(
                    f"Line {number}: enter a cycle, a release date and an end of life date, "
                    "separated by commas"
                )
            dates = []
            for part in parts[1:]:
                try:
                    dates.append(dt.date.fromisoformat(part) if part else None)
                except ValueError:
                    raise forms.ValidationError(
                        f"Line {number}: enter dates like 2027-03-31"
                    ) from None
            if parts[0] in names:
                raise forms.ValidationError(f"Line {number}: cycle {parts[0]} is listed twice")
            names.add(parts[0])
            cycles.append(OwnCycle(parts[0][:100], dates[0], dates[1]))
        if not cycles:
            raise forms.ValidationError("Enter at least one release cycle")
        return cycles
