"""The pillars' contributions to the cross-cutting tests.

Each pillar app built after the commercial one keeps what these tests need to
know about it in ``smarterstate/<pillar>/tests/crosscut.py`` (see any of them for
the names), so a new pillar adds its URLs, objects and pages without editing the
walker, the API fuzzer or the browser crawl.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

PILLARS = ("lifecycle", "skills", "learningrecords", "outcomes", "ai")


def plugins() -> list[ModuleType]:
    return [import_module(f"smarterstate.{pillar}.tests.crosscut") for pillar in PILLARS]


def merged(name: str) -> dict:
    result: dict = {}
    for plugin in plugins():
        for key, value in getattr(plugin, name, {}).items():
            if isinstance(value, list) and isinstance(result.get(key), list):
                result[key] = result[key] + value
            else:
                result[key] = value
    return result
