"""The ATRS field list: parsed from the bundled v3.0 CSV, v4.0 changes applied."""

import csv
import io
import json

import pytest

from smarterstate.ai import atrs

V4_ADDITIONS = {
    "system_level_input",
    "system_level_output",
    "operational_data_description",
    "operational_sensitive_attributes",
    "operational_data_access_and_storage",
}


def v3_attribute_list() -> list[str]:
    """Read independently of atrs.py: every attribute of the CSV, as published."""
    with atrs.CSV_PATH.open(encoding="utf-8") as handle:
        names = [row["attribute"].replace("<br>", "").strip() for row in csv.DictReader(handle)]
    return list(dict.fromkeys(names))  # "phase" is listed twice (title and tool specification)


def test_it_keeps_every_v3_attribute_name_exactly():
    assert atrs.v3_attributes() == v3_attribute_list()
    assert len(atrs.v3_attributes()) == 64
    assert "website_url" in atrs.v3_attributes()


def test_export_keys_are_the_v3_list_plus_the_v4_additions():
    keys = list(atrs.as_export({}))
    assert set(keys) == set(v3_attribute_list()) | V4_ADDITIONS
    assert len(keys) == len(set(keys))
    # v3.0 order is kept; additions sit where v4.0 puts them.
    assert [k for k in keys if k not in V4_ADDITIONS] == v3_attribute_list()


def test_v4_changes_are_applied():
    fields = atrs.field_map()
    assert fields["external_supplier"].name == "Third party"
    assert fields["process_integration"].section == "Deployment context"
    assert fields["human_decisions_and_review"].name == "Human review"
    assert fields["source_data_name"].section == "Development data specification"
    assert fields["operational_data_description"].section == "Operational data specification"
    assert not fields["scope"].required and not fields["scope"].asked  # merged in v4.0
    assert fields["detailed_description"].required
    assert [value for value, _ in atrs.PHASES] == [
        "pre-deployment",
        "private-beta",
        "public-beta",
        "production",
        "retired",
    ]
    assert "international" in dict(atrs.REGIONS)


def test_missing_required_is_grouped_by_tier():
    missing = atrs.missing_required({}, tier=1, pretrained=False)
    assert set(missing) == {"Tier 1"}
    assert "1.4 Contact email" in missing["Tier 1"]
    both = atrs.missing_required({}, tier=2, pretrained=False)
    assert "2.1.3 Senior responsible owner" in both["Tier 2"]
    assert "System-level input" in both["Tier 2"]


def test_a_pretrained_tool_may_skip_model_and_development_data():
    missing = atrs.missing_required({}, tier=2, pretrained=True)["Tier 2"]
    assert not any("Model name" in m or "Source data name" in m for m in missing)
    assert any("Operational data description" in m for m in missing)


@pytest.mark.parametrize("value", ["=HYPERLINK(1)", "+1", "@a"])
def test_csv_cells_cannot_become_formulas(value):
    text = atrs.to_csv([{"title": value}])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["title"] == "'" + value
    assert list(row) == atrs.attributes()


def test_export_is_json_serialisable():
    assert json.loads(json.dumps(atrs.as_export({"title": "x"})))["title"] == "x"


def test_phase_and_region_show_their_labels_not_the_stored_values():
    from smarterstate.ai.atrs import display_value

    assert display_value("phase", "production") == "Production"
    assert display_value("region", "uk") == "UK"
    assert display_value("region", "somewhere") == "somewhere"
    assert display_value("name", "uk") == "uk"
