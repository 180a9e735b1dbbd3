"""The Algorithmic Transparency Recording Standard (ATRS) field list, as data.

The v3.0 attributes come from the bundled CSV (``data/atrs/``), names kept exactly
(only the stray ``<br>`` of ``website_url`` is removed, and ``phase``, listed twice
in v3.0, is one key). The v4.0 changes from the change log are applied on top:

* phases: pre-deployment, private beta, public beta, production, retired;
  region gains "International";
* "External supplier" reads "Third party";
* "Decision-making process" becomes "Deployment context" ("Integration into broader
  operational process" absorbs "Provided information"; "Human review");
* "Data specification" splits into development data (the v3.0 fields) and
  operational data (new ``operational_*`` fields);
* new ``system_level_input`` and ``system_level_output``; fields merged away in
  v4.0 (scope, provided information, dataset purposes, tool-specification phase)
  and the metadata v4.0 moved to the publisher are kept as keys, never required.

Nothing here touches the database: the exports, the form and the validation all
read ``FIELDS``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

CSV_PATH = (
    Path(settings.BASE_DIR) / "data" / "atrs" / "ATRS_v3.0_fields_from_co-cddo_template_table.csv"
)
STANDARD_VERSION = "4.0"

# v4.0 phases and regions (the GOV.UK finder's values; "beta-pilot" was dropped in v4.0).
PHASES = [
    ("pre-deployment", "Pre-deployment"),
    ("private-beta", "Private beta"),
    ("public-beta", "Public beta"),
    ("production", "Production"),
    ("retired", "Retired"),
]
REGIONS = [
    ("international", "International"),
    ("uk", "UK"),
    ("great-britain", "Great Britain"),
    ("england-and-wales", "England and Wales"),
    ("england", "England"),
    ("scotland", "Scotland"),
    ("wales", "Wales"),
    ("northern-ireland", "Northern Ireland"),
]
# Fields stored as the finder's values ("production", "uk"): pages show their labels.
CHOICE_LABELS = {"phase": dict(PHASES), "region": dict(REGIONS)}


def display_value(attribute: str, value):
    """A stored value as people read it: the label of a phase or region, else the value."""
    labels = CHOICE_LABELS.get(attribute)
    if labels and isinstance(value, str):
        return labels.get(value, value)
    return value


# Metadata that v4.0 moved to the publishing website: filled by the platform, not typed.
SYSTEM_FILLED = {
    "id",
    "standard_version",
    "organisation_type",
    "date_of_completion",
    "date_updated",
    "date_archived",
}
# Merged into other fields in v4.0: kept as keys (v3.0 compatibility), never required, not asked.
MERGED_IN_V4 = {
    "scope": "detailed_description",
    "provided_information": "process_integration",
    "dataset_purposes": "datasets",
}
# Required in v4.0 though optional in v3.0 (it absorbed "Scope").
REQUIRED_IN_V4 = {"detailed_description"}
# Metadata the finder still filters on but v4.0 no longer asks for in the template.
OPTIONAL_IN_V4 = {"function", "capability", "task", "tags"}

SECTION_RENAMES = {
    "Metadata": "Metadata",
    "Title Information": "Title information",
    "Tier 1 Information": "Summary information",
    "Owner and Responsibility": "Owner and responsibility",
    "Description and Rationale": "Description and rationale",
    "Decision-making Process": "Deployment context",
    "Tool Specification": "Tool specification",
    "Model Specification": "Model specification",
    "Data Specification": "Development data specification",
    "Risks, mitigations and impact assessments": "Risks, mitigations and impact assessments",
}
LABEL_CHANGES = {
    "external_supplier_involvement": "Third party involvement",
    "external_supplier": "Third party",
    "companies_house_number": "Companies House number",
    "external_supplier_role": "Third party role",
    "data_access_terms": "Third party data access terms",
    "process_integration": "Integration into broader operational process",
    "human_decisions_and_review": "Human review",
    "datasets": "Datasets and their purposes",
    "detailed_description": "Detailed description (including scope)",
    "required_training": "Required training (for users)",
}

# New in v4.0. The change log names the fields but not their attributes; these names are ours.
# Each is placed after the v3.0 attribute named in V4_PLACED_AFTER (template order).
V4_ADDITIONS = [
    # attribute, name, reference, section, required
    ("system_level_input", "System-level input", "", "Tool specification", True),
    ("system_level_output", "System-level output", "", "Tool specification", True),
    (
        "operational_data_description",
        "Operational data description",
        "",
        "Operational data specification",
        True,
    ),
    (
        "operational_sensitive_attributes",
        "Operational data sensitive attributes",
        "",
        "Operational data specification",
        True,
    ),
    (
        "operational_data_access_and_storage",
        "Operational data access and storage",
        "",
        "Operational data specification",
        True,
    ),
]
V4_PLACED_AFTER = {
    "system_architecture": ["system_level_input", "system_level_output"],
    "data_access_and_storage": [
        "operational_data_description",
        "operational_sensitive_attributes",
        "operational_data_access_and_storage",
    ],
}
# Sections a pre-trained (off-the-shelf) tool may leave blank (ATRS v4.0 guidance, sections 10–11).
PRETRAINED_MAY_SKIP = {"Model specification", "Development data specification"}


@dataclass(frozen=True)
class AtrsField:
    attribute: str
    name: str  # the v4.0 label
    reference: str
    tier: int | None  # None for metadata and title information
    section: str
    required: bool
    prompt: str = ""
    v4: str = "v3.0"  # "v3.0", "v4.0 addition", "merged in v4.0", "platform-filled"

    @property
    def asked(self) -> bool:
        """Shown in the form (system-filled and merged-away fields are not)."""
        return self.attribute not in SYSTEM_FILLED and self.attribute not in MERGED_IN_V4


def _clean(text: str) -> str:
    return text.replace("<br>", "").strip()


def parse_v3_fields(text: str) -> list[dict[str, str]]:
    """The v3.0 rows of the CSV, attribute names cleaned, first occurrence of each kept."""
    seen: set[str] = set()
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        attribute = _clean(row["attribute"])
        if attribute in seen:
            continue
        seen.add(attribute)
        rows.append({**row, "attribute": attribute, "name": _clean(row["name"])})
    return rows


@cache
def v3_attributes() -> list[str]:
    return [row["attribute"] for row in parse_v3_fields(CSV_PATH.read_text(encoding="utf-8"))]


@cache
def fields() -> list[AtrsField]:
    additions = {spec[0]: spec for spec in V4_ADDITIONS}
    result = []
    for row in parse_v3_fields(CSV_PATH.read_text(encoding="utf-8")):
        attribute = row["attribute"]
        required = row["required"].strip().upper() == "TRUE"
        v4 = "v3.0"
        if attribute in SYSTEM_FILLED:
            required, v4 = False, "platform-filled"
        elif attribute in MERGED_IN_V4:
            required, v4 = False, "merged in v4.0"
        elif attribute in OPTIONAL_IN_V4:
            required = False
        elif attribute in REQUIRED_IN_V4:
            required = True
        tier = int(row["tier"]) if row["tier"].strip().isdigit() else None
        result.append(
            AtrsField(
                attribute=attribute,
                name=LABEL_CHANGES.get(attribute, row["name"]),
                reference=row["reference_number"],
                tier=tier,
                section=SECTION_RENAMES.get(row["category"], row["category"]),
                required=required,
                prompt=_clean(row["notes_for_completion"].replace("<br><br>", " ")),
                v4=v4,
            )
        )
        for added in V4_PLACED_AFTER.get(attribute, []):
            _attribute, name, reference, section, required = additions[added]
            result.append(
                AtrsField(added, name, reference, 2, section, required, "", "v4.0 addition")
            )
    return result


def attributes() -> list[str]:
    """Every export key: the v3.0 attributes with the v4.0 additions in template order."""
    return [field.attribute for field in fields()]


def field_map() -> dict[str, AtrsField]:
    return {field.attribute: field for field in fields()}


def sections(tier: int) -> list[tuple[str, list[AtrsField]]]:
    """The fields people fill, grouped by section in template order, up to ``tier``."""
    grouped: dict[str, list[AtrsField]] = {}
    for field in fields():
        if field.asked and (field.tier is None or field.tier <= tier):
            grouped.setdefault(field.section, []).append(field)
    return list(grouped.items())


def missing_required(
    content: dict[str, Any], *, tier: int, pretrained: bool
) -> dict[str, list[str]]:
    """Required fields left empty, as {"Tier 1": [names], "Tier 2": [names]}.

    Title information counts as Tier 1. A pre-trained tool may leave the model and
    development data sections blank (ATRS v4.0 guidance).
    """
    missing: dict[str, list[str]] = {}
    for field in fields():
        if not field.required or not field.asked:
            continue
        field_tier = field.tier or 1
        if field_tier > tier:
            continue
        if pretrained and field.section in PRETRAINED_MAY_SKIP:
            continue
        value = content.get(field.attribute)
        if value is None or not str(value).strip():
            missing.setdefault(f"Tier {field_tier}", []).append(
                f"{field.reference} {field.name}".strip()
            )
    return missing


def as_export(content: dict[str, Any]) -> dict[str, Any]:
    """A record as ATRS JSON: every attribute, in order, empty string where not given."""
    return {attribute: content.get(attribute, "") for attribute in attributes()}


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV with one column per attribute and one row per record."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=attributes(), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: (
                    "'" + value
                    if isinstance(value, str) and value.startswith(("=", "+", "-", "@"))
                    else value
                )
                for key, value in as_export(row).items()
            }
        )
    return out.getvalue()
