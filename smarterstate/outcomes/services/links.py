"""Links from an initiative to other pillars' records, with a registry of linkable kinds.

The other pillar apps are built in parallel, so this app holds no foreign keys into them:
an ``InitiativeLink`` names its target by content type and id. A kind is linkable when its
model is in ``LINKABLE`` and ``django.apps.apps.get_model`` finds it. The target must
exist and be the initiative's organisation's own, public (commercial OCDS data) or
platform-wide (a DDaT skill): ``smarterstate.authz.belongs_to`` decides, following
ownership through parents.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Model

from smarterstate import authz

from ..models import Initiative, InitiativeLink


@dataclass(frozen=True)
class LinkKind:
    label: str  # app_label.ModelName
    name: str  # as people call it
    public: bool = False  # readable by everyone signed in
    key_field: str = ""  # another unique field people may give instead of the id


LINKABLE = [
    LinkKind("commercial.Process", "Procurement process", public=True, key_field="ocid"),
    LinkKind("commercial.Contract", "Contract", public=True),
    LinkKind("lifecycle.System", "System"),
    LinkKind("ai.UseCase", "AI use case"),
    LinkKind("skills.Skill", "Skill"),
]


def model_for(kind: LinkKind) -> type[Model] | None:
    try:
        return apps.get_model(kind.label)
    except (LookupError, ValueError):
        return None


def available_kinds() -> list[LinkKind]:
    """The kinds whose models exist in this installation."""
    return [kind for kind in LINKABLE if model_for(kind) is not None]


def kind_named(label: str) -> LinkKind | None:
    return next((kind for kind in available_kinds() if kind.label == label), None)


def kind_of(link: InitiativeLink) -> LinkKind | None:
    label = f"{link.content_type.app_label}.{link.content_type.model}"
    return next((kind for kind in LINKABLE if kind.label.lower() == label), None)


def _find(kind: LinkKind, model: type[Model], identifier: str, initiative: Initiative) -> Model:
    identifier = (identifier or "").strip()
    if not identifier or "\x00" in identifier:
        raise ValidationError({"identifier": "Give the record's id."})
    queryset = model._default_manager.all()
    obj = None
    try:
        obj = queryset.filter(pk=identifier).first()
    except (ValueError, TypeError, ValidationError):
        obj = None
    if obj is None and kind.key_field:
        obj = queryset.filter(**{kind.key_field: identifier}).first()
    # Ownership follows the record's parents (a skill's framework's organisation), decided
    # in one place: smarterstate.authz. Same message as a missing record: another
    # organisation's ids reveal nothing.
    if obj is None or not (kind.public or authz.belongs_to(obj, initiative.organisation)):
        raise ValidationError({"identifier": f"There is no {kind.name.lower()} {identifier!r}."})
    return obj


@transaction.atomic
def link_create(
    *, initiative: Initiative, kind: str, identifier: str, note: str = "", user=None
) -> InitiativeLink:
    link_kind = kind_named(kind)
    if link_kind is None:
        names = ", ".join(k.label for k in available_kinds())
        raise ValidationError({"kind": f"{kind!r} cannot be linked; choose one of {names}."})
    model = model_for(link_kind)
    target = _find(link_kind, model, identifier, initiative)
    content_type = ContentType.objects.get_for_model(model)
    if InitiativeLink.objects.filter(
        initiative=initiative, content_type=content_type, object_id=str(target.pk)
    ).exists():
        raise ValidationError({"identifier": "This record is already linked."})
    link = InitiativeLink(
        initiative=initiative,
        organisation=initiative.organisation,
        content_type=content_type,
        object_id=str(target.pk),
        label=str(target)[:300],
        note=note,
        created_by=user,
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def link_delete(*, link: InitiativeLink, user=None) -> None:
    link.delete()


def link_target(link: InitiativeLink) -> Model | None:
    model = link.content_type.model_class()
    if model is None:
        return None
    try:
        return model._default_manager.get(pk=link.object_id)
    except (ObjectDoesNotExist, ValueError, ValidationError):
        return None


def link_href(link: InitiativeLink) -> str | None:
    """Where the linked record's own page is, when it has one."""
    target = link_target(link)
    if target is None:
        return None
    if link.content_type.app_label == "commercial" and link.content_type.model == "process":
        from django.urls import reverse

        return reverse("commercial:process", kwargs={"ocid": target.ocid})
    get_url = getattr(target, "get_absolute_url", None)
    try:
        return get_url() if get_url else None
    except Exception:  # noqa: BLE001 - another pillar's URL may need arguments we lack
        return None


SEARCH_FIELDS = ("name", "title", "ocid", "contract_id")


def link_search(
    *, initiative: Initiative, kind: str, query: str, limit: int = 20
) -> list[tuple[str, str]]:
    """Records of a kind whose name, title or key contains ``query``: (id, label), readable ones only."""
    from django.db.models import Q

    link_kind = kind_named(kind)
    query = (query or "").strip()
    if link_kind is None or not query or "\x00" in query:
        return []
    model = model_for(link_kind)
    names = {f.name for f in model._meta.get_fields()}
    condition = Q()
    for field in SEARCH_FIELDS:
        if field in names:
            condition |= Q(**{f"{field}__icontains": query})
    if not condition:
        return []
    found = model._default_manager.filter(condition)
    if not link_kind.public:
        found = authz.owned_by(found, initiative.organisation)
    return [(str(obj.pk), str(obj)[:200]) for obj in found.order_by("pk")[:limit]]
