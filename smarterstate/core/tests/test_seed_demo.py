"""`manage.py seed_demo`: demo organisations and personas, safe to run again."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from smarterstate.organisations.demo import ORGANISATIONS, PERSONAS
from smarterstate.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return " ".join(out.getvalue().split())


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


@pytest.fixture
def organisations_only(monkeypatch):
    """Tests of the command's own behaviour (personas, flags) seed organisations and users only:
    every pillar's seeder has its own idempotency test, and the full set runs in
    test_running_it_twice_gives_the_same_data."""
    from smarterstate.core.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "DEMO_SEEDERS", ["smarterstate.organisations.demo.seed"])


def counts():
    return (
        Organisation.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        sorted(Membership.objects.values_list("user__username", "organisation__slug", "role")),
    )


def test_it_creates_the_demo_organisations_users_and_memberships(debug_on, organisations_only):
    seed()
    assert Organisation.objects.count() == len(ORGANISATIONS)
    assert Organisation.objects.get(slug="valuation-office-agency").parent.slug == (
        "hm-revenue-customs"
    )
    user_model = get_user_model()
    assert user_model.objects.get(username="platform-admin").is_superuser
    assert user_model.objects.get(username="central-analyst").is_central_analyst
    assert ("dwp-admin", "department-for-work-pensions", "admin") in counts()[3]


def pillar_data_counts() -> dict[str, int]:
    """Rows of every pillar's models, except the records of each run: audit history, and the
    OCDS import log (every import run is recorded, also one that stores no new release)."""
    from django.apps import apps

    pillars = {"organisations", "commercial", "lifecycle", "skills", "outcomes", "ai"}
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in pillars
        and not model.__name__.startswith("Historical")
        and model._meta.label != "commercial.OCDSImport"
    }


def test_running_it_twice_gives_the_same_data(debug_on):
    seed()
    first, first_data = counts(), pillar_data_counts()
    seed()
    assert counts() == first
    assert first[1] == len(PERSONAS)
    second_data = pillar_data_counts()
    changed = {
        label: (count, second_data[label])
        for label, count in first_data.items()
        if second_data[label] != count
    }
    assert not changed, f"a second seed_demo changed these row counts (before, after): {changed}"


def test_it_puts_back_demo_data_that_was_changed(debug_on, organisations_only):
    seed()
    Membership.objects.filter(user__username="dwp-editor").update(role="viewer")
    Organisation.objects.filter(slug="nhs-england").update(name="Changed")
    seed()
    assert Membership.objects.get(user__username="dwp-editor").role == "editor"
    assert Organisation.objects.get(slug="nhs-england").name == "NHS England"


def test_it_prints_the_demo_logins_that_work(debug_on, organisations_only):
    text = seed()
    assert "Demo logins" in text
    for username, _name, password, _flags, _memberships in PERSONAS:
        assert username in text
        assert password in text
    assert "central analyst: reads every organisation, changes none" in text
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="dwp-viewer", password="buy-pipelines-not-43")


def test_it_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing"):
        seed()
    assert not Organisation.objects.exists()
    assert not get_user_model().objects.exists()


def test_it_seeds_with_debug_off_when_production_is_allowed(settings, organisations_only):
    settings.DEBUG = False
    seed("--allow-production")
    assert Organisation.objects.count() == len(ORGANISATIONS)


def test_if_empty_does_nothing_when_organisations_exist(debug_on):
    Organisation.objects.create(name="Existing Body", slug="existing-body")

    text = seed("--if-empty")

    assert "Organisations exist already" in text
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["existing-body"]
    assert not get_user_model().objects.exists()


def test_if_empty_seeds_an_empty_database(debug_on, organisations_only):
    seed("--if-empty")
    assert Organisation.objects.count() == len(ORGANISATIONS)
