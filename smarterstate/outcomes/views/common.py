"""Helpers the Outcomes views share: record lookups scoped to the organisation, form pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import render

from smarterstate.authz import Level, get_object


def in_org(request, org, queryset: QuerySet, level: Level, pk: int):
    """A record of ``org`` by id: another organisation's record answers 404, even with this slug."""
    return get_object(request.user, queryset.filter(organisation=org), level, pk=pk)


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            if field == "conditions" and "condition_1_text" in form.fields:
                target = "condition_1_text"
            if field == "points" and "point_1" in form.fields:
                target = "point_1"
            if field == "identifier" and "identifier" in form.fields:
                target = "identifier"
            form.add_error(target, errors)
    else:
        form.add_error(None, exc.messages)


def saved(request, form, save):
    """Run ``save()``; on a rule broken, put its messages on the form and return None."""
    try:
        return save()
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def form_page(request, org, form, title: str, *, intro: str = "", warning: str = ""):
    return render(
        request,
        "core/form_page.html",
        {"page_title": title, "org": org, "form": form, "intro": intro, "warning": warning},
    )
