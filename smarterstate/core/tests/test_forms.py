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
