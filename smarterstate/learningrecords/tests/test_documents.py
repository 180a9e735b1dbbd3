"""The document resources: ETags, If-Match / If-None-Match, POST merge, listing, organisations."""

from __future__ import annotations

import orjson
import pytest

from .xapi_client import XAPIClient

pytestmark = pytest.mark.django_db
AGENT = orjson.dumps({"mbox": "mailto:learner@example.com"}).decode()
STATE = {"activityId": "https://courses.example.com/a", "agent": AGENT, "stateId": "bookmark"}
PROFILE = {"activityId": "https://courses.example.com/a", "profileId": "settings"}


@pytest.fixture
def lrs(org_a):
    return XAPIClient(org_a)


def test_state_round_trip_with_a_quoted_sha1_etag(lrs):
    assert lrs.request("PUT", "activities/state", STATE, body={"page": 3}).status_code == 204
    response = lrs.get("activities/state", STATE)
    assert response.status_code == 200 and orjson.loads(response.content) == {"page": 3}
    etag = response["ETag"]
    assert etag.startswith('"') and len(etag) == 42
    assert lrs.get(
        "activities/state", {k: v for k, v in STATE.items() if k != "stateId"}
    ).json() == ["bookmark"]


def test_post_merges_json_objects_and_refuses_non_objects(lrs):
    lrs.request("POST", "activities/state", STATE, body={"a": 1, "b": 1})
    lrs.request("POST", "activities/state", STATE, body={"b": 2})
    assert orjson.loads(lrs.get("activities/state", STATE).content) == {"a": 1, "b": 2}
    assert lrs.request("POST", "activities/state", STATE, body=[1, 2]).status_code == 400


def test_profile_concurrency(lrs):
    assert lrs.request("PUT", "activities/profile", PROFILE, body={"v": 1},
                       HTTP_IF_NONE_MATCH="*").status_code == 204  # fmt: skip
    etag = lrs.get("activities/profile", PROFILE)["ETag"]
    # Overwriting needs a precondition; a stale one is 412, the current one works.
    assert lrs.request("PUT", "activities/profile", PROFILE, body={"v": 2}).status_code == 409
    assert (
        lrs.request(
            "PUT", "activities/profile", PROFILE, body={"v": 2}, HTTP_IF_MATCH='"nope"'
        ).status_code
        == 412
    )
    assert (
        lrs.request(
            "PUT", "activities/profile", PROFILE, body={"v": 2}, HTTP_IF_NONE_MATCH="*"
        ).status_code
        == 412
    )
    assert (
        lrs.request(
            "PUT", "activities/profile", PROFILE, body={"v": 2}, HTTP_IF_MATCH=etag
        ).status_code
        == 204
    )
    assert orjson.loads(lrs.get("activities/profile", PROFILE).content) == {"v": 2}


def test_delete_removes_one_state_or_all_of_an_activity_and_agent(lrs):
    lrs.request("PUT", "activities/state", STATE, body={"x": 1})
    lrs.request("PUT", "activities/state", dict(STATE, stateId="other"), body={"y": 1})
    assert lrs.request("DELETE", "activities/state", STATE).status_code == 204
    assert lrs.get("activities/state", STATE).status_code == 404
    assert (
        lrs.request(
            "DELETE", "activities/state", {k: v for k, v in STATE.items() if k != "stateId"}
        ).status_code
        == 204
    )
    assert lrs.get("activities/state", dict(STATE, stateId="other")).status_code == 404


def test_documents_are_scoped_to_the_platforms_organisation(lrs, org_b):
    other = XAPIClient(org_b, name="B LMS")
    lrs.request("PUT", "activities/state", STATE, body={"secret": "A's"})
    assert other.get("activities/state", STATE).status_code == 404
    assert other.request("PUT", "activities/state", STATE, body={"mine": True}).status_code == 204
    assert orjson.loads(lrs.get("activities/state", STATE).content) == {"secret": "A's"}


def test_bad_parameters_are_400(lrs):
    assert lrs.get("activities/state", dict(STATE, agent="{not json")).status_code == 400
    assert lrs.get("activities/state", dict(STATE, activityId="not an iri")).status_code == 400
    assert lrs.get("activities/state", dict(STATE, registration="nope")).status_code == 400
    assert lrs.get("activities/state", dict(STATE, colour="red")).status_code == 400


def test_create_lrs_client_prints_key_and_secret_last(org_a):
    import io

    from django.core.management import call_command

    from smarterstate.learningrecords.models import LearningPlatform
    from smarterstate.learningrecords.services.platforms import platform_authenticate

    out = io.StringIO()
    call_command("create_lrs_client", "--org", org_a.slug, "Moodle", stdout=out)
    *_, key_line, secret_line = out.getvalue().strip().splitlines()
    key, secret = key_line.removeprefix("key: "), secret_line.removeprefix("secret: ")
    assert platform_authenticate(key, secret) == LearningPlatform.objects.get(name="Moodle")
