"""Family matching: a component in the purl namespace of exactly one catalogue product, whose
version finds a cycle of that product, is matched and marked as inferred; exact matches are
unchanged."""

from __future__ import annotations

import json

import pytest

from smarterstate.lifecycle.models import Component, MatchKind
from smarterstate.lifecycle.rules import purl_family
from smarterstate.lifecycle.services.matching import (
    CatalogueIndex,
    components_affected,
    components_rematch,
)

from .factories import CATALOGUE, ComponentFactory, CycleFactory, ProductFactory, SystemFactory

JETTY = [{"type": "purl", "id": "pkg:maven/org.eclipse.jetty/jetty-server"}]
SBOM_DIR = CATALOGUE.parent.parent / "sbom"


@pytest.fixture
def jetty(db):
    product = ProductFactory(name="eclipse-jetty", label="Eclipse Jetty", identifiers=JETTY)
    return product, CycleFactory(product=product, name="9.4")


def test_purl_family_is_type_and_namespace():
    assert purl_family("pkg:maven/org.eclipse.jetty/jetty-util@9.4.18?type=jar") == (
        "pkg:maven/org.eclipse.jetty"
    )
    assert purl_family("pkg:npm/left-pad@1.0.0") is None  # no namespace, no family
    assert purl_family("not a purl") is None


@pytest.mark.django_db
def test_a_sibling_module_matches_by_family_and_says_so(jetty):
    product, cycle = jetty
    match = CatalogueIndex.load().match(
        purl="pkg:maven/org.eclipse.jetty/jetty-util@9.4.18.v20190429?type=jar",
        version="9.4.18.v20190429",
    )
    assert (match.product_id, match.cycle_id, match.kind) == (
        product.pk,
        cycle.pk,
        MatchKind.FAMILY,
    )
    assert match.note == "Inferred: same namespace as pkg:maven/org.eclipse.jetty/jetty-server."


@pytest.mark.django_db
def test_the_listed_package_itself_is_an_exact_match(jetty):
    match = CatalogueIndex.load().match(
        purl="pkg:maven/org.eclipse.jetty/jetty-server@9.4.18", version="9.4.18"
    )
    assert match.kind == MatchKind.PURL and match.note == ""


@pytest.mark.django_db
def test_no_cycle_for_the_version_means_no_family_match(db):
    # symfony/polyfill-* 1.x are not Symfony 1.x: Symfony has no cycle 1.x here.
    symfony = ProductFactory(
        name="symfony", identifiers=[{"type": "purl", "id": "pkg:composer/symfony/symfony"}]
    )
    CycleFactory(product=symfony, name="5.4")
    match = CatalogueIndex.load().match(
        purl="pkg:composer/symfony/symfony-polyfill@1.17.0", version="1.17.0"
    )
    assert (match.product_id, match.cycle_id, match.kind) == (None, None, MatchKind.NONE)
    assert match.note.startswith("No catalogue product for")


@pytest.mark.django_db
def test_a_package_named_otherwise_in_the_namespace_is_not_inferred(db):
    laravel = ProductFactory(
        name="laravel", identifiers=[{"type": "purl", "id": "pkg:composer/laravel/framework"}]
    )
    CycleFactory(product=laravel, name="7")
    match = CatalogueIndex.load().match(
        purl="pkg:composer/laravel/laravel@7.12.0", version="7.12.0"
    )
    assert match.product_id is None


@pytest.mark.django_db
def test_a_namespace_two_products_list_matches_neither(jetty):
    other = ProductFactory(
        name="jetty-fork",
        identifiers=[{"type": "purl", "id": "pkg:maven/org.eclipse.jetty/jetty-fork"}],
    )
    CycleFactory(product=other, name="9.4")
    match = CatalogueIndex.load().match(
        purl="pkg:maven/org.eclipse.jetty/jetty-util@9.4.18", version="9.4.18"
    )
    assert match.product_id is None


@pytest.mark.django_db
def test_rematch_records_the_kind_and_a_new_product_in_the_namespace_is_seen(jetty):
    product, _cycle = jetty
    system = SystemFactory()
    component = ComponentFactory(
        system=system,
        organisation=system.organisation,
        name="jetty-util",
        version="9.4.18",
        purl="pkg:maven/org.eclipse.jetty/jetty-util@9.4.18",
    )
    components_rematch()
    component.refresh_from_db()
    assert (component.product_id, component.match_kind) == (product.pk, MatchKind.FAMILY)
    # Another product now claims the namespace: the family is ambiguous, the match goes.
    other = ProductFactory(
        name="jetty-fork",
        identifiers=[{"type": "purl", "id": "pkg:maven/org.eclipse.jetty/jetty-fork"}],
    )
    assert component.pk in components_affected(Component.objects.all(), [other])
    components_rematch(products=[other])
    component.refresh_from_db()
    assert (component.product_id, component.match_kind) == (None, MatchKind.NONE)


def _catalogue_index() -> tuple[CatalogueIndex, CatalogueIndex]:
    document = json.loads(CATALOGUE.read_text())
    products, cycles, cycle_pk = [], [], 0
    for pk, product in enumerate(document["result"], start=1):
        products.append((pk, product["label"], product.get("identifiers")))
        for release in product.get("releases") or []:
            cycle_pk += 1
            cycles.append((cycle_pk, pk, release["name"]))
    with_family = CatalogueIndex.build(products, cycles)
    exact_only = CatalogueIndex.build(products, cycles)
    exact_only.families = {}
    return with_family, exact_only


def _components(path):
    stack = list(json.loads(path.read_text()).get("components") or [])
    while stack:
        item = stack.pop()
        stack.extend(item.get("components") or [])
        yield item.get("purl") or "", item.get("cpe") or "", item.get("version") or ""


def test_exact_matches_of_the_real_sboms_are_unchanged_and_jetty_modules_are_inferred():
    with_family, exact_only = _catalogue_index()
    family = 0
    for path in sorted(SBOM_DIR.glob("*.cdx.json")):
        for purl, cpe, version in _components(path):
            before = exact_only.match(purl=purl, cpe=cpe, version=version)
            after = with_family.match(purl=purl, cpe=cpe, version=version)
            if before.product_id is not None:
                assert after == before, purl
            elif after.kind == MatchKind.FAMILY:
                family += 1
                assert after.cycle_id is not None
    assert family >= 15  # the Jetty modules and Tomcat's jdbc and juli in Dropwizard
