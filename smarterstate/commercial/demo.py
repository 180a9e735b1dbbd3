"""Demo data for the commercial pillar: the bundled real OCDS files, with buyers mapped to demo
organisations so that the dashboards show real numbers.

Runs after smarterstate.organisations.demo (DEMO_SEEDERS order). Idempotent: re-importing
unchanged files stores nothing new, and mappings are set, not added.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from smarterstate.organisations.models import Organisation

from .models import Party
from .services.ingest import ocds_import
from .services.mapping import buyer_mapping_set
from .services.refresh import refresh_indicators

DATA_DIR = Path(settings.BASE_DIR) / "data" / "ocds"
PATTERNS = ("*.json", "*.jsonl", "*.json.gz", "*.jsonl.gz")

# Buyer names as published (Contracts Finder) → demo organisation slug. The first three are
# the real bodies. The rest are stand-ins: the demo personas belong to DWP and HMRC, which
# publish nothing in the bundled sample, so busy real buyers are mapped to them to give those
# dashboards real numbers. Demo only.
DEMO_BUYER_MAPPINGS = {
    "Cabinet Office": "cabinet-office",
    "NHS England": "nhs-england",
    "Department for Business and Trade": "department-for-business-and-trade",
    "Ministry of Defence": "department-for-work-pensions",
    "City of Doncaster Council": "department-for-work-pensions",
    "Department for Education": "department-for-work-pensions",
    "Foreign Commonwealth and Development Office": "hm-revenue-customs",
    "UK Research & Innovation": "department-for-science-innovation-and-technology",
    "Bath and North East Somerset Council": "bristol-city-council",
}


def demo_files() -> list[Path]:
    return sorted(path for pattern in PATTERNS for path in DATA_DIR.glob(pattern))


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def seed(stdout=None) -> dict:
    """Import the bundled OCDS files and map their buyers; returns what was done."""
    files = demo_files()
    # One process only: seed_demo runs the seeders in a transaction.
    report = ocds_import(paths=[str(path) for path in files], workers=1)
    _say(stdout, f"OCDS: {len(files)} files imported, import {report.import_id}.")
    organisations = {org.slug: org for org in Organisation.objects.all()}
    mapped = 0
    for name, slug in DEMO_BUYER_MAPPINGS.items():
        organisation = organisations.get(slug)
        if organisation is None:
            continue
        for party in Party.objects.filter(is_buyer=True, name=name):
            buyer_mapping_set(party=party, organisation=organisation, user=None)
            mapped += 1
    # Mapping moves processes between organisations: recompute the organisation indicators.
    refresh_indicators()
    _say(stdout, f"OCDS: {mapped} buyers mapped to demo organisations; indicators refreshed.")
    return {"files": [path.name for path in files], "import_id": report.import_id, "mapped": mapped}
