"""The GOV.UK date input: one date as day, month and year boxes (issue 16, item 6).

``GovukDateField`` is the one date field of the service's HTML forms (API serializers keep
ISO dates). It renders, through crispy-forms-gds's multi-value layout, as a fieldset whose
legend is the label and whose hint is ``DATE_HINT`` (an example in the format the boxes
show), and says what is wrong in the Design System's words: "Start date must include a
month", "Start date must be a real date". Only the boxes at fault are marked.

The boxes are named ``<name>_day``, ``<name>_month`` and ``<name>_year``; a request with a
single ``<name>`` (an ISO date, as links and older clients send) is read too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

DATE_HINT = "For example, 27 3 2026"
PARTS = ("day", "month", "year")
_MONTHS = {
    name.lower(): number
    for names in (calendar.month_name, calendar.month_abbr)
    for number, name in enumerate(names)
    if name
} | {"sept": 9}


def date_parts(value: Any) -> list[str]:
    """Day, month and year as the boxes show them, from a date, an ISO string or the boxes."""
    if isinstance(value, dt.date):
        return [str(value.day), str(value.month), str(value.year)]
    if isinstance(value, (list, tuple)):
        return [str(part if part is not None else "").strip() for part in (*value, "", "", "")[:3]]
    if isinstance(value, str) and (found := re.fullmatch(r"\s*(\d+)-(\d+)-(\d+)\s*", value)):
        year, month, day = found.groups()
        return [str(int(day)), str(int(month)), year]
    return ["", "", ""]


class GovukDateInput(forms.MultiWidget):
    """Three text boxes (day, month, year) with numeric keyboards, labelled as GOV.UK does."""

    template_name = "core/widgets/date_input.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        def box(width: int) -> forms.TextInput:
            return forms.TextInput(attrs={
                "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                "inputmode": "numeric",
            })  # fmt: skip

        super().__init__({"day": box(2), "month": box(2), "year": box(4)}, attrs)

    def decompress(self, value):
        return date_parts(value)

    def value_from_datadict(self, data, files, name):
        parts = [data.get(f"{name}_{part}") for part in PARTS]
        if all(part is None for part in parts) and name in data:
            return data.get(name)  # one ISO date, as a link or the API-style tests send
        return parts

    def value_omitted_from_data(self, data, files, name):
        return name not in data and all(f"{name}_{part}" not in data for part in PARTS)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id")
        for part, subwidget in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            subwidget["label"] = part.capitalize()
            if base:
                # The day box takes the field's own id: the error summary links to it.
                subwidget["attrs"]["id"] = base if part == "day" else f"{base}_{part}"
        return context

    def id_for_label(self, id_):
        return id_


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year (GOV.UK date input), cleaned to a ``date``."""

    widget = GovukDateInput

    def __init__(self, *, help_text: str = "", **kwargs):
        # The hint always shows the format the boxes take (a model's help text goes first).
        if "For example" not in str(help_text):
            help_text = " ".join(str(part).strip() for part in (help_text, DATE_HINT) if part)
        parts = tuple(forms.CharField(required=False) for _ in PARTS)
        super().__init__(parts, require_all_fields=False, help_text=help_text, **kwargs)

    @property
    def name(self) -> str:
        return str(self.label or "Date").strip().rstrip(":")

    def clean(self, value):
        for part in self.fields:
            part.widget.errors = []  # crispy-forms-gds marks the boxes whose list has errors
        parts = date_parts(value)
        if not any(parts):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        try:
            day = self._to_date(parts)
        except ValidationError as exc:
            for index in getattr(exc, "boxes", range(3)):
                self.fields[index].widget.errors = list(exc.messages)
            raise
        self.validate(day)
        try:
            self.run_validators(day)
        except ValidationError as exc:
            raise ValidationError(self._limit_messages(exc)) from exc
        return day

    def compress(self, data_list):
        return self._to_date(date_parts(data_list)) if any(data_list or ()) else None

    def has_changed(self, initial, data):
        try:
            before = self._to_date(date_parts(initial)) if any(date_parts(initial)) else None
            after = self._to_date(date_parts(data)) if any(date_parts(data)) else None
        except ValidationError:
            return True
        return before != after

    def _to_date(self, parts: list[str]) -> dt.date:
        missing = [name for name, part in zip(PARTS, parts, strict=True) if not part]
        if missing:
            raise _boxes(f"{self.name} must include a {' and '.join(missing)}", missing)
        day, month, year = parts
        month = str(_MONTHS.get(month.lower().rstrip("."), month))
        bad = [name for name, part in zip(PARTS, (day, month, year), strict=True)
               if not part.isdigit()]  # fmt: skip
        if bad:
            raise _boxes(f"{self.name} must be a real date", bad)
        if len(year) != 4:
            raise _boxes(f"{self.name}: the year must include 4 numbers", ["year"])
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise _boxes(f"{self.name} must be a real date", PARTS) from None

    def _limit_messages(self, exc: ValidationError) -> list[str]:
        messages = []
        for error in exc.error_list:
            limit = (error.params or {}).get("limit_value")
            if error.code == "min_value" and isinstance(limit, dt.date):
                messages.append(f"{self.name} must be the same as or after {_long(limit)}")
            elif error.code == "max_value" and isinstance(limit, dt.date):
                messages.append(f"{self.name} must be the same as or before {_long(limit)}")
            else:
                messages.extend(error.messages)
        return messages


def _long(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _boxes(message: str, names) -> ValidationError:
    error = ValidationError(message, code="invalid")
    error.boxes = [PARTS.index(name) for name in names]  # type: ignore[attr-defined]  # read by clean
    return error
