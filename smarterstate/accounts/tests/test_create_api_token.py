"""`manage.py create_api_token`: one token per user, printed for the operator to hand over."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token


def token_for(*args) -> str:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_it_prints_a_token_that_signs_in_to_the_api(client, org_a, viewer_a):
    key = token_for("viewer-a")
    assert Token.objects.get(user=viewer_a).key == key
    response = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [org["slug"] for org in response.json()["results"]] == [org_a.slug]


def test_it_prints_the_same_token_again(viewer_a):
    assert token_for("viewer-a") == token_for("viewer-a")
    assert Token.objects.count() == 1


def test_rotate_replaces_the_token(viewer_a):
    old = token_for("viewer-a")
    new = token_for("viewer-a", "--rotate")
    assert new != old
    assert list(Token.objects.values_list("key", flat=True)) == [new]


def test_it_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user called 'ghost'"):
        token_for("ghost")


def test_it_refuses_an_inactive_user(viewer_a):
    viewer_a.is_active = False
    viewer_a.save()
    with pytest.raises(CommandError, match="not active"):
        token_for("viewer-a")
    assert not Token.objects.exists()
