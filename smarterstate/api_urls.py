"""The API router: every app lists its routes in its ``api.ROUTES`` (prefix, viewset, basename).

They are collected here in INSTALLED_APPS order, which is also the order of the OpenAPI document.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from smarterstate.core.api_docs import SchemaView


def app_routes() -> list[tuple[str, type, str]]:
    routes = []
    for config in apps.get_app_configs():
        if not config.name.startswith("smarterstate.") or find_spec(f"{config.name}.api") is None:
            continue
        routes.extend(getattr(import_module(f"{config.name}.api"), "ROUTES", ()))
    return routes


router = SimpleRouter()
for prefix, viewset, basename in app_routes():
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]
