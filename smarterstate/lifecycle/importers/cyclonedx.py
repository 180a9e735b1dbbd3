"""CycloneDX JSON SBOMs (spec 1.2–1.6) → a system's components, matched to the catalogue.

The whole document is checked before anything is stored, so a bad file leaves the system's
components as they were. A good one replaces the system's SBOM components: those in the new
SBOM are kept (unchanged) or added, those no longer listed are removed (history keeps them),
and each import is kept as an ``SBOMImport`` with its report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import orjson
from django.utils import timezone

from smarterstate.core.importing import (
    Importer,
    ImportReport,
    InputUnreadable,
    Position,
    Record,
    RecordRejected,
)
from smarterstate.core.uploads import read_document
from smarterstate.organisations.models import Organisation

from ..models import Component, ComponentSource, System
from ..selectors import sbom_report
from ..services.matching import CatalogueIndex
from ..services.sbom import sbom_components_replace, sbom_import_create, sbom_import_report_set

SUPPORTED_SPECS = ("1.2", "1.3", "1.4", "1.5", "1.6")


def read_bom(stream: IO[bytes], source: str) -> tuple[dict, list[tuple[str, dict]]]:
    """The BOM's metadata and its components (nested ones flattened), each with its JSON path."""
    # Read whole (a BOM is one document), so its size is capped by the upload policy;
    # orjson refuses nesting past 1024 levels where json.load would recurse.
    text = read_document(stream, kind=SBOMImporter.upload_kind, source=source)
    if text.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark, which json.load allowed
        text = text[3:]
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "utf-8" in exc.msg.lower():
            raise InputUnreadable(f"{source}: not UTF-8 text ({exc.msg})") from exc
        raise InputUnreadable(
            f"{source}, line {exc.lineno}: not JSON ({exc.msg}, column {exc.colno})"
        ) from exc
    if not isinstance(document, dict) or document.get("bomFormat") != "CycloneDX":
        raise InputUnreadable(f"{source}: not a CycloneDX SBOM (bomFormat is not 'CycloneDX')")
    spec = document.get("specVersion")
    if spec not in SUPPORTED_SPECS:
        raise InputUnreadable(
            f"{source}: specVersion {spec!r} is not supported (CycloneDX JSON 1.2 to 1.6)"
        )
    components = document.get("components", [])
    if not isinstance(components, list):
        raise InputUnreadable(f"{source}: 'components' is not a list")
    flat: list[tuple[str, dict]] = []

    def walk(items, path):
        for i, item in enumerate(items):
            where = f"{path}[{i}]"
            flat.append((where, item))
            if isinstance(item, dict) and isinstance(item.get("components"), list):
                walk(item["components"], f"{where}.components")

    walk(components, "components")
    serial_number = str(document.get("serialNumber") or "")
    if "\x00" in serial_number:  # it is stored with the import, and PostgreSQL refuses NUL
        raise InputUnreadable(f"{source}: serialNumber contains a NUL character")
    meta = {
        "spec_version": spec,
        "serial_number": serial_number[:255],
        "timestamp": (document.get("metadata") or {}).get("timestamp")
        if isinstance(document.get("metadata"), dict)
        else None,
    }
    return meta, flat


def _refuse_nul(value: str, where: str) -> None:
    """PostgreSQL cannot store NUL in text (SQLite can), and run_import's own check sees only
    a record's top-level values: reject it here, naming the field, on every database."""
    if "\x00" in value:
        raise RecordRejected(f"{where} contains a NUL character", field=where)


def component_values(item, where: str) -> dict:
    if not isinstance(item, dict):
        raise RecordRejected(f"{where} is not an object", field=where)
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RecordRejected(f"{where}.name is missing", field=f"{where}.name")
    _refuse_nul(name, f"{where}.name")
    values = {}
    for key, limit in (("version", 100), ("purl", 1000), ("cpe", 500), ("group", 300)):
        value = item.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise RecordRejected(f"{where}.{key} is not text", field=f"{where}.{key}")
        if len(value) > limit:
            raise RecordRejected(f"{where}.{key} is too long", field=f"{where}.{key}")
        _refuse_nul(value, f"{where}.{key}")
        values[key] = value.strip()
    group = values.pop("group")
    full_name = f"{group}/{name.strip()}" if group else name.strip()
    return {"name": full_name[:300], **values}


class SBOMImporter(Importer):
    """Options (JSON-friendly, for background jobs): organisation slug, system name or id."""

    name = "CycloneDX SBOM"
    upload_kind = "lifecycle-sbom"

    def __init__(
        self,
        organisation: str,
        system: str | int,
        user: int | None = None,
        as_of: str | None = None,
        filename: str | None = None,
    ):
        try:
            self.organisation = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist as exc:
            raise InputUnreadable(f"No organisation {organisation!r}") from exc
        self.system_ref = system
        self.user_id = user
        self.as_of = dt.date.fromisoformat(as_of) if as_of else None
        self.filename = filename
        self.system: System | None = None
        self.meta: dict = {}
        self.source = ""
        self.index: CatalogueIndex | None = None
        self.existing: dict[tuple, Component] = {}
        self.kept: list[Component] = []
        self.new: list[Component] = []
        self.seen: set[tuple] = set()

    def _resolve_system(self) -> System:
        systems = System.objects.filter(organisation=self.organisation)
        ref = str(self.system_ref).strip()
        if "\x00" in ref:  # it would name a new system, and PostgreSQL refuses NUL in text
            raise InputUnreadable("The system name contains a NUL character")
        system = None
        if ref.isdigit():
            system = systems.filter(pk=int(ref)).first()
        if system is None:
            system = systems.filter(name=ref).first()
        if system is None:
            if ref.isdigit():
                raise InputUnreadable(f"No system {ref} in {self.organisation.name}")
            from ..services.register import system_create

            system = system_create(organisation=self.organisation, name=ref[:200])
        return system

    def records(self, stream: IO[bytes], source: str) -> Iterator[Record]:
        self.meta, items = read_bom(stream, source)
        self.source = self.filename or Path(source).name
        self.system = self._resolve_system()
        self.index = CatalogueIndex.load()
        self.existing = {
            (c.name, c.version, c.purl): c
            for c in Component.objects.filter(system=self.system, source=ComponentSource.SBOM)
        }
        for where, item in items:
            yield Record(Position(source), {"where": where, "item": item})

    def store(self, record: Record) -> str:
        values = component_values(record.data["item"], record.data["where"])
        key = (values["name"], values["version"], values["purl"])
        if key in self.seen:
            return "unchanged"  # listed twice in the SBOM
        self.seen.add(key)
        match = self.index.match(
            purl=values["purl"],
            cpe=values["cpe"],
            version=values["version"],
            organisation_id=self.organisation.pk,
        )
        existing = self.existing.get(key)
        if existing is not None:
            self.kept.append(existing)
            return "unchanged"
        self.new.append(
            Component(
                organisation=self.organisation,
                system=self.system,
                source=ComponentSource.SBOM,
                product_id=match.product_id,
                cycle_id=match.cycle_id,
                match_note=match.note,
                match_kind=match.kind,
                **values,
            )
        )
        return "created"

    def finish(self, report: ImportReport) -> None:
        if self.system is None:
            return
        sbom = sbom_import_create(
            organisation=self.organisation,
            system=self.system,
            filename=self.source[:255],
            spec_version=self.meta.get("spec_version", ""),
            serial_number=self.meta.get("serial_number", ""),
            user_id=self.user_id,
        )
        kept_ids = {c.pk for c in self.kept}
        gone = [c for c in self.existing.values() if c.pk not in kept_ids]
        sbom_components_replace(sbom=sbom, kept=self.kept, new=self.new, gone=gone)
        summary, rows = sbom_report(
            self.organisation,
            Component.objects.filter(system=self.system, source=ComponentSource.SBOM),
            self.as_of or timezone.localdate(),
        )
        summary["removed"] = len(gone)
        sbom_import_report_set(
            sbom=sbom, summary=summary, read=report.read, rejected=report.rejected
        )
        report.extra.update(
            {
                "system": self.system.pk,
                "sbom_import": sbom.pk,
                "summary": summary,
                "components": rows,
            }
        )
