"""Framework imports with versions, and organisations' own frameworks and skills."""

from __future__ import annotations

import hashlib
import json

from django.db import transaction

from ..importers.ddat import Snapshot
from ..models import Framework, FrameworkVersion, Role, RoleFamily, RoleLevel, RoleLevelSkill, Skill

DDAT_SLUG = "ddat"
DDAT_NAME = "Government Digital and Data capability framework"
CHANGE_LIST_LIMIT = 200


def _key(parts) -> str:
    return " / ".join(parts) if isinstance(parts, tuple) else parts


def _as_flat(snap: Snapshot) -> dict[str, dict[str, object]]:
    """Everything a version compares, as {kind: {key: comparable value}}."""
    return {
        "families": {name: {} for name in snap.families},
        "roles": {_key(k): v for k, v in snap.roles.items()},
        "role_levels": {_key(k): v for k, v in snap.levels.items()},
        "skills": snap.skills,
        "requirements": {_key(k): v for k, v in snap.requirements.items()},
    }


def current_snapshot(framework: Framework) -> Snapshot:
    snap = Snapshot()
    for family in framework.families.filter(active=True):
        snap.families[family.name] = {}
    for role in Role.objects.filter(family__framework=framework, active=True).select_related(
        "family"
    ):
        snap.roles[(role.family.name, role.name)] = {
            "description": role.description,
            "role_type": role.role_type,
        }
    for level in RoleLevel.objects.filter(
        role__family__framework=framework, active=True
    ).select_related("role"):
        snap.levels[(level.role.name, level.name)] = {
            "description": level.description, "seniority": level.seniority, "in_use": level.in_use,
        }  # fmt: skip
    for skill in framework.skills.filter(active=True):
        snap.skills[skill.name] = {
            "description": skill.description, "awareness": skill.awareness, "working": skill.working,
            "practitioner": skill.practitioner, "expert": skill.expert,
        }  # fmt: skip
    for req in RoleLevelSkill.objects.filter(
        role_level__role__family__framework=framework, role_level__active=True
    ).values_list("role_level__role__name", "role_level__name", "skill__name", "level"):
        snap.requirements[req[:3]] = req[3]
    return snap


def diff_snapshots(old: Snapshot, new: Snapshot) -> dict:
    """What changed, per kind: counts of added, removed and changed, and (some of) their names."""
    before, after = _as_flat(old), _as_flat(new)
    changes = {}
    for kind in after:
        added = sorted(set(after[kind]) - set(before[kind]))
        removed = sorted(set(before[kind]) - set(after[kind]))
        changed = sorted(
            k for k in set(after[kind]) & set(before[kind]) if after[kind][k] != before[kind][k]
        )
        changes[kind] = {
            "added": len(added), "removed": len(removed), "changed": len(changed),
            "added_names": added[:CHANGE_LIST_LIMIT], "removed_names": removed[:CHANGE_LIST_LIMIT],
            "changed_names": changed[:CHANGE_LIST_LIMIT],
        }  # fmt: skip
    return changes


def digest(snap: Snapshot) -> str:
    data = json.dumps(_as_flat(snap), sort_keys=True, default=str).encode()
    return hashlib.sha256(data).hexdigest()


def _apply(framework: Framework, snap: Snapshot) -> None:
    """Upsert everything in the snapshot; what it no longer has is kept but marked inactive."""
    families = {}
    for name in snap.families:
        families[name], _ = RoleFamily.objects.update_or_create(
            framework=framework, name=name, defaults={"active": True}
        )
    framework.families.exclude(name__in=list(snap.families)).update(active=False)
    roles = {}
    for (family, name), values in snap.roles.items():
        roles[name], _ = Role.objects.update_or_create(
            family=families[family], name=name, defaults={**values, "active": True}
        )
    for role in Role.objects.filter(family__framework=framework, active=True).select_related(
        "family"
    ):
        if (role.family.name, role.name) not in snap.roles:
            role.active = False
            role.save(update_fields=["active"])
    levels = {}
    for (role, name), values in snap.levels.items():
        levels[(role, name)], _ = RoleLevel.objects.update_or_create(
            role=roles[role], name=name, defaults={**values, "active": True}
        )
    for level in RoleLevel.objects.filter(
        role__family__framework=framework, active=True
    ).select_related("role"):
        if (level.role.name, level.name) not in snap.levels:
            level.active = False
            level.save(update_fields=["active"])
    skills = {}
    for name, values in snap.skills.items():
        skills[name], _ = Skill.objects.update_or_create(
            framework=framework, name=name, defaults={**values, "active": True}
        )
    framework.skills.exclude(name__in=list(snap.skills)).update(active=False)
    existing = {
        (r.role_level_id, r.skill_id): r
        for r in RoleLevelSkill.objects.filter(role_level__role__family__framework=framework)
    }
    keep = set()
    for (role, level_name, skill_name), level in snap.requirements.items():
        key = (levels[(role, level_name)].pk, skills[skill_name].pk)
        keep.add(key)
        current = existing.get(key)
        if current is None:
            RoleLevelSkill.objects.create(role_level_id=key[0], skill_id=key[1], level=level)
        elif current.level != level:
            current.level = level
            current.save(update_fields=["level"])
    for key, requirement in existing.items():
        if key not in keep:
            requirement.delete()


@transaction.atomic
def framework_import(
    *, snapshot: Snapshot, sources: list[str], slug: str = DDAT_SLUG, name: str = DDAT_NAME,
    dry_run: bool = False,
) -> dict:  # fmt: skip
    """Store a government-wide framework snapshot. A new version only when something changed."""
    framework, _ = Framework.objects.get_or_create(
        organisation=None, slug=slug, defaults={"name": name}
    )
    previous = framework.versions.order_by("-number").first()
    new_digest = digest(snapshot)
    old = current_snapshot(framework)
    changes = diff_snapshots(old, snapshot)
    changed = previous is None or new_digest != digest(old)
    version = previous
    if changed and not dry_run:
        _apply(framework, snapshot)
        version = FrameworkVersion.objects.create(
            framework=framework,
            number=(previous.number + 1) if previous else 1,
            digest=new_digest,
            sources=sources,
            counts=snapshot.counts(),
            changes=changes,
        )
    if dry_run:
        transaction.set_rollback(True)
    return {
        **snapshot.counts(),
        "framework": framework.slug,
        "version": version.number if version else None,
        "changed": changed,
        "changes": {
            kind: {k: v for k, v in c.items() if not k.endswith("_names")}
            for kind, c in changes.items()
        },
        "rejected": len(snapshot.rejects),
        "rejects": snapshot.rejects[:1000],
        "dry_run": dry_run,
    }


@transaction.atomic
def framework_create(*, organisation, name: str, slug: str, description: str = "",
                     applies_to_all_staff: bool = True) -> Framework:  # fmt: skip
    framework = Framework(
        organisation=organisation, name=name, slug=slug, description=description,
        applies_to_all_staff=applies_to_all_staff,
    )  # fmt: skip
    framework.full_clean()
    framework.save()
    return framework


@transaction.atomic
def skill_create(*, framework: Framework, name: str, description: str = "",
                 baseline_level: int | None = None, **levels: str) -> Skill:  # fmt: skip
    skill = Skill(framework=framework, name=name, description=description,
                  baseline_level=baseline_level, **levels)  # fmt: skip
    skill.full_clean()
    skill.save()
    return skill
