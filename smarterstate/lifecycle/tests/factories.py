"""Factories and small real catalogues for the lifecycle tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import factory
from django.conf import settings

from smarterstate.organisations.tests.factories import OrganisationFactory

from ..models import Component, Cycle, Product, System

DATA = Path(settings.BASE_DIR) / "data"
CATALOGUE = DATA / "endoflife" / "products-full.json"
LARAVEL_SBOM = DATA / "sbom" / "laravel-7.12.0.cdx.json"
DROPWIZARD_SBOM = DATA / "sbom" / "dropwizard-1.3.15.cdx.json"
# Products the two shared SBOMs use, and PHP (matched by CPE).
SBOM_PRODUCTS = ("laravel", "guzzle", "eclipse-jetty", "hibernate-orm", "php", "symfony")


def catalogue_subset(tmp_path, names=SBOM_PRODUCTS, edit=None) -> Path:
    """The real catalogue cut down to a few products (fast), optionally edited."""
    document = json.loads(CATALOGUE.read_text())
    document["result"] = [p for p in document["result"] if p["name"] in names]
    document["total"] = len(document["result"])
    if edit:
        edit(document)
    path = tmp_path / f"catalogue-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(document))
    return path


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"product-{n}")
    label = factory.LazyAttribute(lambda o: o.name.title())
    identifiers = factory.LazyAttribute(lambda o: [{"type": "purl", "id": f"pkg:npm/{o.name}"}])


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    product = factory.SubFactory(ProductFactory)
    name = factory.Sequence(lambda n: f"{n}.0")
    is_eol = False
    eol_from = dt.date(2030, 1, 1)


class SystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = System

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"System {n}")


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    system = factory.SubFactory(SystemFactory)
    organisation = factory.LazyAttribute(lambda o: o.system.organisation)
    name = factory.Sequence(lambda n: f"component-{n}")
    version = "1.0"
