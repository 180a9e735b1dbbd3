"""CPV 2008 descriptions for the codes the commercial pages show (data/cpv/README.md).

Read once from the bundled file. A code missing from it is described by its nearest listed
parent: CPV codes are hierarchical, each level ending in one more zero (XX000000 division,
XXX00000 group, XXXX0000 class, XXXXX000 category).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

CPV_FILE = Path(settings.BASE_DIR) / "data" / "cpv" / "cpv2008_en.csv"


@cache
def descriptions() -> dict[str, str]:
    with CPV_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["description"] for row in csv.DictReader(handle)}


@dataclass(frozen=True)
class CpvLabel:
    code: str
    description: str  # empty when neither the code nor a parent is listed
    exact: bool  # False: the description is a parent's

    def __str__(self) -> str:
        if not self.description:
            return self.code
        if self.exact:
            return f"{self.code} {self.description}"
        return f"{self.code} (in {self.description})"


def parents(code: str) -> list[str]:
    """The code's ancestors, nearest first: trailing digits zeroed from category to division."""
    out = []
    for keep in (5, 4, 3, 2):
        parent = code[:keep].ljust(8, "0")
        if parent != code and parent not in out:
            out.append(parent)
    return out


def cpv_label(code: str | None) -> CpvLabel | None:
    code = (code or "").split("-")[0].strip()
    if not code:
        return None
    names = descriptions()
    if code in names:
        return CpvLabel(code, names[code], True)
    if len(code) == 8 and code.isdigit():
        for parent in parents(code):
            if parent in names:
                return CpvLabel(code, names[parent], False)
    return CpvLabel(code, "", False)
