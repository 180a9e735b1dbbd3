"""Every app's contributions to the cross-cutting tests.

Each app with pages or API endpoints keeps what these tests need to know about it in
``smarterstate/<app>/tests/crosscut.py`` (smarterstate/ai/tests/crosscut.py lists the names),
so a new app adds its URLs, objects and pages without editing the walker, the API fuzzer or
the browser crawl. They are collected in INSTALLED_APPS order, so an app's objects exist
before those of the apps that link to them (commercial before ai, say).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps


@cache
def plugins() -> list[ModuleType]:
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.crosscut"
        if config.name.startswith("smarterstate.") and find_spec(f"{config.name}.tests"):
            if find_spec(name):
                found.append(import_module(name))
    return found


def hooks(name: str) -> list[Callable]:
    """The plugins' functions called ``name`` (those that have one), in app order."""
    return [getattr(plugin, name) for plugin in plugins() if hasattr(plugin, name)]


def merged(name: str) -> dict:
    result: dict = {}
    for plugin in plugins():
        for key, value in getattr(plugin, name, {}).items():
            if isinstance(value, list) and isinstance(result.get(key), list):
                result[key] = result[key] + value
            else:
                result[key] = value
    return result
