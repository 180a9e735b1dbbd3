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

# Buyer names as published (Contracts Finder) → demo organisation slug, and why the buyer is
# plausible for it. "Real": the buyer is the organisation, or a body it sponsors or owns.
# "Stand-in": the bundled sample has nothing from the organisation itself, so a buyer from the
# same family of bodies stands in for it (never another department, a defence or local-authority
# buyer for a central department, or the other way round). Organisations with no plausible buyer
# in the sample (GDS, Companies House, the Valuation Office Agency) get none: their commercial
# pages are honestly empty. Demo only: the figures are the real buyers' own.
DEMO_BUYERS = [
    # buyer name as published, demo organisation slug, how it relates
    ("Cabinet Office", "cabinet-office", "Real: the department itself."),
    ("Espo", "crown-commercial-service", "Stand-in: a public buying organisation, like CCS."),
    ("Department for Business and Trade", "department-for-business-and-trade", "Real."),
    ("UK Research & Innovation", "department-for-science-innovation-and-technology",
     "Real: a DSIT-sponsored body."),
    ("UK SHARED BUSINESS SERVICES LIMITED", "department-for-science-innovation-and-technology",
     "Real: DSIT's shared-services company."),
    ("Met Office", "department-for-science-innovation-and-technology",
     "Real: a DSIT trading fund since 2023."),
    ("MET OFFICE", "department-for-science-innovation-and-technology", "Real: as above."),
    ("Pension Protection Fund", "department-for-work-pensions", "Real: a DWP-sponsored body."),
    ("NATIONAL WEALTH FUND LIMITED", "hm-revenue-customs",
     "Stand-in: HM Treasury group, HMRC's ministerial family."),
    ("Financial Conduct Authority", "hm-revenue-customs",
     "Stand-in: accountable to HM Treasury, HMRC's ministerial family."),
    ("NHS England", "nhs-england", "Real."),
    ("NHS North West London Integrated Care Board", "nhs-england",
     "Stand-in: an integrated care board, overseen by NHS England."),
    ("Bath and North East Somerset Council", "bristol-city-council",
     "Stand-in: the neighbouring unitary authority."),
    ("West of England Combined Authority", "bristol-city-council",
     "Real: the combined authority Bristol belongs to."),
]  # fmt: skip
DEMO_BUYER_MAPPINGS = {name: slug for name, slug, _why in DEMO_BUYERS}


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
