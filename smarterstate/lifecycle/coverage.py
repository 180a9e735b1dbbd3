"""Reads for the coverage page: which of an organisation's components the catalogue does not
cover, grouped by purl family (or package, when it has no namespace), ranked by how many systems
use them; and its components counted by how they were matched."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from .models import Component, ComponentMapping
from .rules import base_purl, purl_family


def family_key(purl: str) -> str:
    """What a mapping of this component would name: its family, else its package."""
    return purl_family(purl) or base_purl(purl) or ""


def matched_by_kind(organisation) -> dict[str, int]:
    """Components with a release cycle, by match kind, and those without (``""``)."""
    counts = {"purl": 0, "cpe": 0, "family": 0, "mapping": 0, "": 0}
    rows = (
        Component.objects.filter(organisation=organisation)
        .order_by()
        .values("match_kind", "cycle_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        kind = row["match_kind"] if row["cycle_id"] else ""
        counts[kind] = counts.get(kind, 0) + row["n"]
    return counts


def uncovered_families(organisation, limit: int = 200) -> list[dict]:
    """Uncovered components by family: systems using them, components, a few names and
    versions, and the organisation's mapping if it has one. Most systems first."""
    groups: dict[str, dict] = defaultdict(
        lambda: {"systems": set(), "components": 0, "names": set(), "versions": set()}
    )
    rows = (
        Component.objects.filter(organisation=organisation, cycle__isnull=True)
        .exclude(purl="")
        .values_list("purl", "name", "version", "system_id")
        .iterator(chunk_size=5000)
    )
    for purl, name, version, system_id in rows:
        key = family_key(purl)
        if not key:
            continue
        group = groups[key]
        group["systems"].add(system_id)
        group["components"] += 1
        group["names"].add(name)
        if version:
            group["versions"].add(version)
    mappings = {
        m.key: m
        for m in ComponentMapping.objects.filter(organisation=organisation).select_related(
            "product"
        )
    }
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]["systems"]), kv[0]))[:limit]
    return [
        {
            "key": key,
            "systems": len(group["systems"]),
            "components": group["components"],
            "names": sorted(group["names"])[:5],
            "more_names": max(0, len(group["names"]) - 5),
            "versions": sorted(group["versions"])[:5],
            "mapping": mappings.get(key),
        }
        for key, group in ranked
    ]
