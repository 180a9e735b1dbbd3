import pytest
from rest_framework.test import APIClient

from smarterstate.lifecycle.tests.crosscut import _estate

API = "/api/v1/lifecycle/"


@pytest.fixture
def world(org_a, org_b, editor_a, editor_b):
    return _estate(org_a, editor_a, "Case portal A"), _estate(org_b, editor_b, "Tax platform B")


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_lists_are_scoped_to_readable_organisations(world, viewer_a, analyst):
    names = [s["name"] for s in api(viewer_a).get(API + "systems/").json()["results"]]
    assert names == ["Case portal A"]
    assert api(viewer_a).get(f"{API}systems/{world[1]['system'].pk}/").status_code == 404
    assert api(viewer_a).get(f"{API}components/{world[1]['component'].pk}/").status_code == 404
    assert api(viewer_a).get(f"{API}assessments/{world[1]['assessment'].pk}/").status_code == 404
    both = api(analyst).get(API + "systems/").json()
    assert both["count"] == 2
    only_b = api(analyst).get(API + "systems/", {"organisation": "hm-revenue-customs"}).json()
    assert [s["name"] for s in only_b["results"]] == ["Tax platform B"]


def test_components_carry_their_match(world, viewer_a):
    component = api(viewer_a).get(API + "components/", {"matched": "true"}).json()["results"][0]
    assert component["product"] == "laravel" and component["cycle"] == world[0]["cycle"].pk


def test_the_catalogue_is_readable_by_everyone_signed_in(world, viewer_a):
    products = api(viewer_a).get(API + "products/", {"purl": "pkg:composer/laravel/framework@7"})
    assert [p["name"] for p in products.json()["results"]] == ["laravel"]
    cycles = api(viewer_a).get(API + "cycles/", {"product": "laravel"}).json()["results"]
    assert {c["name"] for c in cycles} == {"7", "11"}
    assert APIClient().get(API + "products/").status_code in (401, 403)


def test_the_radar(world, viewer_a, editor_b):
    radar = api(viewer_a).get(API + "radar/").json()
    assert radar["organisation"] == "department-for-work-pensions"
    assert [o["cycle"] for o in radar["overdue"]] == ["Laravel 7"]
    assert radar["summary"]["components_by_status"]["eol"] == 1
    refused = api(viewer_a).get(API + "radar/", {"organisation": "hm-revenue-customs"})
    assert refused.status_code == 400  # B is not among the organisations A's viewer can see
    past = api(editor_b).get(API + "radar/", {"as_of": "2019-01-01"}).json()
    assert past["organisation"] == "hm-revenue-customs" and past["summary"]["systems"] == 0
    assert api(viewer_a).get(API + "radar/", {"as_of": "99999-01-01"}).status_code == 400


def test_editors_write_systems_and_components(world, editor_a, viewer_a, editor_b):
    created = api(editor_a).post(
        API + "systems/",
        {"organisation": "department-for-work-pensions", "name": "Payments hub", "phase": "plan"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    system_id = created.json()["id"]
    component = api(editor_a).post(
        API + "components/",
        {
            "system": system_id,
            "name": "laravel",
            "version": "11.0.3",
            "purl": "pkg:composer/laravel/framework",
        },
        format="json",
    )
    assert component.status_code == 201 and component.json()["product"] == "laravel"
    assert component.json()["cycle"] is not None  # matched to Laravel 11 when written
    changed = api(editor_a).patch(
        f"{API}systems/{system_id}/", {"hosting": "saas", "owner": "CFO"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["hosting"] == "saas"

    duplicate = api(editor_a).post(
        API + "systems/",
        {"organisation": "department-for-work-pensions", "name": "Payments hub"},
        format="json",
    )
    assert duplicate.status_code == 400
    bad = api(editor_a).patch(f"{API}systems/{system_id}/", {"phase": "retired"}, format="json")
    assert bad.status_code == 400 and "phase" in bad.json()["errors"]
    moved = api(editor_a).patch(
        f"{API}systems/{system_id}/", {"organisation": "hm-revenue-customs"}, format="json"
    )
    assert moved.status_code == 400

    # Viewers, and editors of another organisation, cannot write.
    assert (
        api(viewer_a).patch(f"{API}systems/{system_id}/", {"owner": "x"}, format="json").status_code
        == 403
    )
    assert api(editor_b).delete(f"{API}systems/{system_id}/").status_code == 404
    refused = api(editor_b).post(
        API + "systems/",
        {"organisation": "department-for-work-pensions", "name": "X"},
        format="json",
    )
    unknown = api(editor_b).post(
        API + "systems/", {"organisation": "no-such-body", "name": "X"}, format="json"
    )
    # Another organisation's slug answers as an unknown one: no existence oracle (issue 13).
    assert refused.status_code == unknown.status_code == 400
    assert refused.json()["errors"].keys() == unknown.json()["errors"].keys()
    foreign = api(editor_b).post(
        API + "components/", {"system": system_id, "name": "x"}, format="json"
    )
    assert foreign.status_code == 400

    assert api(editor_a).delete(f"{API}components/{component.json()['id']}/").status_code == 204
    assert api(editor_a).delete(f"{API}systems/{system_id}/").status_code == 204
