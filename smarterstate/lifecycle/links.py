"""What other pillars link to a system: read from the model's reverse relations and the app
registry, so lifecycle imports no other pillar (a pillar may not import another)."""

from __future__ import annotations

from .models import System

# How the system page names another pillar's records, where the model's own plural is too bare.
LINKED_KIND_NAMES = {"ai.usecase": "AI use cases"}


def linked_records(system: System) -> list[dict]:
    """Records of other pillars that name this system, each with its page: AI use cases that run on
    it (a many-to-many from ai) and initiatives that link to it (outcomes' generic links). Found from
    the model's reverse relations and the app registry, so lifecycle imports no other pillar.
    Only records of the system's organisation."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    groups = []
    for relation in System._meta.related_objects:
        model = relation.related_model
        accessor = relation.get_accessor_name()  # None only for a symmetrical self-relation
        if not relation.many_to_many or model._meta.app_label == System._meta.app_label:
            continue
        if accessor is None:
            continue
        records = getattr(system, accessor).filter(organisation_id=system.organisation_id)
        items = [_item(record) for record in records.order_by("pk")[:50]]
        kind = LINKED_KIND_NAMES.get(model._meta.label_lower, str(model._meta.verbose_name_plural))
        groups.append({"kind": kind, "items": items})
    if apps.is_installed("smarterstate.outcomes"):
        link_model = apps.get_model("outcomes", "InitiativeLink")
        links = link_model.objects.filter(
            organisation_id=system.organisation_id,
            content_type=ContentType.objects.get_for_model(System),
            object_id=str(system.pk),
        ).select_related("initiative__organisation")
        items = [_item(link.initiative) for link in links.order_by("pk")[:50]]
        groups.append({"kind": "initiatives", "items": items})
    return groups


def _item(record) -> dict:
    get_url = getattr(record, "get_absolute_url", None)
    return {"label": str(record), "href": get_url() if get_url else None}
