"""Server-side charts (core/charts.py): accessible inline SVG plus a table of the same numbers."""

from __future__ import annotations

import re

from django.template.loader import render_to_string

from smarterstate.core.charts import bar_chart, make_chart

ROWS = [
    {"role": "Viewer", "members": 4},
    {"role": "Editor", "members": 2},
    {"role": "Admin", "members": 1},
]


def _bar(**kwargs):
    return bar_chart(
        ROWS,
        x="role",
        y="members",
        x_title="Role",
        y_title="Members",
        title="Members by role",
        description="How many people hold each role.",
        **kwargs,
    )


def test_bar_chart_is_an_svg_image_labelled_by_its_title_and_description():
    chart = _bar(chart_id="roles")

    svg = str(chart.svg)
    assert svg.startswith("<svg ")
    assert not svg.startswith("<?xml")
    opening = svg[: svg.index(">") + 1]
    assert 'role="img"' in opening
    assert 'aria-labelledby="roles-title roles-desc"' in opening
    assert 'focusable="false"' in opening
    assert svg.rstrip().endswith("</svg>")
    assert svg.count("<svg") == 1


def test_bar_chart_table_has_the_same_numbers_as_the_input():
    chart = _bar()
    assert chart.columns == ["Role", "Members"]
    assert chart.rows == [["Viewer", 4], ["Editor", 2], ["Admin", 1]]
    assert chart.title == "Members by role"
    assert chart.chart_id == "chart"


def test_bar_chart_draws_every_category():
    svg = str(_bar().svg)
    for label in ("Viewer", "Editor", "Admin"):
        assert f">{label}<" in svg


def test_make_chart_accepts_a_vega_lite_dict_and_keeps_its_own_config():
    spec = {
        "data": {"values": [{"a": "x", "b": 1}]},
        "mark": "point",
        "encoding": {"x": {"field": "a", "type": "nominal"}},
        "config": {"font": "Courier"},
    }
    chart = make_chart(
        spec, title="T", description="D", columns=["a", "b"], rows=[["x", 1]], chart_id="pts"
    )
    assert 'aria-labelledby="pts-title pts-desc"' in chart.svg
    assert chart.rows == [["x", 1]]
    assert "Courier" in chart.svg
    # The caller's spec is not changed.
    assert spec["config"] == {"font": "Courier"}


def test_make_chart_accepts_anything_with_to_dict_such_as_an_altair_chart():
    class FakeAltair:
        def to_dict(self):
            return {"data": {"values": [{"a": 1}]}, "mark": "bar"}

    chart = make_chart(FakeAltair(), title="T", description="D", columns=["a"], rows=[[1]])
    assert chart.svg.startswith("<svg ")


def test_chart_template_ties_the_ids_together():
    chart = _bar(chart_id="roles")
    html = render_to_string("core/chart.html", {"chart": chart})

    assert 'id="roles-title"' in html
    assert 'id="roles-desc"' in html
    cells = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', html)
    assert cells == ["Viewer", "4", "Editor", "2", "Admin", "1"]


def test_the_same_chart_is_rendered_once_and_then_served_from_the_cache(monkeypatch):
    from django.core.cache import cache

    from smarterstate.core import charts

    cache.clear()
    calls = []
    real = charts.vl_convert.vegalite_to_svg

    def counting(**kwargs):
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", counting)
    rows = [{"role": "Admin", "members": 2}, {"role": "Viewer", "members": 5}]
    first = charts.bar_chart(
        rows, x="role", y="members", x_title="Role", y_title="Members", title="T", description="D"
    )
    second = charts.bar_chart(
        rows, x="role", y="members", x_title="Role", y_title="Members", title="T", description="D"
    )
    changed = charts.bar_chart(
        [{"role": "Admin", "members": 3}],
        x="role",
        y="members",
        x_title="Role",
        y_title="Members",
        title="T",
        description="D",
    )
    assert first.svg == second.svg
    assert changed.svg != first.svg
    assert len(calls) == 2  # the repeat came from the cache; new data rendered afresh


def test_count_axes_tick_whole_numbers_only():
    from smarterstate.core.charts import count_axis

    assert count_axis(1)["values"] == [0, 1]
    assert count_axis(0)["values"] == [0, 1]
    assert count_axis(12)["values"] == [0, 3, 6, 9, 12]
    assert count_axis(7)["values"] == [0, 2, 4, 6, 8]
