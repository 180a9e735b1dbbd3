import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from smarterstate.commercial.tests.factories import ContractFactory, ProcessFactory
from smarterstate.lifecycle.models import CycleOverride
from smarterstate.lifecycle.services.assessments import assessment_create, proposals_for
from smarterstate.lifecycle.services.register import component_create, system_create
from smarterstate.organisations.tests.factories import OrganisationFactory

from .factories import CycleFactory, ProductFactory

SCORES = {f"l{i}": 1 for i in range(1, 8)} | {f"c{i}": 1 for i in range(1, 7)}


@pytest.fixture
def system(db):
    org = OrganisationFactory()
    product = ProductFactory(
        name="laravel",
        label="Laravel",
        identifiers=[{"type": "purl", "id": "pkg:composer/laravel/framework"}],
    )
    CycleFactory(product=product, name="7", is_eol=True, eol_from=dt.date(2021, 3, 3))
    CycleFactory(product=product, name="12", is_eol=False, eol_from=dt.date(2099, 2, 24))
    return system_create(organisation=org, name="Case portal")


def _component(system, version):
    return component_create(
        system=system,
        name="laravel/framework",
        version=version,
        purl="pkg:composer/laravel/framework",
    )


def test_l1_is_proposed_from_the_catalogue_with_its_reason(system):
    assert "l1" not in proposals_for(system)  # no components: nothing to propose
    _component(system, "12.1")
    assert proposals_for(system)["l1"][0] == 1
    _component(system, "7.30.6")
    score, reason = proposals_for(system)["l1"]
    assert score == 6
    assert reason == "Laravel 7 (laravel/framework 7.30.6) reached end of life on 2021-03-03"


def test_an_extended_support_override_lowers_l1_and_says_so(system):
    component = _component(system, "7.30.6")
    CycleOverride.objects.create(
        organisation=system.organisation,
        cycle=component.cycle,
        milestone="eoes",
        date=dt.date(2099, 1, 1),
        evidence="Contract",
        owner="Platforms",
        expires_on=dt.date(2099, 1, 1),
    )
    score, reason = proposals_for(system)["l1"]
    assert score == 5
    assert "extended support until 2099-01-01" in reason and "(our override)" in reason


def test_l2_is_proposed_from_linked_contracts(system):
    assert "l2" not in proposals_for(system)
    process = ProcessFactory(organisation=system.organisation)
    ended = ContractFactory(
        process=process, title="Hosting", period_end=timezone.make_aware(dt.datetime(2024, 1, 31))
    )
    system.contracts.add(ended)
    assert proposals_for(system)["l2"] == [
        6,
        "Every linked contract has ended; the last, Hosting, on 2024-01-31",
    ]
    running = ContractFactory(
        process=process, title="Support", period_end=timezone.now() + dt.timedelta(days=900)
    )
    system.contracts.add(running)
    assert proposals_for(system)["l2"] == [4, "Hosting ended on 2024-01-31"]


def test_an_assessment_scores_and_flags_the_system(system):
    _component(system, "7.30.6")
    assessment = assessment_create(
        system=system,
        user=None,
        **SCORES | {"l1": 6, "l6": 5, "l7": 5, "c1": 4, "c3": 5, "c5": 4},
        evidence={"l6": "CVE-2021-3129", "c2": ""},
        risk_owner="Director of digital",
        remediation_date=dt.date(2027, 3, 31),
    )
    # Likelihood (20/7 + 6) / 2 = 4.43; impact (16/6 + 5) / 2 = 3.83; risk 16.97 → red.
    assert (assessment.likelihood, assessment.impact) == (Decimal("4.43"), Decimal("3.83"))
    assert assessment.risk == Decimal("16.97")
    assert assessment.red_rated and assessment.legacy
    assert assessment.proposals["l1"][0] == 6
    assert assessment.evidence == {"l6": "CVE-2021-3129"}
    system.refresh_from_db()
    assert system.red_rated and system.legacy and system.risk_score == Decimal("16.97")
    assert system.remediation_date == dt.date(2027, 3, 31)

    later = assessment_create(system=system, user=None, **SCORES)
    system.refresh_from_db()
    assert not system.red_rated and not system.legacy and system.risk_score == later.risk
    assert system.assessments.count() == 2  # history of assessments


def test_an_out_of_range_score_is_refused(system):
    with pytest.raises(ValidationError) as error:
        assessment_create(system=system, user=None, **SCORES | {"l3": 7, "c2": 0})
    assert set(error.value.message_dict) == {"l3", "c2"}


def test_the_system_page_shows_the_l2_its_contracts_give_and_a_stale_assessment(system, client):
    """Issue 16 item 9: L2 (vendor contract expired) is tied to the contract data on the page."""
    from django.urls import reverse

    from smarterstate.organisations.tests.factories import UserFactory

    org = system.organisation
    url = reverse("lifecycle:system", args=[org.slug, system.pk])
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert 'id="contract-l2"' not in client.get(url).content.decode()  # no contracts: nothing
    assessment_create(system=system, user=None, **SCORES)  # L2 scored 1
    process = ProcessFactory(organisation=org)
    system.contracts.add(
        ContractFactory(
            process=process,
            title="Hosting",
            period_end=timezone.make_aware(dt.datetime(2024, 1, 31)),
        )
    )
    page = client.get(url).content.decode()
    assert "6 of 6: Every linked contract has ended; the last, Hosting, on 2024-01-31" in page
    assert "scored L2 1</strong>: a new assessment starts from 6." in page
