"""What the cross-cutting tests need to know about search (see smarterstate/ai/tests/crosscut.py)."""

from __future__ import annotations

API_OPERATIONS: dict[str, set[str]] = {"/api/v1/search/": {"get"}}
