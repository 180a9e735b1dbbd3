"""The authorization walk for what URLs do not show: ids inside request bodies, links through
parents, and error texts.

Every API operation that takes a request body (POST, PUT, PATCH) is found in the OpenAPI schema's
endpoints, with the serializer it reads the body with. Every id field of that serializer (related
fields by pk or slug, many-to-many lists, plain integer fields holding a foreign key's id) is sent
once with a record of organisation B and once with an id that does not exist, as A's editor:
creating at the list URL, changing one of A's own records at the detail URL. Both answers must be
refusals, the same (status and body, the id aside), and must not name B's record. Then every
linkable kind of Outcomes links is tried with B's record (owned through its parents where it has
no organisation of its own). A new endpoint or linkable kind is covered without editing this file;
a related model with no object of B in the world, or an endpoint with no record of A to change,
fails the test (add one to the pillar's ``authz_world`` / ``browser_world``).
tests/test_authorization_walk_catches_bugs.py proves the check fails on leaky serializers.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from drf_spectacular.generators import EndpointEnumerator, SchemaGenerator
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from smarterstate import authz
from smarterstate.organisations.models import Organisation
from tests.pillar_plugins import hooks

MISSING_ID = 987_654_321
MISSING_SLUG = "no-such-record-987654321"
WRITES = ("POST", "PUT", "PATCH")
NAME_ATTRIBUTES = ("name", "title", "username", "reference", "description")


@dataclass(frozen=True)
class BodyId:
    """One id field of the body of one API operation."""

    method: str
    path: str  # as in the schema: /api/v1/ai/use-cases/{pk}/
    view: Any  # the view instance the schema generator made for the operation
    serializer_class: type[serializers.Serializer]  # what the operation reads its body with
    field: str
    model: type[models.Model]  # the model the id names
    many: bool
    slug_field: str | None  # None: the id is the primary key

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.field}"


def _id_field(serializer, name: str, field) -> tuple[type[models.Model], bool, str | None] | None:
    many = isinstance(field, serializers.ManyRelatedField)
    relation = field.child_relation if many else field
    if isinstance(relation, serializers.RelatedField):
        if isinstance(relation, serializers.SlugRelatedField):
            return relation.queryset.model, many, relation.slug_field
        if isinstance(relation, serializers.PrimaryKeyRelatedField):
            return relation.queryset.model, many, None
        raise AssertionError(
            f"{name}: {type(relation).__name__} is not a kind of id the walk knows"
        )
    # An id held in a plain field: ``IntegerField(source="system_id")`` naming a foreign key.
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    source = getattr(field, "source", "") or ""
    if model is None or not source.endswith("_id"):
        return None
    try:
        foreign_key = model._meta.get_field(source[:-3])
    except Exception:
        return None
    if foreign_key.is_relation and foreign_key.related_model is not None:
        return foreign_key.related_model, False, None
    return None


def body_ids(user, urlconf=None, paths: Collection[str] | None = None) -> Iterator[BodyId]:
    """Every id field of every request body the API reads, as the OpenAPI schema documents it."""
    generator = SchemaGenerator(urlconf=urlconf)
    factory = APIRequestFactory()
    for path, _regex, method, callback in EndpointEnumerator(urlconf=urlconf).get_api_endpoints():
        if method not in WRITES or (paths is not None and path not in paths):
            continue
        request = Request(factory.generic(method, path))
        request.user = user
        view = generator.create_view(callback, method, request)
        serializer = view.schema.get_request_serializer()
        if isinstance(serializer, type):
            serializer = serializer(context={"request": request, "view": view})
        if not isinstance(serializer, serializers.Serializer):
            continue
        for name, field in serializer.fields.items():
            if field.read_only:
                continue
            found = _id_field(serializer, f"{method} {path} {name}", field)
            if found is not None:
                yield BodyId(method, path, view, type(serializer), name, *found)


def record_of(model, organisation):
    if model is Organisation:
        return organisation
    if authz.is_public(model) or not authz.is_organisation_owned(model):
        return None
    field = authz.organisation_field(model)
    return model._default_manager.filter(**{field: organisation}).order_by("pk").first()


def object_of_b(model, world):
    """B's record of ``model``; None when the model is nobody's (public, or reference data)."""
    if model is get_user_model():
        return world.membership_b.user
    return record_of(model, world.org_b)


def _view_model(view):
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer_class = view.get_serializer_class()
    return getattr(getattr(serializer_class, "Meta", None), "model", None)


def _token(value) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(str(value))}(?![\w-])")


def alike(theirs: Any, missing: Any, their_id, missing_id) -> bool:
    """The same answer, where a text may differ only by naming the id it was given."""
    if isinstance(theirs, dict) and isinstance(missing, dict):
        return theirs.keys() == missing.keys() and all(
            alike(theirs[k], missing[k], their_id, missing_id) for k in theirs
        )
    if isinstance(theirs, list) and isinstance(missing, list):
        return len(theirs) == len(missing) and all(
            alike(a, b, their_id, missing_id) for a, b in zip(theirs, missing, strict=True)
        )
    if isinstance(theirs, str) and isinstance(missing, str):
        return theirs == missing or _token(their_id).sub("<id>", theirs) == _token(missing_id).sub(
            "<id>", missing
        )
    return theirs == missing


def _body(response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.content.decode(errors="replace")


def names_of(obj, sent) -> set[str]:
    names = {str(obj)} | {
        value for attr in NAME_ATTRIBUTES if isinstance(value := getattr(obj, attr, None), str)
    }
    return {name for name in names if len(name) > 3 and name != str(sent)}


def _base_body(body_id: BodyId, target) -> dict:
    """A body that is otherwise valid: A's own record as the operation's serializer shows it
    (so the id is checked by everything behind validation too). PATCH sends the id alone."""
    if body_id.method == "PATCH" or target is None:
        return {}
    serializer_class = body_id.serializer_class
    try:
        shown = serializer_class(target, context={"request": body_id.view.request}).data
    except Exception:  # a write-only serializer that cannot show a record: no base
        return {}
    writable = {name for name, field in serializer_class().fields.items() if not field.read_only}
    return {name: value for name, value in shown.items() if name in writable}


def check_body_ids(
    world, client, user, urlconf=None, paths: Collection[str] | None = None
) -> list[str]:
    """Send every id field B's record and a missing id; return what was checked (only the
    operations on ``paths`` when given).

    Raises AssertionError naming the operation and field of every leak.
    """
    checked, missing_world, no_target, leaks = [], [], [], []
    for body_id in body_ids(user, urlconf, paths):
        other = object_of_b(body_id.model, world)
        if other is None:
            if body_id.model is not Organisation and (
                not authz.is_public(body_id.model) and authz.is_organisation_owned(body_id.model)
            ):
                missing_world.append(f"{body_id} ({body_id.model._meta.label})")
            continue
        view_model = _view_model(body_id.view)
        target = record_of(view_model, world.org_a) if view_model is not None else None
        url = body_id.path
        if "{" in url:
            if target is None:
                no_target.append(f"{body_id} ({view_model})")
                continue
            lookup = getattr(target, body_id.view.lookup_field)
            url = re.sub(r"\{[^}]+\}", str(lookup), url)
        if body_id.slug_field:
            their_id, missing_id = getattr(other, body_id.slug_field), MISSING_SLUG
        else:
            their_id = other.pk
            missing_id = MISSING_ID if isinstance(other.pk, int) else uuid.UUID(int=MISSING_ID)
        base = _base_body(body_id, target)
        theirs, missing = (
            getattr(client, body_id.method.lower())(
                url, {**base, body_id.field: [value] if body_id.many else value}, format="json"
            )
            for value in (their_id, missing_id)
        )
        where = (
            f"{body_id.method} {url} {body_id.field}={{B's {body_id.model._meta.label}}}"
            f" as A's editor"
        )
        shown = f"\n{theirs.status_code} {theirs.content[:400]!r}\n{missing.status_code} {missing.content[:400]!r}"
        if theirs.status_code < 400:
            leaks.append(f"{where}: accepted{shown}")
        elif theirs.status_code != missing.status_code or not alike(
            _body(theirs), _body(missing), their_id, missing_id
        ):
            leaks.append(f"{where}: answers differently from a missing id{shown}")
        text = theirs.content.decode(errors="replace")
        leaks.extend(
            f"{where}: the answer names B's record ({name!r}){shown}"
            for name in names_of(other, their_id)
            if name in text
        )
        checked.append(str(body_id))
    assert not leaks, "\n\n".join(leaks)
    assert not missing_world, f"no object of organisation B for: {missing_world}"
    assert not no_target, f"no record of organisation A to change for: {no_target}"
    return checked


def with_records_of_a(world, personas) -> None:
    """A's own records (those the browser crawl uses), to change in PATCH and PUT requests."""
    data = {"org_a": world.org_a, "org_b": world.org_b, **personas}
    for browser_world in hooks("browser_world"):
        data |= browser_world(data)


@pytest.fixture
def as_editor_a(editor_a):
    client = APIClient()
    client.force_authenticate(editor_a)
    return client


@pytest.mark.django_db
def test_ids_in_request_bodies_answer_alike_for_other_organisations_and_missing_records(
    world, personas, as_editor_a, editor_a
):
    with_records_of_a(world, personas)
    checked = check_body_ids(world, as_editor_a, editor_a)
    # Guard against a walk that silently checks nothing.
    assert {
        "POST /api/v1/outcomes/ratings/ initiative",
        "PATCH /api/v1/ai/use-cases/{pk}/ systems",
        "POST /api/v1/lifecycle/components/ system",
        "POST /api/v1/outcomes/initiatives/ organisation",
        "POST /api/v1/memberships/ username",
    } <= set(checked), checked


def normalised(response, *ids) -> tuple[int, str]:
    text = response.content.decode()
    for value in ids:
        text = re.sub(rf"\b{value}\b", "<id>", text)
    return response.status_code, text


@pytest.mark.django_db
def test_every_linkable_kind_follows_ownership_through_parents(world, as_editor_a, editor_a):
    from smarterstate.outcomes.services.links import available_kinds, model_for
    from smarterstate.outcomes.tests import factories as outcome_factories

    initiative = outcome_factories.initiative(world.org_a)
    tried = []
    for kind in available_kinds():
        if kind.public:
            continue
        model = model_for(kind)
        other = record_of(model, world.org_b)
        assert other is not None, f"no {kind.label} of organisation B in the world"
        answers = [
            as_editor_a.post(
                "/api/v1/outcomes/links/",
                {"initiative": initiative.pk, "kind": kind.label, "identifier": str(value)},
                format="json",
            )
            for value in (other.pk, MISSING_ID)
        ]
        assert answers[0].status_code == 400, (kind.label, answers[0].content[:300])
        assert normalised(answers[0], other.pk) == normalised(answers[1], MISSING_ID)
        assert str(other) not in answers[0].content.decode()
        tried.append(kind.label)
    assert "skills.Skill" in tried  # owned through its framework


@pytest.mark.django_db
def test_a_platform_wide_skill_may_be_linked_by_any_organisation(world, as_editor_a):
    from smarterstate.outcomes.tests import factories as outcome_factories
    from smarterstate.skills.tests import factories

    shared = factories.skill(factories.framework(None, "ddat-shared"), "Shared skill")
    initiative = outcome_factories.initiative(world.org_a)
    response = as_editor_a.post(
        "/api/v1/outcomes/links/",
        {"initiative": initiative.pk, "kind": "skills.Skill", "identifier": str(shared.pk)},
        format="json",
    )
    assert response.status_code == 201, response.content
