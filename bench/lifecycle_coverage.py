"""SBOM coverage by match kind: how many components of the shared real SBOMs the catalogue
covers by exact purl, by CPE and by purl family (inferred), before and after family matching.

Needs no database: the catalogue index is built from the bundled endoflife.date file with the
matcher's own ``CatalogueIndex.build`` (``load()`` builds it the same way from the tables), so
the figures are what an SBOM import records.

    .venv/bin/python bench/lifecycle_coverage.py [SBOM.cdx.json …]

Default SBOMs: every ``*.cdx.json`` in ../shared/data/sbom (else data/sbom). Prints a table
per SBOM and the total, and checks that every exact (purl or CPE) match is unchanged.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from _common import ROOT, setup_django

CATALOGUE = ROOT / "data" / "endoflife" / "products-full.json"
SHARED_SBOMS = ROOT.parent.parent / "shared" / "data" / "sbom"


def catalogue_rows(path: Path):
    """(products, cycles) rows for CatalogueIndex.build, with synthetic ids."""
    document = json.loads(path.read_text())
    products, cycles = [], []
    cycle_pk = 0
    for pk, product in enumerate(document["result"], start=1):
        products.append((pk, product.get("label") or product["name"], product.get("identifiers")))
        for release in product.get("releases") or []:
            cycle_pk += 1
            cycles.append((cycle_pk, pk, release["name"]))
    return products, cycles


def components(path: Path):
    """(purl, cpe, version) of every component, nested ones included."""
    document = json.loads(path.read_text())
    stack = list(document.get("components") or [])
    while stack:
        item = stack.pop()
        stack.extend(item.get("components") or [])
        yield item.get("purl") or "", item.get("cpe") or "", item.get("version") or ""


def measure(index, without_family, path: Path) -> tuple[Counter, Counter, int]:
    before, after, changed_exact = Counter(), Counter(), 0
    for purl, cpe, version in components(path):
        old = without_family.match(purl=purl, cpe=cpe, version=version)
        new = index.match(purl=purl, cpe=cpe, version=version)
        before[old.kind if old.cycle_id else "not covered"] += 1
        after[new.kind if new.cycle_id else "not covered"] += 1
        if old.kind and (old.product_id, old.cycle_id, old.kind) != (
            new.product_id,
            new.cycle_id,
            new.kind,
        ):
            changed_exact += 1
    return before, after, changed_exact


def line(name: str, counts: Counter) -> str:
    total = sum(counts.values())
    covered = total - counts["not covered"]
    share = 100 * covered / total if total else 0
    return (
        f"| {name} | {total} | {counts['purl']} | {counts['cpe']} | {counts['family']} | "
        f"{covered} ({share:.1f} %) |"
    )


def main(argv: list[str]) -> int:
    setup_django(migrate=False)
    from smarterstate.lifecycle.services.matching import CatalogueIndex

    products, cycles = catalogue_rows(CATALOGUE)
    index = CatalogueIndex.build(products, cycles)
    without_family = CatalogueIndex.build(products, cycles)
    without_family.families = {}
    folder = SHARED_SBOMS if SHARED_SBOMS.is_dir() else ROOT / "data" / "sbom"
    paths = [Path(arg) for arg in argv] or sorted(folder.glob("*.cdx.json"))
    print(
        f"catalogue: {len(products)} products, {len(cycles)} cycles; {len(index.families)} "
        "purl families"
    )
    print("| SBOM | components | exact purl | CPE | family (inferred) | covered |")
    print("|---|---:|---:|---:|---:|---:|")
    totals_before, totals_after, changed = Counter(), Counter(), 0
    for path in paths:
        before, after, changed_exact = measure(index, without_family, path)
        print(line(f"{path.name} before", before))
        print(line(f"{path.name} after", after))
        totals_before += before
        totals_after += after
        changed += changed_exact
    print(line("all before", totals_before))
    print(line("all after", totals_after))
    print(f"exact (purl or CPE) matches changed by family matching: {changed}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
