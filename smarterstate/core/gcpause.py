"""Pausing Python's cycle collector around bulk parsing."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cycle collector off.

    Parsed JSON has no reference cycles, but building millions of dicts and lists triggers
    the collector again and again over every live object: with it paused, parsing and
    merging OCDS releases runs two to three times faster. Use only around code that makes
    no cycles (the next collection after the block would still free them).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
