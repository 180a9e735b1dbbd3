"""Walk every URL pattern as every persona and check nobody reaches what they must not.

Each view declares what it needs (``authz_level``, set by the decorators in
smarterstate/authz/views.py or on API view classes). This test resolves every
pattern with real objects of organisation B and checks, for each persona:

* anonymous users are sent to sign in (pages) or refused (API);
* members of organisation A get 404 for B's pages and records, and see none of
  B's data on pages without ids (lists, home, …);
* B's editor reads and writes B, but is refused admin pages;
* the central analyst reads everything and is refused every write;
* forbidden writes (POST/PATCH/DELETE) change nothing.

A new URL whose view declares no level, or takes a URL argument no app's
crosscut.py knows how to fill, fails the test: add a maker to its OBJECT_MAKERS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from smarterstate.authz import Level
from smarterstate.organisations.models import Membership
from tests.pillar_plugins import hooks, merged

# Django admin: staff only, covered by test_admin_is_staff_only. The xAPI endpoint (/xapi/):
# learning platforms authenticate with their own credentials, never a user session; covered by
# smarterstate/learningrecords/tests/test_statements_resource.py and test_documents.py
# (credentials, revocation, one organisation never reaching another).
SKIPPED_NAMESPACES = {"admin", "xapi"}
MARKERS_OF_B = ("hm-revenue-customs", "editor-b")


@dataclass
class Route:
    name: str  # namespaced URL name
    kwargs: tuple[str, ...]
    callback: Any
    api_basename: str | None

    @property
    def level(self) -> Level | None:
        level = getattr(self.callback, "authz_level", None)
        view_class = getattr(self.callback, "cls", None) or getattr(
            self.callback, "view_class", None
        )
        if level is None and view_class is not None:
            level = getattr(view_class, "authz_level", None)
        return Level(level) if level else None

    @property
    def is_api(self) -> bool:
        return hasattr(self.callback, "cls")


def _kwarg_names(pattern) -> tuple[str, ...]:
    if hasattr(pattern, "converters") and pattern.converters:
        return tuple(pattern.converters)
    return tuple(re.compile(str(pattern)).groupindex)


def walk(patterns=None, namespace: str = "", kwargs: tuple[str, ...] = ()) -> list[Route]:
    routes = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        entry_kwargs = kwargs + _kwarg_names(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            child_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            routes.extend(walk(entry.url_patterns, child_ns, entry_kwargs))
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                raise AssertionError(f"URL pattern {entry.pattern} has no name")
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            basename = None
            if hasattr(entry.callback, "cls") and entry.name.rsplit("-", 1)[-1] in (
                "list",
                "detail",
            ):
                basename = entry.name.rsplit("-", 1)[0]
            routes.append(Route(name.lstrip(":"), entry_kwargs, entry.callback, basename))
    return routes


@dataclass
class World:
    """Organisation A, organisation B and B's editor's membership; every app's crosscut.py
    adds B's objects as attributes (``authz_world``)."""

    org_a: Any
    org_b: Any
    membership_b: Membership


# How to fill each URL argument with a real object of organisation B, from every app's
# smarterstate/<app>/tests/crosscut.py. Keys are the URL kwarg name, or
# "<api basename>.<kwarg>" for API routes.
OBJECT_MAKERS = merged("OBJECT_MAKERS")


def fill(route: Route, world: World) -> dict[str, Any]:
    values = {}
    for kwarg in route.kwargs:
        key = (
            f"{route.api_basename}.{kwarg}"
            if route.api_basename and kwarg in ("pk", "slug")
            else kwarg
        )
        if key not in OBJECT_MAKERS:
            raise AssertionError(
                f"{route.name}: add a maker for URL argument {key!r} to OBJECT_MAKERS"
            )
        values[kwarg] = OBJECT_MAKERS[key](world)
    return values


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def refused(response, *, api: bool) -> bool:
    if api:
        return response.status_code in (401, 403, 404, 405)
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def assert_no_b_data(route: Route, persona: str, response) -> None:
    if response.status_code != 200 or getattr(response, "streaming", False):
        return
    body = response.content.decode(errors="replace")
    for marker in MARKERS_OF_B:
        assert marker not in body, f"{route.name}: {persona} sees {marker!r} of organisation B"


A_PERSONAS = ("admin_a", "editor_a", "viewer_a")


def expected_get(level: Level, persona: str, has_object: bool) -> str:
    """'ok' (200), 'login' (sent to sign in / 401), 'refused' (403/404)."""
    if persona == "anonymous":
        return "ok" if level is Level.PUBLIC else "login"
    if level in (Level.PUBLIC, Level.AUTHENTICATED):
        return "ok"
    if level is Level.SUPERUSER:
        return "refused"
    if not has_object:  # API list endpoints: scoped, everyone signed in may list
        return "ok"
    if persona in A_PERSONAS:
        return "refused"
    if level is Level.READ:
        return "ok"
    if level is Level.WRITE:
        return "ok" if persona == "editor_b" else "refused"
    return "refused"  # ADMIN: neither B's editor nor the analyst


def test_every_url_declares_an_authorization_level(db):
    missing = [route.name for route in walk() if route.level is None]
    assert not missing, f"views with no authz level: {missing}"


# The walks below are cut into shards (every SHARDS-th route), so the test runner's workers share
# them instead of one worker walking every route while the other waits.
SHARDS = 4


def shard(routes: list[Route], index: int) -> list[Route]:
    return routes[index::SHARDS]


@pytest.mark.django_db
def test_the_walk_covers_every_route():
    routes = walk()
    assert len(routes) > 15
    assert sorted(r.name for i in range(SHARDS) for r in shard(routes, i)) == sorted(
        r.name for r in routes
    )


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(SHARDS))
def test_personas_reach_only_what_they_may(world, personas, index):
    check_personas(world, personas, shard(walk(), index))


def check_personas(world, personas, routes: list[Route]) -> None:
    checked = 0
    for route in routes:
        url = reverse(route.name, kwargs=fill(route, world))
        has_object = bool(route.kwargs)
        for persona, user in personas.items():
            client = client_for(user)
            response = client.get(url)
            expect = expected_get(route.level, persona, has_object)
            where = f"GET {url} ({route.name}, {route.level}) as {persona}"
            if expect == "ok":
                assert response.status_code in (200, 405) or (
                    response.status_code == 302 and "/accounts/login/" not in response["Location"]
                ), f"{where}: expected access, got {response.status_code}"
            elif expect == "login":
                if route.is_api:
                    assert response.status_code in (401, 403), (
                        f"{where}: got {response.status_code}"
                    )
                else:
                    assert (
                        response.status_code == 302 and "/accounts/login/" in response["Location"]
                    ), f"{where}: expected a redirect to sign in, got {response.status_code}"
            else:
                assert refused(response, api=route.is_api), (
                    f"{where}: expected refusal, got {response.status_code}"
                )
            if persona in A_PERSONAS or persona == "anonymous":
                assert_no_b_data(route, persona, response)
            checked += 1
    assert checked >= len(routes) * 6


def _write_forbidden_for(level: Level, persona: str, has_object: bool) -> bool:
    if level is Level.PUBLIC:
        return False
    if persona == "anonymous":
        return True
    if level is Level.AUTHENTICATED:
        return False
    if level is Level.SUPERUSER:
        return True
    if not has_object:
        return False  # API create: the payload's organisation decides (tests/test_api.py)
    if persona in A_PERSONAS or persona == "analyst":
        return True
    return level is not Level.WRITE and persona == "editor_b" and level is Level.ADMIN


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(SHARDS))
def test_forbidden_writes_are_refused_and_change_nothing(world, personas, index):
    for route in shard(walk(), index):
        if route.level in (Level.PUBLIC, Level.AUTHENTICATED):
            continue
        url = reverse(route.name, kwargs=fill(route, world))
        methods = ("post", "patch", "delete") if route.is_api else ("post",)
        for persona, user in personas.items():
            write_level = route.level
            if route.is_api:
                view_class = route.callback.cls
                write_level = Level(getattr(view_class, "write_level", Level.WRITE))
            if not _write_forbidden_for(write_level, persona, bool(route.kwargs)):
                continue
            client = client_for(user)
            for method in methods:
                response = (
                    getattr(client, method)(
                        url,
                        data={} if method == "post" else None,
                        content_type="application/json" if route.is_api else None,
                    )
                    if route.is_api
                    else client.post(url, data={})
                )
                assert refused(response, api=route.is_api), (
                    f"{method.upper()} {url} ({route.name}) as {persona}: expected refusal, got {response.status_code}"
                )
    # Nothing of B's was changed or deleted by the refused writes.
    for assert_unchanged in hooks("assert_unchanged"):
        assert_unchanged(world)


@pytest.mark.django_db
def test_org_a_slug_cannot_reach_org_b_records(world, personas):
    """A URL with A's slug but B's record id is still B's record: never reachable by A's members.

    Members whose role is too low for the page are refused on A's level (403);
    everyone else gets 404 from the record lookup.
    """
    for route in walk():
        if "org_slug" not in route.kwargs or len(route.kwargs) < 2:
            continue
        kwargs = fill(route, world)
        kwargs["org_slug"] = world.org_a.slug
        url = reverse(route.name, kwargs=kwargs)
        for persona in A_PERSONAS:
            response = client_for(personas[persona]).get(url)
            assert response.status_code in (403, 404), (
                f"GET {url} as {persona}: got {response.status_code}"
            )
        response = client_for(personas["admin_a"]).get(url)
        assert response.status_code == 404, f"GET {url} as admin_a: got {response.status_code}"


@pytest.mark.django_db
def test_admin_is_staff_only(personas):
    for persona, user in personas.items():
        response = client_for(user).get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"], persona
