"""The authorization walk for what URLs do not show: ids inside request bodies, links through
parents, and error texts.

For every API endpoint that creates records, every id field of its serializer is sent once
with a record of organisation B and once with an id that does not exist, as A's editor: the
two answers must be the same (status and body, the id aside) and must not name B's record.
Then every linkable kind of Outcomes links is tried with B's record (owned through its
parents where it has no organisation of its own). A new endpoint or linkable kind is covered
without editing this file; a related model with no object of B in the world fails the test
(add one to the pillar's ``authz_world``).
"""

from __future__ import annotations

import re

import pytest
from rest_framework import serializers
from rest_framework.test import APIClient

from smarterstate import authz
from smarterstate.api_urls import router

MISSING_ID = 987_654_321


def creating_endpoints():
    for prefix, viewset, basename in router.registry:
        if hasattr(viewset, "create"):
            yield prefix, viewset, basename


def id_fields(viewset):
    """(name, model, many) of every writable id field of the viewset's create serializer."""
    view = viewset()
    view.action, view.request, view.format_kwarg, view.kwargs = "create", None, None, {}
    serializer_class = view.get_serializer_class()
    for name, field in serializer_class().fields.items():
        if field.read_only:
            continue
        many = isinstance(field, serializers.ManyRelatedField)
        relation = field.child_relation if many else field
        if isinstance(relation, serializers.PrimaryKeyRelatedField):
            yield name, relation.queryset.model, many


def record_of(model, organisation):
    if authz.is_public(model) or not authz.is_organisation_owned(model):
        return None
    field = authz.organisation_field(model)
    return model._default_manager.filter(**{field: organisation}).order_by("pk").first()


def normalised(response, *ids) -> tuple[int, str]:
    text = response.content.decode()
    for value in ids:
        text = re.sub(rf"\b{value}\b", "<id>", text)
    return response.status_code, text


@pytest.fixture
def as_editor_a(editor_a):
    client = APIClient()
    client.force_authenticate(editor_a)
    return client


@pytest.mark.django_db
def test_ids_in_request_bodies_answer_alike_for_other_organisations_and_missing_records(
    world, as_editor_a
):
    checked, missing_world = [], []
    for prefix, viewset, _basename in creating_endpoints():
        fields = list(id_fields(viewset))
        for name, model, many in fields:
            other = record_of(model, world.org_b)
            if other is None:
                if not authz.is_public(model) and authz.is_organisation_owned(model):
                    missing_world.append(f"{prefix}.{name} ({model._meta.label})")
                continue
            base = {"organisation": world.org_a.slug}
            answers = []
            for value in (other.pk, MISSING_ID):
                body = {**base, name: [value] if many else value}
                response = as_editor_a.post(f"/api/v1/{prefix}/", body, format="json")
                answers.append(response)
            theirs, missing = answers
            assert normalised(theirs, other.pk) == normalised(missing, MISSING_ID), (
                f"{prefix}: {name} of organisation B answers differently from a missing id:\n"
                f"{theirs.status_code} {theirs.content[:300]!r}\n"
                f"{missing.status_code} {missing.content[:300]!r}"
            )
            label = str(other)
            if len(label) > 3:
                assert label not in theirs.content.decode(), f"{prefix}: {name} names B's record"
            checked.append(f"{prefix}.{name}")
    assert not missing_world, f"no object of organisation B for: {missing_world}"
    # Guard against a walk that silently checks nothing.
    assert {"outcomes/ratings.initiative", "ai/use-cases.systems"} <= set(checked), checked


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
