"""Demo data for the Technology lifecycle pillar (run by seed_demo, in DEMO_SEEDERS order).

The bundled endoflife.date catalogue (recorded as the sync of the day it was generated), the
two bundled SBOMs attached to DWP systems, a few systems with entered components, legacy risk
assessments, an override and a calendar feed. Idempotent: once the catalogue is in, it is
not synced again, systems are found by name and SBOM re-imports change nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from smarterstate.commercial.models import Contract
from smarterstate.core.importing import run_import
from smarterstate.organisations.models import Organisation

from .importers.cyclonedx import SBOMImporter
from .importers.endoflife import EndOfLifeImporter
from .models import CalendarFeed, CatalogueSnapshot, Component, Cycle, CycleOverride, System
from .services.assessments import assessment_create, proposals_for
from .services.register import component_create, system_create

DATA = Path(settings.BASE_DIR) / "data"
CATALOGUE = DATA / "endoflife" / "products-full.json"
SBOMS = {
    "Universal Credit case portal": DATA / "sbom" / "laravel-7.12.0.cdx.json",
    "Claims API": DATA / "sbom" / "dropwizard-1.3.15.cdx.json",
}
# Demo data: the register is presented as kept since this day, so the time machine has
# history to show (the catalogue snapshot is dated the day the bundled file was generated).
DEMO_SINCE = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

SYSTEMS = {
    "department-for-work-pensions": [
        {
            "name": "Universal Credit case portal",
            "owner": "Director, Universal Credit",
            "criticality": "critical",
            "users": 28000,
            "hosting": "public-cloud",
            "annual_cost": 2400000,
            "phase": "active",
            "description": "Case management for work coaches (Laravel 7).",
            "components": [("PHP", "7.4.33", "", "cpe:2.3:a:php:php:7.4.33", "Web tier")],
            "scores": {
                "l1": 6,
                "l3": 3,
                "l4": 2,
                "l5": 2,
                "l6": 4,
                "l7": 3,
                "c1": 3,
                "c2": 4,
                "c3": 4,
                "c4": 4,
                "c5": 4,
                "c6": 3,
            },
            "plan": {
                "risk_owner": "Director, Universal Credit",
                "legacy_owner": "Head of platforms",
            },
        },
        {
            "name": "Claims API",
            "owner": "Head of claims technology",
            "criticality": "high",
            "users": 1200,
            "hosting": "private-cloud",
            "phase": "phase-out",
            "description": "Dropwizard 1.3 service behind the claims journeys.",
            "components": [
                (
                    "Red Hat Enterprise Linux",
                    "7.9",
                    "",
                    "cpe:2.3:o:redhat:enterprise_linux:7.9",
                    "Hosts",
                ),
                ("PostgreSQL", "13.4", "", "cpe:2.3:a:postgresql:postgresql:13.4", "Database"),
            ],
            "scores": {
                "l1": 5,
                "l3": 4,
                "l4": 3,
                "l5": 3,
                "l6": 3,
                "l7": 2,
                "c1": 2,
                "c2": 3,
                "c3": 3,
                "c4": 3,
                "c5": 3,
                "c6": 4,
            },
            "plan": {
                "risk_owner": "Chief technology officer",
                "legacy_owner": "Head of claims technology",
                "funding": "Spending Review 2025 legacy remediation fund",
                "remediation_date": dt.date(2027, 9, 30),
            },
            "successor_of": None,
        },
        {
            "name": "Payments hub",
            "owner": "Finance systems lead",
            "criticality": "critical",
            "users": 450,
            "hosting": "on-premises",
            "annual_cost": 850000,
            "phase": "active",
            "components": [
                (
                    "spring-boot",
                    "3.3.4",
                    "pkg:maven/org.springframework.boot/spring-boot@3.3.4",
                    "",
                    "Payment services",
                ),
                (
                    "Microsoft SQL Server",
                    "13.0-sp3",
                    "",
                    "cpe:2.3:a:microsoft:sql_server:13.0-sp3",
                    "Ledger",
                ),
                ("Django", "4.2.16", "pkg:pypi/django@4.2.16", "", "Back office"),
            ],
            "scores": {
                "l1": 3,
                "l3": 2,
                "l4": 1,
                "l5": 2,
                "l6": 2,
                "l7": 1,
                "c1": 2,
                "c2": 3,
                "c3": 5,
                "c4": 2,
                "c5": 3,
                "c6": 2,
            },
        },
        {
            "name": "Claims platform (new)",
            "owner": "Head of claims technology",
            "criticality": "high",
            "hosting": "public-cloud",
            "phase": "phase-in",
            "components": [
                ("Django", "5.2.4", "pkg:pypi/django@5.2.4", "", "Web"),
                ("PostgreSQL", "17.2", "", "cpe:2.3:a:postgresql:postgresql:17.2", "Database"),
            ],
        },
    ],
    "hm-revenue-customs": [
        {
            "name": "Self Assessment online",
            "owner": "Director, Self Assessment",
            "criticality": "critical",
            "hosting": "public-cloud",
            "components": [
                ("Python", "3.10.14", "", "cpe:2.3:a:python:python:3.10.14", "Services"),
                ("Ubuntu", "22.04", "", "cpe:2.3:o:canonical:ubuntu_linux:22.04", "Hosts"),
            ],
        }
    ],
    "cabinet-office": [
        {
            "name": "Cabinet Office network services",
            "owner": "Head of technology operations",
            "criticality": "high",
            "users": 6000,
            "hosting": "hybrid",
            "phase": "active",
            "description": "DNS on the Public Services Network and the data platform it serves.",
            "components": [
                ("Ubuntu", "20.04", "", "cpe:2.3:o:canonical:ubuntu_linux:20.04", "Hosts")
            ],
            "scores": {
                "l1": 3,
                "l3": 2,
                "l4": 2,
                "l5": 2,
                "l6": 2,
                "l7": 2,
                "c1": 3,
                "c2": 3,
                "c3": 2,
                "c4": 3,
                "c5": 4,
                "c6": 3,
            },
        }
    ],
}
# System → the real contracts (bundled OCDS sample) it runs on, by its buyer's published name and
# the contract's title. Only where the contract plausibly supports the system: the sample has no
# such contract for the DWP and HMRC systems, so they link none. Their L2 (vendor contract
# expired) is then scored from the contract dates (services.assessments.propose_l2).
CONTRACT_LINKS = {
    ("cabinet-office", "Cabinet Office network services"): [
        ("Cabinet Office", "PSN DNS Connection"),
        ("Cabinet Office", "Provision of Aker SAAS Software"),
    ],
}  # fmt: skip
ASSESSED_ON = dt.date(2026, 2, 2)


def _link_contracts(org, system) -> None:
    for buyer, title in CONTRACT_LINKS.get((org.slug, system.name), []):
        contracts = Contract.objects.filter(
            process__organisation=org, process__buyer__name=buyer
        ).filter(Q(title=title) | Q(award__title=title) | Q(process__title=title))
        system.contracts.add(*contracts)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _catalogue(stdout) -> None:
    if CatalogueSnapshot.objects.exists():
        _say(stdout, "Lifecycle: catalogue already synced.")
        return
    with CATALOGUE.open() as handle:
        generated = json.load(handle).get("generated_at")
    report = run_import(EndOfLifeImporter(synced_at=generated), [str(CATALOGUE)])
    _say(
        stdout, f"Lifecycle: catalogue {report.created} products, {report.extra['cycles']} cycles."
    )


def seed(stdout=None) -> dict:
    _catalogue(stdout)
    created = []
    for slug, systems in SYSTEMS.items():
        org = Organisation.objects.filter(slug=slug).first()
        if org is None:
            continue
        for spec in systems:
            system = System.objects.filter(organisation=org, name=spec["name"]).first()
            if system is not None:
                continue
            fields = {
                k: v
                for k, v in spec.items()
                if k not in ("components", "scores", "plan", "successor_of")
            }
            system = system_create(organisation=org, **fields)
            created.append(system)
            for name, version, purl, cpe, where in spec.get("components", []):
                component_create(
                    system=system, name=name, version=version, purl=purl, cpe=cpe, where_used=where
                )
            _link_contracts(org, system)
            if system.name in SBOMS:
                run_import(
                    SBOMImporter(organisation=slug, system=system.pk), [str(SBOMS[system.name])]
                )
            if spec.get("scores"):
                scores = {f"l{i}": 1 for i in range(1, 8)} | {f"c{i}": 1 for i in range(1, 7)}
                scores |= spec["scores"]
                evidence = {
                    "l1": "Proposed from the catalogue",
                    "l6": "Open findings in the last IT health check",
                }
                # L2 from the linked contracts' end dates, as the assessment form proposes it.
                l2 = proposals_for(system, ASSESSED_ON).get("l2")
                if l2:
                    scores["l2"], evidence["l2"] = l2
                assessment_create(
                    system=system,
                    user=None,
                    assessed_on=ASSESSED_ON,
                    evidence=evidence,
                    **scores,
                    **spec.get("plan", {}),
                )
        if slug == "department-for-work-pensions":
            old = System.objects.filter(organisation=org, name="Claims API").first()
            new = System.objects.filter(organisation=org, name="Claims platform (new)").first()
            if old and new and old.successor_id is None:
                old.successor = new
                old.exit_plan = "Move the claims journeys to the new platform by September 2027."
                old.save()
            rhel = Cycle.objects.filter(product__name="rhel", name="7").first()
            if rhel and not CycleOverride.objects.filter(organisation=org, cycle=rhel).exists():
                CycleOverride.objects.create(
                    organisation=org,
                    cycle=rhel,
                    milestone="eoes",
                    date=dt.date(2029, 5, 31),
                    evidence="Red Hat Extended Life Cycle Support, contract DWP-ELS-2024-07 (demo)",
                    owner="Head of hosting",
                    expires_on=dt.date(2029, 5, 31),
                )
        CalendarFeed.objects.get_or_create(organisation=org)
    if created:
        # Demo only: present the register as kept since DEMO_SINCE for the time machine.
        ids = [s.pk for s in created]
        System.history.filter(id__in=ids).update(history_date=DEMO_SINCE)
        Component.history.filter(system_id__in=ids).update(history_date=DEMO_SINCE)
    _say(stdout, f"Lifecycle: {len(created)} demo systems added.")
    return {"systems": [s.name for s in created], "at": timezone.now().isoformat()}
