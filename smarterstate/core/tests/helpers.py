"""Helpers shared by the app test folders."""

from __future__ import annotations

import csv
import io


def csv_bytes(rows: list[list[str]]) -> bytes:
    """UTF-8 CSV bytes of the rows (the first row is the header)."""
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")
