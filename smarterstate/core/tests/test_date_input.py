"""The GOV.UK date input every HTML form uses for dates (issue 16, item 6)."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import re

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.core.validators import MinValueValidator
from django.template.loader import render_to_string

from smarterstate.core.date_input import DATE_HINT, GovukDateField

PILLARS = ("ai", "capacity", "commercial", "learningrecords", "lifecycle", "outcomes", "skills")


class When(forms.Form):
    starts = GovukDateField(label="Start date", validators=[MinValueValidator(dt.date(1900, 1, 1))])
    ends = GovukDateField(label="End date", required=False, help_text="Leave empty if open.")


def boxes(html: str, name: str) -> list[str]:
    return [
        re.search(rf'name="{name}_{part}"(?: value="([^"]*)")?', html).group(1) or ""  # type: ignore[union-attr]
        for part in ("day", "month", "year")
    ]


def test_it_renders_a_fieldset_with_legend_hint_and_three_labelled_boxes():
    html = render_crispy_form(When(initial={"starts": dt.date(2026, 3, 27)}))
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_starts_hint">' in html
    assert "Start date" in html.split("</legend>")[0]
    assert f'<div id="id_starts_hint" class="govuk-hint">{DATE_HINT}</div>' in html
    assert DATE_HINT == "For example, 27 3 2026"
    assert 'class="govuk-date-input"' in html
    assert boxes(html, "starts") == ["27", "3", "2026"]  # prefilled as the hint reads
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        assert re.search(
            rf'<label class="govuk-label govuk-date-input__label" for="id_starts'
            rf'{"" if part == "day" else "_" + part}">{part.capitalize()}</label>', html
        )  # fmt: skip
        assert f"govuk-date-input__input govuk-input--width-{width}" in html
    assert 'inputmode="numeric"' in html and 'type="date"' not in html
    assert "Leave empty if open. For example, 27 3 2026" in html  # a field's own hint goes first


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [("27", "3", "2026", dt.date(2026, 3, 27)), (" 1 ", "Mar", "2026", dt.date(2026, 3, 1)),
     ("01", "december", "1999", dt.date(1999, 12, 1))],
)  # fmt: skip
def test_the_boxes_round_trip_to_a_date(day, month, year, expected):
    form = When({"starts_day": day, "starts_month": month, "starts_year": year})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"starts": expected, "ends": None}
    assert boxes(render_crispy_form(When(initial=form.cleaned_data)), "starts") == [
        str(expected.day), str(expected.month), str(expected.year)
    ]  # fmt: skip


def test_a_single_iso_date_is_still_read():
    form = When({"starts": "2025-04-01"})
    assert form.is_valid() and form.cleaned_data["starts"] == dt.date(2025, 4, 1)
    assert boxes(render_crispy_form(form), "starts") == ["1", "4", "2025"]


@pytest.mark.parametrize(
    ("data", "message", "marked"),
    [
        (("3", "", "2026"), "Start date must include a month", ["month"]),
        (("", "", "2026"), "Start date must include a day and month", ["day", "month"]),
        (("31", "2", "2026"), "Start date must be a real date", ["day", "month", "year"]),
        (("3", "x", "2026"), "Start date must be a real date", ["month"]),
        (("3", "4", "26"), "Start date: the year must include 4 numbers", ["year"]),
        (("3", "4", "1800"), "Start date must be the same as or after 1 January 1900", None),
        (("", "", ""), "Enter the start date", None),
    ],
)
def test_errors_say_what_is_wrong_in_govuk_words_and_mark_the_boxes(data, message, marked):
    form = When(dict(zip(("starts_day", "starts_month", "starts_year"), data, strict=True)))
    assert not form.is_valid()
    assert form["starts"].errors == [message]
    html = render_crispy_form(form)
    assert "govuk-form-group--error" in html and message in html
    tags = re.findall(r'<input type="text" name="starts_(\w+)"([^>]*)>', html)
    errored = [part for part, attributes in tags if "govuk-input--error" in attributes]
    assert errored == (marked or ["day", "month", "year"])
    summary = render_to_string("includes/error_summary.html", {"form": form})
    assert f'<a href="#id_starts">{message}</a>' in summary  # the day box has the field's id


def test_an_unchanged_date_is_not_a_change():
    form = When(
        {"starts_day": "27", "starts_month": "03", "starts_year": "2026"},
        initial={"starts": dt.date(2026, 3, 27)},
    )
    assert not form.has_changed()
    assert When({"starts": "2026-03-28"}, initial={"starts": dt.date(2026, 3, 27)}).has_changed()


def _form_classes():
    for app in PILLARS:
        module = importlib.import_module(f"smarterstate.{app}.forms")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_pillar_form_enters_dates_with_the_govuk_date_input():
    dated = 0
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            assert not isinstance(field, forms.DateField), f"{cls.__name__}.{name}"
            if isinstance(field, GovukDateField):
                dated += 1
                day = dt.date(2026, 3, 27)
                widget = field.widget
                html = widget.render(name, day, {"id": f"id_{name}"})
                assert 'value="27"' in html and 'value="3"' in html and 'value="2026"' in html
                parts = re.findall(rf'name="{name}_(?:day|month|year)" value="(\d+)"', html)
                data = dict(
                    zip((f"{name}_day", f"{name}_month", f"{name}_year"), parts, strict=True)
                )
                assert field.clean(widget.value_from_datadict(data, {}, name)) == day, name
                assert "For example, 27 3 2026" in str(field.help_text), f"{cls.__name__}.{name}"
    assert dated >= 30  # budgets, outcomes, pilots, as-of, contracts, lifecycle, AI, skills


@pytest.mark.django_db
def test_the_time_machine_reads_the_boxes_and_links_with_an_iso_date(client, org_a, viewer_a):
    from django.urls import reverse

    client.force_login(viewer_a)
    url = reverse("lifecycle:index", kwargs={"org_slug": org_a.slug})
    for query in ("as_of_day=27&as_of_month=3&as_of_year=2025", "as_of=2025-03-27"):
        page = client.get(f"{url}?{query}").content.decode()
        assert "as it stood on 27 March 2025" in page, query
        assert boxes(page, "as_of") == ["27", "3", "2025"]
    page = client.get(f"{url}?as_of_day=27&as_of_year=2025").content.decode()
    assert "Show the estate as it was on must include a month" in page


@pytest.mark.django_db
def test_an_edit_form_is_prefilled_in_boxes_as_the_hint_reads(client, org_a, editor_a):
    from django.urls import reverse

    from smarterstate.outcomes.tests.factories import initiative

    project = initiative(org_a, start_date=dt.date(2025, 4, 1), end_date=dt.date(2027, 3, 31))
    client.force_login(editor_a)
    url = reverse(
        "outcomes:initiative-edit",
        kwargs={"org_slug": org_a.slug, "outcomes_initiative_pk": project.pk},
    )
    page = client.get(url).content.decode()
    assert boxes(page, "start_date") == ["1", "4", "2025"]
    assert boxes(page, "end_date") == ["31", "3", "2027"]
    assert "For example, 2025-04-01" not in page and "For example, 27 3 2026" in page
