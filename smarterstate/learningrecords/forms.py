from __future__ import annotations

from django import forms

from smarterstate.core.date_input import GovukDateField
from smarterstate.skills.models import Person

from .models import LearningPlatform


class PlatformForm(forms.Form):
    name = forms.CharField(
        max_length=200, help_text="For example, the name of the LMS or e-learning service."
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="Optional: who runs it and what it sends.")  # fmt: skip


class MapIdentityForm(forms.Form):
    reference = forms.CharField(
        max_length=64,
        label="Staff reference",
        help_text="The person's pseudonymous reference, as in the people list.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        person = Person.objects.filter(organisation=self.organisation, reference=reference).first()
        if person is None:
            raise forms.ValidationError(
                f"No one in {self.organisation.name} has the reference {reference!r}."
            )
        self.cleaned_data["person"] = person
        return reference


class StatementFilterForm(forms.Form):
    """Filters of the statement viewer. Each is exact: they use the LRS's own query index."""

    platform = forms.ModelChoiceField(
        queryset=LearningPlatform.objects.none(), required=False, empty_label="Every platform"
    )
    actor = forms.CharField(required=False, label="Learner",
                            help_text="An email address, or an account as homePage|name (as shown in the list).")  # fmt: skip
    verb = forms.URLField(required=False, assume_scheme="https", help_text="The verb's IRI.")
    activity = forms.URLField(
        required=False, assume_scheme="https", help_text="The activity's IRI."
    )
    since = GovukDateField(required=False, label="Stored from")
    until = GovukDateField(required=False, label="Stored until")

    def __init__(self, *args, platforms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms
