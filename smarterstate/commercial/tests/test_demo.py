"""The commercial demo seeder imports the bundled OCDS files and maps buyers to demo organisations."""

import io

import pytest

from smarterstate.commercial import demo
from smarterstate.commercial.models import IndicatorValue, OCDSImport, Process, Release
from smarterstate.core.demo import DEMO_SEEDERS
from smarterstate.organisations import demo as organisations_demo
from smarterstate.organisations.models import Organisation


@pytest.mark.django_db(transaction=True)
def test_seed_imports_real_data_and_fills_demo_dashboards():
    assert "smarterstate.commercial.demo.seed" in DEMO_SEEDERS
    assert len(demo.demo_files()) >= 5
    organisations_demo.seed()
    out = io.StringIO()
    result = demo.seed(stdout=out)
    assert "buyers mapped" in out.getvalue()
    assert result["mapped"] >= 5
    dwp = Organisation.objects.get(slug="department-for-work-pensions")
    # DWP's data comes from its own arm's-length body only (issue 16 item 17).
    assert set(Process.objects.filter(organisation=dwp).values_list("buyer__name", flat=True)) == {
        "Pension Protection Fund"
    }
    assert IndicatorValue.objects.filter(organisation=dwp, total__gt=0).exists()
    assert Process.objects.filter(organisation__slug="cabinet-office").exists()

    releases = Release.objects.count()
    demo.seed()  # idempotent: nothing new the second time
    assert Release.objects.count() == releases
    assert OCDSImport.objects.latest("started_at").releases_new == 0


@pytest.mark.django_db(transaction=True)
def test_every_commercial_page_renders_the_real_demo_data(client):
    from django.urls import reverse

    from smarterstate.commercial.models import AwardSupplier, OCDSImport, Party
    from smarterstate.organisations.tests.factories import UserFactory

    organisations_demo.seed()
    demo.seed()
    client.force_login(UserFactory(username="root", is_superuser=True))
    dwp = "department-for-work-pensions"
    urls = [
        reverse(name, kwargs={"org_slug": dwp})
        for name in ("commercial:index", "commercial:contracts", "commercial:crunch-points")
    ]
    urls += [reverse(name) for name in ("commercial:processes", "commercial:buyers")]
    urls += [reverse("commercial:mapping"), reverse("commercial:imports")]
    urls += [reverse("commercial:import", kwargs={"import_pk": OCDSImport.objects.first().pk})]
    urls += [
        reverse("commercial:process", kwargs={"ocid": ocid})
        for ocid in Process.objects.values_list("ocid", flat=True)[:40]
    ]
    suppliers = AwardSupplier.objects.values_list("party_id", flat=True).distinct()[:10]
    urls += [reverse("commercial:supplier", kwargs={"party_pk": pk}) for pk in suppliers]
    buyers = Party.objects.filter(is_buyer=True).values_list("pk", flat=True)[:10]
    urls += [reverse("commercial:buyer", kwargs={"party_pk": pk}) for pk in buyers]
    dashboard = client.get(urls[0])
    urls += [row["href"] for row in dashboard.context["rows"] if row["href"]]
    for url in urls:
        assert client.get(url).status_code == 200, url


# Words in a buyer's name that place it: another department, defence, a local authority, health.
DEPARTMENT_WORDS = ("ministry of", "department for", "dfe", "dftc", "home office")
LOCAL_WORDS = ("council", "borough", "combined authority")


def test_each_demo_organisation_gets_plausible_buyers_only():
    """Issue 16 item 17: every mapping says why it is plausible, and no central department gets
    another department's, defence or a council's buyer (nor a council a department's)."""
    from smarterstate.organisations.demo import ORGANISATIONS

    kinds = {slug: kind for _name, slug, kind, _parent in ORGANISATIONS}
    names = {slug: name for name, slug, _kind, _parent in ORGANISATIONS}
    assert {name: slug for name, slug, _ in demo.DEMO_BUYERS} == demo.DEMO_BUYER_MAPPINGS
    for buyer, slug, why in demo.DEMO_BUYERS:
        assert why.startswith(("Real", "Stand-in")), buyer
        lowered = buyer.lower()
        if kinds[slug] == "local-authority":
            assert any(word in lowered for word in LOCAL_WORDS), (buyer, slug)
            continue
        assert not any(word in lowered for word in LOCAL_WORDS), (buyer, slug)
        assert "defence" not in lowered, (buyer, slug)
        if any(word in lowered for word in DEPARTMENT_WORDS):
            assert buyer == names[slug], (buyer, slug)  # only the department itself
    dwp = {name for name, slug, _ in demo.DEMO_BUYERS if slug == "department-for-work-pensions"}
    assert dwp == {"Pension Protection Fund"}
    assert not {
        "Ministry of Defence",
        "Department for Education",
        "City of Doncaster Council",
    } & set(demo.DEMO_BUYER_MAPPINGS)
