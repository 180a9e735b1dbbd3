"""The Service Standard, service phases, mandatory KPIs and delivery confidence scales.

Read from data/frameworks/checklists.json (shared with the AI pillar; do not edit it). The
model choices below are fixed in migrations, so a test checks they still match the file.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings

CHECKLISTS = Path(settings.BASE_DIR) / "data" / "frameworks" / "checklists.json"


@cache
def checklists() -> dict:
    with CHECKLISTS.open(encoding="utf-8") as handle:
        return json.load(handle)


def service_standard() -> list[str]:
    """The 14 points of the Service Standard, in order (point 1 first)."""
    return list(checklists()["service_standard_14"])


def service_phases() -> list[str]:
    return list(checklists()["service_phases"])


def mandatory_kpis() -> list[str]:
    return list(checklists()["mandatory_kpis"])


def confidence_scale(points: int) -> list[str]:
    """The IPA delivery confidence ratings, best first: 5 or 3 points."""
    return list(checklists()[f"ipa_dca_{points}_point"])
