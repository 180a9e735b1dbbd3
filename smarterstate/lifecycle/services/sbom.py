"""Recording a CycloneDX SBOM import: the import itself and the system's SBOM components it replaces.

The importer (importers/cyclonedx.py) checks the whole document and matches each component
first; these write what it decided, so a bad file never gets here.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from ..models import Component, SBOMImport, System


@transaction.atomic
def sbom_import_create(
    *,
    organisation,
    system: System,
    filename: str,
    spec_version: str,
    serial_number: str,
    user_id: int | None,
) -> SBOMImport:
    return SBOMImport.objects.create(
        organisation=organisation,
        system=system,
        filename=filename,
        spec_version=spec_version,
        serial_number=serial_number,
        imported_by=get_user_model().objects.filter(pk=user_id).first() if user_id else None,
    )


@transaction.atomic
def sbom_components_replace(
    *, sbom: SBOMImport, kept: list[Component], new: list[Component], gone: list[Component]
) -> None:
    """Remove the components the new SBOM no longer lists, add its new ones, and link both
    the kept and the new ones to it."""
    for component in gone:
        component.delete()  # one by one, so the history records each removal
    for component in new:
        component.sbom = sbom
    bulk_create_with_history(new, Component, batch_size=1000)
    Component.objects.filter(pk__in={c.pk for c in kept}).update(sbom=sbom)


@transaction.atomic
def sbom_import_report_set(*, sbom: SBOMImport, summary: dict, read: int, rejected: int) -> None:
    sbom.report = {"summary": summary, "read": read, "rejected": rejected}
    sbom.save(update_fields=["report"])
