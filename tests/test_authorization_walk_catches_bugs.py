"""The URL walk is only worth having if it fails on real mistakes: check that it does (and so for
the walk over ids in request bodies, tests/test_authorization_bodies.py).

The leaky view is added to the real URLs (so every page still renders), and the walk's checks run
on it and a few real routes of each kind rather than on all of them: what is under test is that
the checks catch the leak, and the real routes are walked by tests/test_authorization_walk.py.
"""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests import leaky_urls
from tests import test_authorization_bodies as bodies
from tests import test_authorization_walk as walk

# A few real routes of each kind beside the leak: a page with an organisation, one with a record,
# API lists and details, public and signed-in pages.
SAMPLE = (
    "organisations:home",
    "organisations:members",
    "organisations:member-history",
    "jobs:detail",
    "membership-list",
    "membership-detail",
    "healthz",
    "home",
)


@pytest.mark.django_db
def test_walk_fails_on_a_view_that_skips_the_record_check(world, personas):
    with override_settings(ROOT_URLCONF=_urlconf("leaky_by_id")):
        routes = [route for route in walk.walk() if route.name in {*SAMPLE, "leak"}]
        assert len(routes) == len(SAMPLE) + 1
        with pytest.raises(AssertionError, match="leak"):
            walk.check_personas(world, personas, routes)


@pytest.mark.django_db
def test_walk_fails_on_a_view_without_a_level():
    with override_settings(ROOT_URLCONF=_urlconf("undeclared_level")):
        with pytest.raises(AssertionError, match="undeclared"):
            walk.test_every_url_declares_an_authorization_level(None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "finding"),
    [
        ("/api/v1/leak-names/", "the answer names B's record"),
        ("/api/v1/leak-names/", "answers differently from a missing id"),
        ("/api/v1/leak-oracle/", "answers differently from a missing id"),
    ],
)
def test_body_walk_fails_on_a_serializer_that_looks_ids_up_unscoped(
    world, personas, editor_a, path, finding
):
    """An id in a request body looked up among every organisation's records: the refusal
    names B's record, or answers 404 where a missing id answers 400. A real endpoint beside
    it (ratings, whose initiative is scoped) passes the same check."""
    client = APIClient()
    client.force_authenticate(editor_a)
    urlconf = _urlconf("leaky_body_ids")
    with override_settings(ROOT_URLCONF=urlconf):
        sample = {path, "/api/v1/outcomes/ratings/"}
        assert bodies.check_body_ids(
            world, client, editor_a, urlconf, paths={"/api/v1/outcomes/ratings/"}
        ) == ["POST /api/v1/outcomes/ratings/ initiative"]
        with pytest.raises(AssertionError, match=finding) as failure:
            bodies.check_body_ids(world, client, editor_a, urlconf, paths=sample)
        assert f"POST {path} initiative=" in str(failure.value)
        assert "/api/v1/outcomes/ratings/" not in str(failure.value)


def _urlconf(name: str):
    """A module-like object whose urlpatterns are one of leaky_urls' lists."""
    import types

    module = types.ModuleType(f"tests.leaky_urls.{name}")
    module.urlpatterns = getattr(leaky_urls, name)
    return module
