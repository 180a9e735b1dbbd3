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


@pytest.mark.django_db(transaction=True)
def test_demo_systems_link_real_contracts_and_score_l2_from_them(client):
    """Issue 16 item 9: demo contracts are linked to demo systems; the contract register and
    crunch points lead to them; L2 (vendor contract expired) comes from the contracts' ends."""
    from django.urls import reverse

    from smarterstate.commercial import demo as commercial_demo
    from smarterstate.lifecycle.services.assessments import propose_l2
    from smarterstate.organisations.tests.factories import UserFactory

    organisations_demo.seed()
    commercial_demo.seed()
    demo.seed()
    office = Organisation.objects.get(slug="cabinet-office")
    system = System.objects.get(organisation=office, name="Cabinet Office network services")
    titles = {str(contract) for contract in system.contracts.all()}
    assert len(titles) == 2 and any("PSN DNS" in title for title in titles), titles
    assessment = Assessment.objects.get(system=system)
    assert [assessment.l2, assessment.evidence["l2"]] == list(propose_l2(system, demo.ASSESSED_ON))
    assert assessment.l2 > 1  # one of the two contracts had ended by the assessment
    # No DWP system is linked to a contract that is not plausibly its own.
    dwp = Organisation.objects.get(slug="department-for-work-pensions")
    assert not System.objects.filter(organisation=dwp, contracts__isnull=False).exists()

    client.force_login(UserFactory(username="root", is_superuser=True))
    page = client.get(reverse("lifecycle:system", args=[office.slug, system.pk]))
    assert 'id="contract-l2"' in page.content.decode()
    system_url = reverse("lifecycle:system", args=[office.slug, system.pk])
    register = client.get(reverse("commercial:contracts", kwargs={"org_slug": office.slug}))
    assert system_url in register.content.decode()  # the contract leads to its system
