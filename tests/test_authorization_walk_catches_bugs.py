"""The URL walk is only worth having if it fails on real mistakes: check that it does.

The leaky view is added to the real URLs (so every page still renders), and the walk's checks run
on it and a few real routes of each kind rather than on all of them: what is under test is that
the checks catch the leak, and the real routes are walked by tests/test_authorization_walk.py.
"""

import pytest
from django.test import override_settings

from tests import leaky_urls
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


def _urlconf(name: str):
    """A module-like object whose urlpatterns are one of leaky_urls' lists."""
    import types

    module = types.ModuleType(f"tests.leaky_urls.{name}")
    module.urlpatterns = getattr(leaky_urls, name)
    return module
