"""Form pieces shared by every app: upload fields held to their limits, and a service's
ValidationError shown on the form that called it."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .uploads import LimitExceeded, check_upload, format_bytes, limits_for


class UploadField(forms.FileField):
    """A file upload held to its kind's limits (core.uploads) before any job is queued.

    ``kind`` names the limits (an importer name, or "ocds"); a form whose kind depends on
    what is imported sets ``field.kind`` in its ``__init__``. The help text ends with the
    largest size allowed.
    """

    def __init__(self, *, kind: str = "default", **kwargs):
        self.kind = kind
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
                check_upload(self.kind, upload)
            except LimitExceeded as exc:
                raise forms.ValidationError(str(exc), code=exc.limit) from exc
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
