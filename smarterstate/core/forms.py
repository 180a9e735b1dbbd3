"""Shared form helpers: a service's ValidationError shown on the form that called it."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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
