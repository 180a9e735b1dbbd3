"""Checklist definitions as versioned rows, loaded from ``data/frameworks/checklists.json``.

Each framework's items become one ``Checklist`` (framework + version) with its
``ChecklistItem`` rows. Loading is idempotent: a version already stored with the
same items is left alone; a version stored with *different* items is refused,
because answers point at those items — a changed framework needs a new version
(a new key in the JSON, such as ``ai_playbook_2026``), which is stored beside the
old one so earlier answers keep the wording they answered.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Checklist, ChecklistItem, Framework

CHECKLISTS_PATH = Path(settings.BASE_DIR) / "data" / "frameworks" / "checklists.json"

# Framework → the JSON keys its items come from. Keys end with the version year when the
# framework is dated; the ICO screening lists are not, so their version is "1".
SOURCES: dict[str, list[tuple[str, str]]] = {
    Framework.AI_PLAYBOOK: [("ai_playbook_2025", "")],
    Framework.ICO_DPIA: [
        ("ico_dpia_screening_always", "always"),
        ("ico_dpia_screening_consider", "consider"),
    ],
    Framework.DATA_ETHICS: [
        ("data_ethics_framework_2020.overarching_principles", "Overarching principles"),
        ("data_ethics_framework_2020.specific_actions", "Specific actions"),
    ],
    Framework.AI_CYBER: [("ai_cyber_security_code_of_practice_2025", "")],
}
KEY_PREFIXES = {
    "always": "always-",
    "consider": "consider-",
    "Overarching principles": "principle-",
    "Specific actions": "action-",
}


class ChecklistConflict(ValidationError):
    pass


@dataclass(frozen=True)
class ItemSpec:
    key: str
    group: str
    text: str


def _lookup(data: dict, path: str):
    value = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise ValidationError(f"{CHECKLISTS_PATH.name}: no “{path}” in the file.")
        value = value[part]
    return value


def version_of(path: str) -> str:
    match = re.search(r"_(\d{4})(?:\.|$)", path)
    return match.group(1) if match else "1"


def item_specs(data: dict, framework: str) -> list[ItemSpec]:
    """The items of one framework, in order, from the parsed JSON."""
    specs: list[ItemSpec] = []
    for path, group in SOURCES[framework]:
        entries = _lookup(data, path)
        if not isinstance(entries, list) or not entries:
            raise ValidationError(f"{CHECKLISTS_PATH.name}: “{path}” is not a list of items.")
        for number, entry in enumerate(entries, start=1):
            if isinstance(entry, dict):  # {"n": 1, "phase": "Secure design", "principle": "…"}
                text = str(entry.get("principle") or entry.get("text") or "").strip()
                key = str(entry.get("n", number))
                item_group = str(entry.get("phase") or group)
            else:
                text, key, item_group = str(entry).strip(), str(number), group
            if not text:
                raise ValidationError(f"{CHECKLISTS_PATH.name}: “{path}” item {number} is empty.")
            specs.append(ItemSpec(KEY_PREFIXES.get(group, "") + key, item_group, text))
    return specs


@transaction.atomic
def checklists_load(*, path: Path | str | None = None) -> dict[str, str]:
    """Store every framework's checklist version; returns {"framework version": "created"|"unchanged"}."""
    path = Path(path) if path else CHECKLISTS_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"{path}: cannot read the checklists ({exc}).") from exc
    report: dict[str, str] = {}
    for framework in SOURCES:
        version = version_of(SOURCES[framework][0][0])
        specs = item_specs(data, framework)
        label = f"{framework} {version}"
        existing = Checklist.objects.filter(framework=framework, version=version).first()
        if existing is not None:
            stored = [
                ItemSpec(item.key, item.group, item.text)
                for item in existing.items.order_by("position")
            ]
            if stored != specs:
                raise ChecklistConflict(
                    f"{path.name}: {label} is already stored with different items. "
                    "Add the new wording as a new version (a new key) instead of changing it."
                )
            report[label] = "unchanged"
            continue
        checklist = Checklist(framework=framework, version=version, source=f"{path.name}")
        checklist.full_clean()
        checklist.save()
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                checklist=checklist,
                key=spec.key,
                position=position,
                group=spec.group,
                text=spec.text,
            )
            for position, spec in enumerate(specs, start=1)
        )
        report[label] = "created"
    return report


def current_checklist(framework: str) -> Checklist:
    """The newest stored version of a framework; loads the bundled file if none is stored."""
    checklist = Checklist.objects.filter(framework=framework).order_by("-loaded_at", "-pk").first()
    if checklist is None:
        checklists_load()
        checklist = (
            Checklist.objects.filter(framework=framework).order_by("-loaded_at", "-pk").first()
        )
    return checklist
