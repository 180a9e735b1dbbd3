"""What the cross-cutting tests in tests/ need to know about this pillar.

tests/pillar_plugins.py collects these from every pillar app:

* OBJECT_MAKERS — URL argument → a real object of organisation B (tests/test_authorization_walk.py)
* authz_world(world) — create organisation B's objects and set them as attributes on ``world``
  (it has org_a, org_b and membership_b, whose user is B's editor)
* assert_unchanged(world) — after refused writes, B's objects are as they were
* API_OPERATIONS — every API path of this pillar with its methods (tests/test_openapi.py)
* FUZZ_PATH_KEYS and fuzz_known(...) — real ids the API fuzzer may use for path parameters
* EXPECTED_PAGES — persona → URL regexes the browser crawl must reach (tests/browser/)
* browser_world(world) — data for the browser crawl; returns extra entries for its dict

URL arguments carry a ``lifecycle_`` prefix so they never collide with another pillar's makers.
"""

from __future__ import annotations

import datetime as dt

OBJECT_MAKERS: dict = {
    "lifecycle_system_pk": lambda w: w.lifecycle_system_b.pk,
    "lifecycle_component_pk": lambda w: w.lifecycle_component_b.pk,
    "lifecycle_sbom_pk": lambda w: w.lifecycle_sbom_b.pk,
    "lifecycle_assessment_pk": lambda w: w.lifecycle_assessment_b.pk,
    "lifecycle_override_pk": lambda w: w.lifecycle_override_b.pk,
    "lifecycle_product": lambda w: w.lifecycle_cycle.product.name,
    "lifecycle_token": lambda w: w.lifecycle_feed_b.token,
    "lifecycle_snapshot_pk": lambda w: w.lifecycle_snapshot.pk,
    "lifecycle-product.pk": lambda w: w.lifecycle_cycle.product_id,
    "lifecycle-cycle.pk": lambda w: w.lifecycle_cycle.pk,
    "lifecycle-system.pk": lambda w: w.lifecycle_system_b.pk,
    "lifecycle-component.pk": lambda w: w.lifecycle_component_b.pk,
    "lifecycle-assessment.pk": lambda w: w.lifecycle_assessment_b.pk,
    "lifecycle-override.pk": lambda w: w.lifecycle_override_b.pk,
}
API_OPERATIONS: dict[str, set[str]] = {
    "/api/v1/lifecycle/products/": {"get"},
    "/api/v1/lifecycle/products/{id}/": {"get"},
    "/api/v1/lifecycle/cycles/": {"get"},
    "/api/v1/lifecycle/cycles/{id}/": {"get"},
    "/api/v1/lifecycle/systems/": {"get", "post"},
    "/api/v1/lifecycle/systems/{id}/": {"get", "patch", "delete"},
    "/api/v1/lifecycle/components/": {"get", "post"},
    "/api/v1/lifecycle/components/{id}/": {"get", "patch", "delete"},
    "/api/v1/lifecycle/assessments/": {"get", "post"},
    "/api/v1/lifecycle/assessments/{id}/": {"get", "patch"},
    "/api/v1/lifecycle/overrides/": {"get", "post"},
    "/api/v1/lifecycle/overrides/{id}/": {"get", "patch", "delete"},
    "/api/v1/lifecycle/radar/": {"get"},
}
FUZZ_PATH_KEYS: dict[str, str] = {
    "/api/v1/lifecycle/systems/": "lifecycle-system",
    "/api/v1/lifecycle/components/": "lifecycle-component",
    "/api/v1/lifecycle/assessments/": "lifecycle-assessment",
    "/api/v1/lifecycle/overrides/": "lifecycle-override",
}
ORG = "/o/department-for-work-pensions/lifecycle/"
EXPECTED_PAGES: dict[str, list[str]] = {
    "viewer_a": [
        ORG,
        ORG + "radar/",
        ORG + "systems/",
        ORG + r"systems/\d+/",
        ORG + r"systems/\d+/history/",
        ORG + "components/",
        ORG + "assessments/",
        ORG + r"assessments/\d+/",
        ORG + "overrides/",
        ORG + "coverage/",
        ORG + "calendar/",
        ORG + r"sbom/\d+/",
        "/lifecycle/catalogue/",
        "/lifecycle/catalogue/[a-z0-9.-]+/",
        r"/lifecycle/catalogue/syncs/\d+/",
        "/lifecycle/compare/",
    ],
}


def _estate(org, user, name: str, *, with_sbom: bool = True) -> dict:
    """A system with a matched component past end of life, an SBOM import, an assessment,
    an override and a calendar feed."""
    from django.utils import timezone

    from ..models import CalendarFeed, CatalogueSnapshot, CycleOverride, CycleRevision, SBOMImport
    from ..services.assessments import assessment_create
    from ..services.register import component_create, system_create
    from .factories import CycleFactory, ProductFactory

    product = ProductFactory(
        name="laravel",
        label="Laravel",
        identifiers=[{"type": "purl", "id": "pkg:composer/laravel/framework"}],
    )
    cycle = product.cycles.filter(name="7").first()
    if cycle is None:
        cycle = CycleFactory(product=product, name="7", is_eol=True, eol_from=dt.date(2021, 3, 3))
        snapshot = CatalogueSnapshot.objects.create(
            synced_at=timezone.now(), source="products-full.json", products=1, cycles=2
        )
        CycleRevision.objects.create(
            cycle=cycle, snapshot=snapshot, kind="added", eol_from=cycle.eol_from
        )
    product.cycles.filter(name="11").first() or CycleFactory(
        product=product, name="11", is_eol=False, eol_from=dt.date(2099, 3, 12)
    )
    system = system_create(organisation=org, name=name, owner="Service owner")
    component = component_create(
        system=system,
        name="laravel/framework",
        version="7.30.6",
        purl="pkg:composer/laravel/framework@v7.30.6",
    )
    sbom = SBOMImport.objects.create(
        organisation=org,
        system=system,
        filename="laravel.cdx.json",
        spec_version="1.4",
        imported_by=user,
        report={"summary": {"as_of": "2026-01-01", "components": 1, "matched": 1}},
    )
    scores = {f"l{i}": 2 for i in range(1, 8)} | {f"c{i}": 3 for i in range(1, 7)}
    assessment = assessment_create(system=system, user=user, **scores | {"l1": 6})
    override = CycleOverride.objects.create(
        organisation=org,
        cycle=cycle,
        milestone="eoes",
        date=dt.date(2099, 1, 1),
        evidence="Extended support contract",
        owner="Head of platforms",
        expires_on=dt.date(2099, 1, 1),
    )
    feed = CalendarFeed.objects.create(organisation=org)
    return {
        "cycle": cycle,
        "system": system,
        "component": component,
        "sbom": sbom,
        "assessment": assessment,
        "override": override,
        "feed": feed,
    }


def authz_world(world) -> None:
    objects = _estate(world.org_b, world.membership_b.user, "Tax platform B")
    world.lifecycle_cycle = objects["cycle"]
    world.lifecycle_snapshot = objects["cycle"].revisions.first().snapshot
    for key in ("system", "component", "sbom", "assessment", "override", "feed"):
        setattr(world, f"lifecycle_{key}_b", objects[key])


def assert_unchanged(world) -> None:
    from ..models import Assessment, CalendarFeed, Component, CycleOverride, System

    system = System.objects.get(pk=world.lifecycle_system_b.pk)
    assert system.name == "Tax platform B" and system.owner == "Service owner"
    assert system.successor_id is None and not system.contracts.exists()
    assert Component.objects.filter(pk=world.lifecycle_component_b.pk).exists()
    assessment = Assessment.objects.get(pk=world.lifecycle_assessment_b.pk)
    before = world.lifecycle_assessment_b
    assert (assessment.l1, assessment.c1, assessment.risk) == (before.l1, before.c1, before.risk)
    assert Assessment.objects.filter(system_id=system.pk).count() == 1
    override = CycleOverride.objects.get(pk=world.lifecycle_override_b.pk)
    assert (override.owner, override.evidence, override.expires_on) == (
        "Head of platforms",
        "Extended support contract",
        dt.date(2099, 1, 1),
    )
    assert CycleOverride.objects.filter(organisation_id=system.organisation_id).count() == 1
    feed = CalendarFeed.objects.get(pk=world.lifecycle_feed_b.pk)
    assert feed.token == world.lifecycle_feed_b.token


def fuzz_known(*, org_a, org_b, users) -> dict[str, list]:
    a = _estate(org_a, users["admin_a"], "Benefits platform A")
    b = _estate(org_b, users["editor_b"], "Tax platform B")
    return {
        "lifecycle-system": [a["system"].pk, b["system"].pk],
        "lifecycle-component": [a["component"].pk, b["component"].pk],
        "lifecycle-assessment": [a["assessment"].pk, b["assessment"].pk],
        "lifecycle-override": [a["override"].pk, b["override"].pk],
    }


def browser_world(world: dict) -> dict:
    objects = _estate(world["org_a"], world["editor_a"], "Universal Credit case portal")
    return {"lifecycle_system_a": objects["system"]}
