"""Helpers the Outcomes views share: record lookups scoped to the organisation, form pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render

from smarterstate.core.forms import apply_errors

# Model fields some outcome forms show on another input.
FORM_FIELDS = {"conditions": "condition_1_text", "points": "point_1"}


def saved(request, form, save):
    """Run ``save()``; on a rule broken, put its messages on the form and return None."""
    try:
        return save()
    except ValidationError as exc:
        apply_errors(form, exc, fields=FORM_FIELDS)
        return None


def form_page(request, org, form, title: str, *, intro: str = "", warning: str = ""):
    return render(
        request,
        "core/form_page.html",
        {"page_title": title, "org": org, "form": form, "intro": intro, "warning": warning},
    )
