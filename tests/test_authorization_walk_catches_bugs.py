"""The URL walk is only worth having if it fails on real mistakes: check that it does."""

import pytest
from django.test import override_settings

from tests import leaky_urls
from tests import test_authorization_walk as walk


@pytest.mark.django_db
def test_walk_fails_on_a_view_that_skips_the_record_check(world, personas):
    with override_settings(ROOT_URLCONF=_urlconf("leaky_by_id")):
        with pytest.raises(AssertionError, match="leak"):
            walk.test_personas_reach_only_what_they_may(world, personas)


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
