import pytest
from rest_framework.test import APIClient

from smarterstate.skills.models import Assessment
from smarterstate.skills.tests.crosscut import make_organisation_data

BASE = "/api/v1/skills/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def both(org_a, org_b):
    return make_organisation_data(org_a, suffix="a"), make_organisation_data(org_b, suffix="b")


@pytest.mark.django_db
def test_people_and_training_records_are_for_the_organisations_editors_only(
    both, editor_a, viewer_a, analyst
):
    a, _ = both
    refs = [p["reference"] for p in api(editor_a).get(BASE + "people/").json()["results"]]
    assert sorted(refs) == ["REF-a", "REF2-a"]
    assert api(editor_a).get(BASE + "training-records/").json()["count"] == 1
    for user in (viewer_a, analyst):
        assert api(user).get(BASE + "people/").json()["count"] == 0
        assert api(user).get(BASE + "training-records/").json()["count"] == 0
        assert api(user).get(BASE + "assessments/").json()["count"] == 0
        assert api(user).get(BASE + f"people/{a['person'].pk}/").status_code == 404


@pytest.mark.django_db
def test_aggregates_are_scoped_by_read(both, viewer_a, analyst):
    orgs = {c["organisation"] for c in api(viewer_a).get(BASE + "gaps/").json()["results"]}
    assert orgs == {"department-for-work-pensions"}
    orgs = {c["organisation"] for c in api(analyst).get(BASE + "gaps/").json()["results"]}
    assert orgs == {"department-for-work-pensions", "hm-revenue-customs"}
    campaigns = api(viewer_a).get(BASE + "campaigns/").json()["results"]
    assert [c["name"] for c in campaigns] == ["Data month a"]
    assert campaigns[0]["figures"]["started"] == 1 and campaigns[0]["figures"]["population"] == 2


@pytest.mark.django_db
def test_frameworks_show_government_wide_and_own(both, viewer_a):
    from smarterstate.skills.models import Framework

    Framework.objects.create(slug="ddat", name="DDaT")
    names = {f["name"] for f in api(viewer_a).get(BASE + "frameworks/").json()["results"]}
    assert names == {"DDaT", "All staff a"}
    skills = api(viewer_a).get(BASE + "skills/").json()["results"]
    assert [s["name"] for s in skills] == ["Data literacy a"]
    levels = api(viewer_a).get(BASE + "role-levels/").json()["results"]
    assert levels[0]["requirements"][0] == {
        "skill": skills[0]["id"],
        "skill_name": "Data literacy a",
        "level": 3,
    }


@pytest.mark.django_db
def test_an_editor_posts_an_assessment_but_not_for_another_organisation(both, editor_a, analyst):
    a, b = both
    payload = {"person": a["person"].pk, "skill": a["skill"].pk, "kind": "manager", "level": 2,
               "assessed_on": "2024-03-01", "evidence": "Observed"}  # fmt: skip
    response = api(editor_a).post(BASE + "assessments/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert Assessment.objects.get(person=a["person"], kind="manager").level == 2
    response = api(editor_a).post(
        BASE + "assessments/", {**payload, "person": b["person"].pk}, format="json"
    )
    assert response.status_code == 400  # as for a person who does not exist
    assert "does not exist" in str(response.json()["errors"]["person"])
    response = api(editor_a).post(
        BASE + "assessments/", {**payload, "skill": b["skill"].pk}, format="json"
    )
    assert response.status_code == 400
    assert api(analyst).post(BASE + "assessments/", payload, format="json").status_code in (
        403,
        404,
    )
    assert Assessment.objects.filter(kind="manager").count() == 1
