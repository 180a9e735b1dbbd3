"""Form fields shared by every app."""

from __future__ import annotations

from django import forms

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
