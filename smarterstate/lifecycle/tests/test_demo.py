"""The lifecycle demo: the shared catalogue, both SBOMs on DWP systems, assessed systems."""

import datetime as dt
import io

import pytest

from smarterstate.core.demo import DEMO_SEEDERS
from smarterstate.lifecycle import demo, selectors
from smarterstate.lifecycle.models import Assessment, CatalogueSnapshot, Cycle, SBOMImport, System
from smarterstate.organisations import demo as organisations_demo
from smarterstate.organisations.models import Organisation


@pytest.mark.django_db
def test_seed_fills_the_lifecycle_pages_and_is_idempotent():
    assert "smarterstate.lifecycle.demo.seed" in DEMO_SEEDERS
    organisations_demo.seed()
    out = io.StringIO()
    result = demo.seed(stdout=out)
    assert Cycle.objects.count() == 8351
    assert "Universal Credit case portal" in result["systems"]
    dwp = Organisation.objects.get(slug="department-for-work-pensions")
    portal = System.objects.get(organisation=dwp, name="Universal Credit case portal")
    assert portal.components.filter(cycle__product__name="laravel", cycle__name="7").exists()
    assert SBOMImport.objects.filter(organisation=dwp).count() == 2
    assert Assessment.objects.filter(organisation=dwp, red_rated=True).exists()
    radar = selectors.radar(selectors.estate_on(dwp))
    assert {"Laravel 7", "Eclipse Jetty 9.4"} <= {o["cycle"] for o in radar["overdue"]}
    # The time machine has the demo register to show.
    assert selectors.estate_summary(selectors.estate_on(dwp, dt.date(2026, 9, 1)))["systems"] == 4

    systems = System.objects.count()
    demo.seed()
    assert System.objects.count() == systems and CatalogueSnapshot.objects.count() == 1
