"""Form pieces shared by every app: error messages that name their field, upload fields held
to their limits, and a service's ValidationError shown on the form that called it."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

from .upload_content import ContentRefused
from .uploads import LimitExceeded, check_upload, format_bytes, limits_for

# Django's message for an empty required field, which names no field.
GENERIC_REQUIRED = forms.Field.default_error_messages["required"]
CHOOSING = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.NullBooleanField)


def required_message(field: forms.Field, name: str) -> str:
    """The GOV.UK message for an empty required field: it says what to do and names the field
    ("Enter the title", "Select the direction", "Select a file")."""
    label = str(field.label or name.replace("_", " ").capitalize()).strip().rstrip(":")
    if isinstance(field, forms.FileField):
        return f"Select the {_lower_first(label)}" if "file" in label.lower() else "Select a file"
    verb = "Select" if isinstance(field, CHOOSING) else "Enter"
    if label.endswith("?"):
        return f"{verb} an answer to “{label}”"
    return f"{verb} the {_lower_first(label)}"


def _lower_first(label: str) -> str:
    # "SBOM file" and "DPIA status" keep their capitals; "Title" becomes "title".
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


class GovukBoundField(BoundField):
    """A bound field whose "This field is required." names the field, as the GOV.UK error
    summary pattern asks; the summary and the message by the field both read ``errors``.

    Radio buttons never offer Django's "---------" blank choice: a required question has no
    blank answer, and an optional one shows it as "Not stated".
    """

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        if (
            isinstance(field.widget, forms.RadioSelect)
            and type(field) is not forms.ModelChoiceField
        ):
            choices = list(getattr(field, "choices", []))
            if choices and choices[0][0] in ("", None) and str(choices[0][1]).startswith("---"):
                # The form's own copy of the field (forms deep-copy their fields).
                field.choices = (
                    choices[1:] if field.required else [("", "Not stated"), *choices[1:]]
                )

    @property
    def errors(self):
        errors = super().errors
        generic = self.field.error_messages.get("required")
        if generic != GENERIC_REQUIRED or generic not in errors:
            return errors
        message = required_message(self.field, self.name)
        return self.form.error_class(
            [message if error == generic else error for error in errors],
            renderer=self.form.renderer,
        )


class GovukFormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: every form in the service gets GovukBoundField."""

    bound_field_class = GovukBoundField


class UploadField(forms.FileField):
    """A file upload held to its kind's limits and format (core.uploads, core.upload_content)
    before any job is queued.

    ``kind`` names the limits (an importer name, or "ocds"); a form whose kind depends on
    what is imported sets ``field.kind`` in its ``__init__``. The help text ends with the
    largest size allowed.
    """

    def __init__(self, *, kind: str = "default", columns: tuple[str, ...] = (), **kwargs):
        self.kind = kind
        # The header row a CSV must have (the importer's required columns), checked on the form.
        self.columns = columns
        help_text = kwargs.pop("help_text", "")
        super().__init__(**kwargs)
        self.base_help_text = help_text

    @property
    def help_text(self) -> str:  # read when the form renders, so setting changes show
        limit = limits_for(self.kind).bytes
        size = f"The file can be up to {format_bytes(limit)}." if limit else ""
        return " ".join(part for part in (self.base_help_text, size) if part)

    @help_text.setter
    def help_text(self, value: str) -> None:
        self.base_help_text = value

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                check_upload(self.kind, upload, columns=self.columns)
            except LimitExceeded as exc:
                raise forms.ValidationError(str(exc), code=exc.limit) from exc
            except ContentRefused as exc:
                raise forms.ValidationError(str(exc), code="format") from exc
        return upload


def apply_errors(form, exc: ValidationError, *, fields: Mapping[str, str] | None = None) -> None:
    """Put each of the error's messages on the form field it names, or above the form when the
    form has no such field (or the error names none, as ``ValidationError("…")`` does).

    ``fields`` maps a model field to the form field that shows its errors, for forms that
    spread one model field over several inputs (conditions → condition_1_text, say).
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, messages in exc.message_dict.items():
        shown = (fields or {}).get(name)
        if shown in form.fields:
            target = shown
        elif name in form.fields and name != NON_FIELD_ERRORS:
            target = name
        else:
            target = None
        form.add_error(target, messages)
