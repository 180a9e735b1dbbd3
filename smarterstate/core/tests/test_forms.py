from django import forms
from django.core.exceptions import ValidationError

from smarterstate.core.forms import apply_errors


class NameForm(forms.Form):
    name = forms.CharField(required=False)
    condition_1_text = forms.CharField(required=False)


def _bound() -> NameForm:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def test_messages_go_on_the_field_they_name_or_above_the_form():
    form = _bound()
    apply_errors(form, ValidationError({"name": "Taken.", "slug": "Bad.", "__all__": "Clash."}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Bad.", "Clash."]


def test_a_plain_validation_error_goes_above_the_form():
    form = _bound()
    apply_errors(form, ValidationError("The fund would go below zero."))
    assert form.non_field_errors() == ["The fund would go below zero."]


def test_a_model_field_can_be_shown_on_another_form_field():
    form = _bound()
    apply_errors(
        form, ValidationError({"conditions": "Add one."}), fields={"conditions": "condition_1_text"}
    )
    assert form.errors["condition_1_text"] == ["Add one."]


class _Everything(forms.Form):
    title = forms.CharField()
    direction = forms.ChoiceField(
        choices=[("", "---------"), ("up", "Up"), ("down", "Down")], widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        choices=[("", "---------"), ("a", "A")], widget=forms.RadioSelect, required=False
    )
    sbom = forms.FileField(label="SBOM file")
    question = forms.CharField(label="What changed?")
    own = forms.CharField(error_messages={"required": "Enter the name of the owner"})


def test_required_errors_name_their_field_and_link_to_it():
    from django.template.loader import render_to_string

    form = _Everything(data={})
    assert form["title"].errors == ["Enter the title"]
    assert form["direction"].errors == ["Select the direction"]
    assert form["sbom"].errors == ["Select the SBOM file"]
    assert form["question"].errors == ["Enter an answer to “What changed?”"]
    assert form["own"].errors == ["Enter the name of the owner"]  # a form's own words stay
    summary = render_to_string("includes/error_summary.html", {"form": form})
    assert '<a href="#id_title">Enter the title</a>' in summary
    assert "This field is required" not in summary


def test_radios_offer_no_dashes_choice():
    form = _Everything()
    rendered = str(form["direction"]) + str(form["kind"])
    assert "---------" not in rendered
    assert [value for value, _ in form.fields["direction"].choices] == ["up", "down"]
    assert form.fields["kind"].choices[0] == ("", "Not stated")


def test_number_and_date_inputs_are_govuk_inputs_prefilled_as_the_hint_reads():
    import datetime as dt

    from crispy_forms.utils import render_crispy_form

    class Money(forms.Form):
        budget = forms.DecimalField()
        starts = forms.DateField(help_text="For example, 2025-04-01")

    html = render_crispy_form(Money(initial={"budget": 5, "starts": dt.date(2026, 12, 4)}))
    assert 'class="govuk-input govuk-input--width-10"' in html
    assert 'value="2026-12-04"' in html and "04/12/2026" not in html
    assert Money({"budget": "5", "starts": "04/12/2026"}).is_valid()  # still accepted
