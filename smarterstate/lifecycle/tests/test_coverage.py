"""Organisation mappings of uncovered component families, own lifecycle entries, and the
coverage page (issue 15 §3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from smarterstate.lifecycle.coverage import matched_by_kind, uncovered_families
from smarterstate.lifecycle.models import Component, ComponentMapping, MatchKind, Product
from smarterstate.lifecycle.services.mappings import (
    OwnCycle,
    component_mapping_delete,
    component_mapping_set,
    own_product_create,
)
from smarterstate.lifecycle.services.matching import CatalogueIndex

from .factories import ComponentFactory, CycleFactory, ProductFactory, SystemFactory

HIBERNATE = [{"type": "purl", "id": "pkg:maven/org.hibernate/hibernate-core"}]


@pytest.fixture
def hibernate(db):
    product = ProductFactory(name="hibernate-orm", label="Hibernate ORM", identifiers=HIBERNATE)
    CycleFactory(product=product, name="5.4")
    return product


def _component(org, purl, version, system=None):
    system = system or SystemFactory(organisation=org)
    return ComponentFactory(
        system=system, organisation=org, name=purl.split("/")[-1], version=version, purl=purl
    )


@pytest.mark.django_db
def test_an_admin_marks_a_wrong_family_match_not_covered(org_a, admin_a, hibernate):
    validator = _component(org_a, "pkg:maven/org.hibernate/hibernate-validator@5.4.3", "5.4.3")
    from smarterstate.lifecycle.services.matching import components_rematch

    components_rematch()
    validator.refresh_from_db()
    assert validator.match_kind == MatchKind.FAMILY  # the inference the catalogue allows
    component_mapping_set(
        organisation=org_a,
        key="pkg:maven/org.hibernate/hibernate-validator",
        product=None,
        note="Validator versions are not ORM versions.",
        user=admin_a,
    )
    validator.refresh_from_db()
    assert (validator.product_id, validator.cycle_id, validator.match_kind) == (None, None, "")
    assert validator.match_note.startswith("Not covered: your organisation's mapping")
    # Applied to future SBOMs: the index loads it for this organisation only.
    index = CatalogueIndex.load()
    purl = "pkg:maven/org.hibernate/hibernate-validator@5.4.4"
    assert index.match(purl=purl, version="5.4.4", organisation_id=org_a.pk).product_id is None
    assert index.match(purl=purl, version="5.4.4").kind == MatchKind.FAMILY


@pytest.mark.django_db
def test_a_family_mapped_to_a_product_matches_with_its_cycles(org_a, admin_a, hibernate):
    c = _component(org_a, "pkg:maven/org.acme.orm/acme-core@5.4.1", "5.4.1")
    mapping = component_mapping_set(
        organisation=org_a,
        key="pkg:maven/org.acme.orm",
        product=hibernate,
        note="Acme repackages Hibernate.",
        user=admin_a,
    )
    c.refresh_from_db()
    assert (c.product_id, c.match_kind) == (hibernate.pk, MatchKind.MAPPING)
    assert c.cycle.name == "5.4"
    assert mapping.history.count() == 1
    component_mapping_set(
        organisation=org_a, key="pkg:maven/org.acme.orm", product=None, note="No.", user=admin_a
    )
    assert ComponentMapping.objects.get().history.count() == 2  # history kept
    component_mapping_delete(mapping=ComponentMapping.objects.get())
    c.refresh_from_db()
    assert c.product_id is None


@pytest.mark.django_db
def test_exact_matches_win_over_mappings(org_a, admin_a, hibernate):
    core = _component(org_a, "pkg:maven/org.hibernate/hibernate-core@5.4.2", "5.4.2")
    component_mapping_set(
        organisation=org_a, key="pkg:maven/org.hibernate", product=None, note="x", user=admin_a
    )
    core.refresh_from_db()
    assert (core.product_id, core.match_kind) == (hibernate.pk, MatchKind.PURL)


@pytest.mark.django_db
def test_an_own_lifecycle_entry_covers_the_family_for_its_organisation_only(org_a, org_b, admin_a):
    mine = _component(org_a, "pkg:npm/%40acme/widgets@2.1.3", "2.1.3")
    theirs = _component(org_b, "pkg:npm/%40acme/widgets@2.1.3", "2.1.3")
    product = own_product_create(
        organisation=org_a,
        label="Acme widgets",
        evidence="Acme support policy, 2025",
        cycles=[OwnCycle("2.1", dt.date(2023, 1, 15), dt.date(2027, 3, 31))],
        key="pkg:npm/%40acme",
        user=admin_a,
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.product_id, mine.cycle.eol_from) == (product.pk, dt.date(2027, 3, 31))
    assert theirs.product_id is None
    assert product.organisation == org_a and product.identifiers == []


@pytest.mark.django_db
def test_uncovered_families_are_ranked_by_systems(org_a, hibernate):
    s1, s2 = SystemFactory(organisation=org_a), SystemFactory(organisation=org_a)
    for system in (s1, s2):
        _component(org_a, "pkg:maven/org.acme/a@1.0", "1.0", system)
    _component(org_a, "pkg:maven/org.acme/b@1.0", "1.0", s1)
    _component(org_a, "pkg:maven/org.other/c@1.0", "1.0", s1)
    rows = uncovered_families(org_a)
    assert [(r["key"], r["systems"], r["components"]) for r in rows] == [
        ("pkg:maven/org.acme", 2, 3),
        ("pkg:maven/org.other", 1, 1),
    ]
    assert matched_by_kind(org_a)[""] == Component.objects.filter(organisation=org_a).count()


@pytest.mark.django_db
def test_the_coverage_page_and_its_actions(client, org_a, admin_a, viewer_a, hibernate):
    _component(org_a, "pkg:maven/org.acme/a@1.0", "1.0")
    page = reverse("lifecycle:coverage", kwargs={"org_slug": org_a.slug})
    client.force_login(viewer_a)
    body = client.get(page).content.decode()
    assert "pkg:maven/org.acme" in body and "Ask an admin to map it" in body
    map_url = reverse("lifecycle:mapping-set", kwargs={"org_slug": org_a.slug})
    assert client.get(map_url).status_code in (403, 404)
    client.force_login(admin_a)
    assert "Map to a product" in client.get(page).content.decode()
    response = client.post(
        map_url,
        {"key": "pkg:maven/org.acme", "product": "hibernate-orm", "note": "Repackaged."},
    )
    assert response.status_code == 302
    assert ComponentMapping.objects.get().product == hibernate
    own_url = reverse("lifecycle:own-product-add", kwargs={"org_slug": org_a.slug})
    response = client.post(
        own_url,
        {
            "key": "pkg:maven/org.other",
            "label": "Other tool",
            "evidence": "Vendor letter",
            "cycles": "1.0, 2020-01-01, 2026-01-01\nbad line",
        },
    )
    assert response.status_code == 200 and "Line 2" in response.content.decode()
    assert not Product.objects.filter(organisation=org_a).exists()


@pytest.mark.django_db
def test_own_entries_stay_out_of_the_public_catalogue(client, org_a, org_b, admin_a, editor_b):
    product = own_product_create(
        organisation=org_a,
        label="Acme widgets",
        evidence="",
        cycles=[OwnCycle("1", None, None)],
        key="pkg:npm/%40acme",
        user=admin_a,
    )
    client.force_login(editor_b)
    assert "Acme widgets" not in client.get(reverse("lifecycle:products")).content.decode()
    detail = reverse("lifecycle:product", args=[product.name])
    assert client.get(detail).status_code == 404
    assert client.get(f"/api/v1/lifecycle/products/{product.pk}/").status_code == 404
    client.force_login(admin_a)
    assert client.get(detail).status_code == 200
