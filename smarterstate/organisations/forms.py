from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth import get_user_model

from smarterstate.core.forms import UploadField

from .models import Organisation, OrganisationType, Role


class GDSFormMixin:
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class MembershipAddForm(GDSFormMixin, forms.Form):
    submit_label = "Add member"
    username = forms.CharField(
        label="Username", help_text="The person must already have an account.", max_length=150
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        initial=Role.VIEWER,
        help_text="Viewers read; editors change data; admins also manage members.",
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"There is no active account called “{username}”.")
        if user.memberships.filter(organisation=self.organisation).exists():
            raise forms.ValidationError(f"{username} is already a member of {self.organisation}.")
        self.user = user
        return username


class MembershipRoleForm(GDSFormMixin, forms.Form):
    submit_label = "Change role"
    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect)


class OrganisationFilterForm(forms.Form):
    organisation_type = forms.ChoiceField(
        label="Type", choices=[("", "All types"), *OrganisationType.choices], required=False
    )


class MemberFilterForm(forms.Form):
    role = forms.ChoiceField(
        label="Role", choices=[("", "All roles"), *Role.choices], required=False
    )


class ConfirmForm(GDSFormMixin, forms.Form):
    submit_label = "Remove member"


class OrganisationImportForm(GDSFormMixin, forms.Form):
    submit_label = "Upload and import"
    file = UploadField(
        kind="organisations",
        columns=("name", "slug", "type"),  # importers/organisations_csv.py REQUIRED_COLUMNS
        label="CSV file",
        help_text="UTF-8 CSV (in Excel: Save as “CSV UTF-8”). Gzip is accepted too.",
    )
