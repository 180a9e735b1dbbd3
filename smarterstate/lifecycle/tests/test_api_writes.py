"""API writes: assessments, overrides, a system's contracts and successor."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from smarterstate.commercial.tests.factories import ContractFactory, ProcessFactory
from smarterstate.lifecycle.models import Assessment, CycleOverride, System
from smarterstate.lifecycle.services.register import system_create
from smarterstate.lifecycle.tests.crosscut import _estate

API = "/api/v1/lifecycle/"
DWP = "department-for-work-pensions"
SCORES = {f"l{i}": 2 for i in range(3, 8)} | {f"c{i}": 3 for i in range(1, 7)}


@pytest.fixture
def world(org_a, org_b, editor_a, editor_b):
    return _estate(org_a, editor_a, "Case portal A"), _estate(org_b, editor_b, "Tax platform B")


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def errors(response) -> dict:
    assert response.status_code == 400, (response.status_code, response.content)
    return response.json()["errors"]


# -- assessments -----------------------------------------------------------------------


def test_an_assessment_takes_l1_from_data_when_left_out(world, editor_a):
    system = world[0]["system"]
    # No linked contracts: L2 has no proposal, so it must be given.
    assert "l2" in errors(api(editor_a).post(API + "assessments/", {"system": system.pk, **SCORES}))
    response = api(editor_a).post(
        API + "assessments/",
        {"system": system.pk, **SCORES, "l2": 1, "risk_owner": "SIRO", "evidence": {"l3": "x"}},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    # Laravel 7 is past end of life, inside the extended support of our override.
    assert body["l1"] == 5 and body["proposals"]["l1"][0] == 5
    assert body["evidence"]["l1"].startswith("Proposed from data: Laravel 7")
    assert "(our override)" in body["evidence"]["l1"]
    assert body["evidence"]["l3"] == "x" and body["assessor"] == editor_a.username
    # likelihood (mean 16/7 + max 5) / 2 = 3.64; impact 3; risk 10.92 (from the rounded parts): not red, but legacy.
    assert body["risk"] == "10.92" and body["red_rated"] is False and body["legacy"] is True
    system.refresh_from_db()
    assert str(system.risk_score) == "10.92" and system.legacy


def test_l2_is_taken_from_linked_contracts(world, editor_a, org_a):
    system = world[0]["system"]
    ended = ContractFactory(
        process=ProcessFactory(organisation=org_a),
        title="Hosting",
        period_end=timezone.make_aware(dt.datetime(2024, 1, 31)),
    )
    linked = api(editor_a).patch(
        f"{API}systems/{system.pk}/", {"contracts": [ended.pk]}, format="json"
    )
    assert linked.status_code == 200 and linked.json()["contracts"] == [ended.pk]
    body = (
        api(editor_a)
        .post(API + "assessments/", {"system": system.pk, **SCORES}, format="json")
        .json()
    )
    assert body["l2"] == 6 and "Hosting, on 2024-01-31" in body["evidence"]["l2"]


def test_a_given_score_beats_the_proposal_and_red_rating_follows(world, editor_a):
    system = world[0]["system"]
    scores = SCORES | {"l1": 2, "l2": 6, "l3": 6, "c1": 5, "c2": 5}
    body = (
        api(editor_a)
        .post(API + "assessments/", {"system": system.pk, **scores}, format="json")
        .json()
    )
    assert body["l1"] == 2 and body["proposals"]["l1"][0] == 5
    assert body["red_rated"] is True and float(body["risk"]) >= 16
    assert System.objects.get(pk=system.pk).red_rated


def test_assessments_are_corrected_with_history(world, editor_a):
    system = world[0]["system"]
    assessment = world[0]["assessment"]
    assert not assessment.red_rated
    url = f"{API}assessments/{assessment.pk}/"
    changed = api(editor_a).patch(
        url,
        {"l2": 6, "l3": 6, "c1": 5, "c2": 5, "evidence": {"l3": "No COBOL skills left"}},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["red_rated"] is True
    assert changed.json()["evidence"]["l3"] == "No COBOL skills left"
    assert System.objects.get(pk=system.pk).red_rated
    assessment.refresh_from_db()
    assert assessment.history.count() == 2
    assert assessment.history.earliest().red_rated is False

    moved = api(editor_a).patch(url, {"system": world[1]["system"].pk}, format="json")
    assert "system" in errors(moved)
    assert "l1" in errors(api(editor_a).patch(url, {"l1": 7}, format="json"))
    assert "c1" in errors(api(editor_a).patch(url, {"c1": 6}, format="json"))
    assert "evidence" in errors(api(editor_a).patch(url, {"evidence": {"l9": "x"}}, format="json"))
    assert api(editor_a).delete(url).status_code == 405


def test_assessment_permissions(world, editor_a, viewer_a, analyst, editor_b):
    mine, theirs = world[0], world[1]
    body = {"system": mine["system"].pk, **SCORES, "l1": 1, "l2": 1}
    count = Assessment.objects.count()
    assert api(viewer_a).post(API + "assessments/", body, format="json").status_code == 403
    assert api(analyst).post(API + "assessments/", body, format="json").status_code == 403
    # Another organisation's system is not one editor B can see.
    assert "system" in errors(api(editor_b).post(API + "assessments/", body, format="json"))
    assert Assessment.objects.count() == count
    url = f"{API}assessments/{mine['assessment'].pk}/"
    assert api(viewer_a).patch(url, {"l3": 6}, format="json").status_code == 403
    assert api(analyst).patch(url, {"l3": 6}, format="json").status_code == 403
    assert api(editor_b).patch(url, {"l3": 6}, format="json").status_code == 404
    assert api(editor_b).get(url).status_code == 404
    assert api(analyst).get(url).status_code == 200
    foreign = f"{API}assessments/{theirs['assessment'].pk}/"
    assert api(editor_a).patch(foreign, {"l3": 6}, format="json").status_code == 404
    assert Assessment.objects.get(pk=mine["assessment"].pk).l3 == 2


# -- overrides -------------------------------------------------------------------------


def _override(the_cycle, **extra):
    future = timezone.localdate() + dt.timedelta(days=400)
    return {
        "organisation": DWP,
        "cycle": the_cycle.pk,
        "milestone": "eol",
        "date": "2027-06-30",
        "evidence": "Extended support contract CS-42",
        "owner": "Head of platforms",
        "expires_on": future.isoformat(),
        **extra,
    }


def test_editors_add_change_and_remove_overrides(world, editor_a):
    cycle = world[0]["cycle"]
    created = api(editor_a).post(API + "overrides/", _override(cycle), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["product"] == "laravel" and body["cycle_name"] == "7" and body["in_force"]
    assert body["created_by"] == editor_a.username
    url = f"{API}overrides/{body['id']}/"

    again = api(editor_a).post(API + "overrides/", _override(cycle), format="json")
    assert "already an override" in errors(again)["milestone"][0]

    changed = api(editor_a).patch(url, {"owner": "CTO", "evidence": "Renewed"}, format="json")
    assert changed.status_code == 200 and changed.json()["owner"] == "CTO"
    assert CycleOverride.objects.get(pk=body["id"]).history.count() == 2
    for field, value in (("date", "2030-01-01"), ("milestone", "eoes"), ("organisation", "x")):
        assert field in errors(api(editor_a).patch(url, {field: value}, format="json"))
    assert "expires_on" in errors(api(editor_a).patch(url, {"expires_on": "2020-01-01"}))
    assert "owner" in errors(api(editor_a).patch(url, {"owner": "  "}, format="json"))

    listed = api(editor_a).get(API + "overrides/", {"in_force": "true"}).json()["results"]
    assert {o["id"] for o in listed} == {world[0]["override"].pk, body["id"]}
    assert api(editor_a).delete(url).status_code == 204
    assert not CycleOverride.objects.filter(pk=body["id"]).exists()


def test_override_validation_names_the_field(world, editor_a):
    cycle = world[0]["cycle"]
    post = lambda **extra: api(editor_a).post(  # noqa: E731
        API + "overrides/", _override(cycle, **extra), format="json"
    )
    assert "cycle" in errors(post(cycle=10**12))
    assert "milestone" in errors(post(milestone="eos"))
    assert "evidence" in errors(post(evidence=""))
    assert "owner" in errors(post(owner=""))
    assert "expires_on" in errors(post(expires_on="2020-01-01"))
    assert "date" in errors(post(date="not a date"))


def test_override_permissions(world, editor_a, viewer_a, analyst, editor_b):
    cycle = world[0]["cycle"]
    assert api(viewer_a).post(API + "overrides/", _override(cycle)).status_code == 403
    assert api(analyst).post(API + "overrides/", _override(cycle)).status_code == 403
    # A's slug, which B's editor cannot read, answers as an unknown one.
    refused = api(editor_b).post(API + "overrides/", _override(cycle))
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "organisation": ["Object with slug=department-for-work-pensions does not exist."]
    }
    mine = f"{API}overrides/{world[0]['override'].pk}/"
    theirs = f"{API}overrides/{world[1]['override'].pk}/"
    assert api(viewer_a).get(mine).status_code == 200
    assert api(viewer_a).patch(mine, {"owner": "x"}, format="json").status_code == 403
    assert api(analyst).patch(mine, {"owner": "x"}, format="json").status_code == 403
    assert api(viewer_a).delete(mine).status_code == 403
    assert api(editor_a).get(theirs).status_code == 404
    assert api(editor_a).patch(theirs, {"owner": "x"}, format="json").status_code == 404
    assert api(editor_a).delete(theirs).status_code == 404
    assert CycleOverride.objects.get(pk=world[0]["override"].pk).owner == "Head of platforms"
    assert CycleOverride.objects.get(pk=world[1]["override"].pk).owner == "Head of platforms"


# -- systems: contracts and successor --------------------------------------------------


def test_any_readable_contract_can_be_linked(world, editor_a, org_b):
    system = world[0]["system"]
    url = f"{API}systems/{system.pk}/"
    other_bodys = ContractFactory(process=ProcessFactory(organisation=org_b))
    unmapped = ContractFactory()
    linked = api(editor_a).patch(
        url, {"contracts": [other_bodys.pk, unmapped.pk, unmapped.pk]}, format="json"
    )
    assert linked.status_code == 200, linked.json()
    assert sorted(linked.json()["contracts"]) == sorted([other_bodys.pk, unmapped.pk])
    assert "contracts" in errors(api(editor_a).patch(url, {"contracts": [10**12]}, format="json"))
    assert "contracts" in errors(api(editor_a).patch(url, {"contracts": ["x"]}, format="json"))
    assert set(system.contracts.all()) == {other_bodys, unmapped}
    cleared = api(editor_a).patch(url, {"contracts": []}, format="json")
    assert cleared.json()["contracts"] == [] and not system.contracts.exists()


def test_the_successor_is_a_system_of_the_same_organisation(world, editor_a, org_a):
    system = world[0]["system"]
    url = f"{API}systems/{system.pk}/"
    successor = system_create(organisation=org_a, name="Case portal 2")
    created = api(editor_a).post(
        API + "systems/",
        {"organisation": DWP, "name": "Old portal", "successor": system.pk},
        format="json",
    )
    assert created.status_code == 201 and created.json()["successor"] == system.pk
    assert (
        api(editor_a).patch(url, {"successor": successor.pk}, format="json").json()["successor"]
        == successor.pk
    )
    foreign = api(editor_a).patch(url, {"successor": world[1]["system"].pk}, format="json")
    assert errors(foreign)["successor"] == [
        "The successor must be a system of the same organisation."
    ]
    assert "successor" in errors(api(editor_a).patch(url, {"successor": 10**12}, format="json"))
    assert "successor" in errors(api(editor_a).patch(url, {"successor": system.pk}, format="json"))
    loop = api(editor_a).patch(
        f"{API}systems/{successor.pk}/", {"successor": created.json()["id"]}, format="json"
    )
    assert "succeed itself" in errors(loop)["successor"][0]
    cleared = api(editor_a).patch(url, {"successor": None}, format="json")
    assert cleared.status_code == 200 and cleared.json()["successor"] is None
    assert System.objects.get(pk=system.pk).history.count() >= 3


def test_only_editors_link_contracts_and_successors(world, viewer_a, analyst, editor_b, org_a):
    system = world[0]["system"]
    contract = ContractFactory(process=ProcessFactory(organisation=org_a))
    url = f"{API}systems/{system.pk}/"
    for user, status in ((viewer_a, 403), (analyst, 403), (editor_b, 404)):
        body = {"contracts": [contract.pk]}
        assert api(user).patch(url, body, format="json").status_code == status
    assert not system.contracts.exists()


# -- the pages apply the same rules ----------------------------------------------------


def test_the_override_page_applies_the_same_rules(client, world, editor_a):
    client.force_login(editor_a)
    page = "/o/department-for-work-pensions/lifecycle/overrides/add/"
    data = {
        "product": "laravel",
        "cycle": "7",
        "milestone": "eoes",  # _estate's override of this milestone is in force
        "date": "2027-03-03",
        "evidence": "Agreement 2025/17",
        "owner": "Head of platforms",
        "expires_on": "2099-03-03",
    }
    clash = client.post(page, data).content.decode()
    assert "already an override of this milestone" in clash
    expired = client.post(page, data | {"milestone": "eol", "expires_on": "2020-01-01"})
    assert "The expiry date must be today or later" in expired.content.decode()
    assert CycleOverride.objects.filter(organisation=world[0]["system"].organisation).count() == 1


def test_the_services_refuse_a_foreign_or_looping_successor(world, org_a):
    from django.core.exceptions import ValidationError

    from smarterstate.lifecycle.services.register import system_update

    system = world[0]["system"]
    with pytest.raises(ValidationError) as foreign:
        system_update(system=system, successor=world[1]["system"])
    assert "successor" in foreign.value.message_dict
    with pytest.raises(ValidationError):
        system_update(system=system, successor=system)
