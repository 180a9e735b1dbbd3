"""Re-matching components after a catalogue sync: only those whose match the sync can change."""

from __future__ import annotations

import json

import pytest

from smarterstate.lifecycle.models import Component
from smarterstate.lifecycle.services.catalogue import new_state, product_sync, snapshot_finish
from smarterstate.lifecycle.services.matching import (
    CatalogueIndex,
    components_affected,
    components_rematch,
)
from smarterstate.lifecycle.services.register import component_create

from .factories import (
    ComponentFactory,
    CycleFactory,
    ProductFactory,
    SystemFactory,
    catalogue_subset,
)

LEFT_PAD = {
    "name": "left-pad",
    "label": "left-pad",
    "identifiers": [{"type": "purl", "id": "pkg:npm/left-pad"}],
    "releases": [{"name": "1", "releaseDate": "2016-03-23", "isEol": False}],
}


def sync(path):
    """A catalogue sync as the endoflife.date import does it; returns its state."""
    document = json.loads(path.read_text())
    state = new_state(str(path))
    for position, product in enumerate(document["result"]):
        product_sync(state=state, data=product, where=f"result[{position}]")
    snapshot_finish(state=state)
    return state


def spy(index: CatalogueIndex) -> list[str]:
    """Record the purl (or CPE) of every component the index is asked to match."""
    asked: list[str] = []
    match = index.match

    def recording(**kwargs):
        asked.append(kwargs["purl"] or kwargs["cpe"])
        return match(**kwargs)

    index.match = recording
    return asked


@pytest.mark.django_db
def test_a_sync_rematches_only_the_components_of_the_products_it_changed(tmp_path):
    def without_laravel_7(document):
        laravel = next(p for p in document["result"] if p["name"] == "laravel")
        laravel["releases"] = [r for r in laravel["releases"] if r["name"] != "7"]

    def with_left_pad(document):
        document["result"].append(LEFT_PAD)

    sync(catalogue_subset(tmp_path, edit=without_laravel_7))
    system = SystemFactory()

    def component(name, version, purl="", cpe=""):
        return component_create(system=system, name=name, version=version, purl=purl, cpe=cpe)

    laravel = component("laravel", "7.30.6", purl="pkg:composer/laravel/framework@7.30.6")
    left_pad = component("left-pad", "1.3.0", purl="pkg:npm/left-pad@1.3.0")
    guzzle = component("guzzle", "6.5.5", purl="pkg:composer/guzzlehttp/guzzle@6.5.5")
    php = component("php", "7.4.3", cpe="cpe:2.3:a:php:php:7.4.3")
    is_odd = component("is-odd", "3.0.1", purl="pkg:npm/is-odd@3.0.1")
    assert laravel.cycle is None and left_pad.product is None
    assert (guzzle.cycle.name, php.cycle.name, is_odd.product) == ("6", "7.4", None)
    # A stale note that only a re-match would put right: it shows which components were touched.
    untouched = [guzzle.pk, php.pk, is_odd.pk]
    Component.objects.filter(pk__in=untouched).update(match_note="stale")

    state = sync(catalogue_subset(tmp_path, edit=with_left_pad))
    assert sorted(p.name for p in state.touched_products) == ["laravel", "left-pad"]
    index = CatalogueIndex.load()
    asked = spy(index)
    assert components_rematch(index=index, products=state.touched_products) == 2

    assert sorted(asked) == ["pkg:composer/laravel/framework@7.30.6", "pkg:npm/left-pad@1.3.0"]
    laravel.refresh_from_db()
    left_pad.refresh_from_db()
    assert (laravel.product.name, laravel.cycle.name, laravel.match_note) == ("laravel", "7", "")
    assert (left_pad.product.name, left_pad.cycle.name, left_pad.match_note) == (
        "left-pad",
        "1",
        "",
    )
    assert set(Component.objects.filter(pk__in=untouched).values_list("match_note", flat=True)) == {
        "stale"
    }
    # Everything else already matches as a full re-match would have it: only the stale notes move.
    assert components_rematch() == 3
    assert not Component.objects.filter(match_note="stale").exists()


@pytest.mark.django_db
def test_a_new_product_listing_a_claimed_purl_is_matched_by_label_order():
    zeta = ProductFactory(name="zeta", label="Zeta", identifiers=[
        {"type": "purl", "id": "pkg:npm/shared"}, {"type": "purl", "id": "pkg:npm/zeta-only"},
    ])  # fmt: skip
    zeta_1 = CycleFactory(product=zeta, name="1")
    shared = ComponentFactory(
        purl="pkg:npm/shared@1.2.0", version="1.2.0", product=zeta, cycle=zeta_1
    )
    own = ComponentFactory(
        purl="pkg:npm/zeta-only@1.0.0", version="1.0.0", product=zeta, cycle=zeta_1
    )
    unrelated = ComponentFactory(purl="pkg:pypi/django@5.2", version="5.2")

    # Alpha sorts before Zeta, so it now claims pkg:npm/shared (the index keeps the first).
    alpha = ProductFactory(name="alpha", label="Alpha", identifiers=[
        {"type": "purl", "id": "pkg:npm/shared"}, {"type": "cpe", "id": "cpe:/a:alpha:alpha"},
    ])  # fmt: skip
    alpha_1 = CycleFactory(product=alpha, name="1")
    by_cpe = ComponentFactory(cpe="cpe:2.3:a:alpha:alpha:1.0", version="1.0")

    assert sorted(components_affected(Component.objects.all(), [alpha])) == sorted(
        [shared.pk, by_cpe.pk]
    )
    assert components_rematch(products=[alpha]) == 2
    shared.refresh_from_db()
    by_cpe.refresh_from_db()
    own.refresh_from_db()
    unrelated.refresh_from_db()
    assert (shared.product, shared.cycle) == (alpha, alpha_1)
    assert (by_cpe.product, by_cpe.cycle) == (alpha, alpha_1)
    assert (own.product, own.cycle) == (zeta, zeta_1)
    assert unrelated.product is None


@pytest.mark.django_db
def test_a_product_that_drops_an_identifier_lets_its_components_go():
    product = ProductFactory(name="gone", identifiers=[{"type": "purl", "id": "pkg:npm/gone"}])
    cycle = CycleFactory(product=product, name="1")
    component = ComponentFactory(
        purl="pkg:npm/gone@1.0.0", version="1.0.0", product=product, cycle=cycle
    )
    product.identifiers = []
    product.save()
    assert components_rematch(products=[product]) == 1
    component.refresh_from_db()
    assert (component.product, component.cycle) == (None, None)
    assert component.match_note == "No catalogue product for pkg:npm/gone."
