"""The statements resource through HTTP: store, read, filter, page, void, conflicts, bad input."""

from __future__ import annotations

import uuid

import orjson
import pytest

from smarterstate.learningrecords.models import LearningPlatform, PlatformReject, Statement

from .xapi_client import XAPIClient, statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def lrs(org_a):
    return XAPIClient(org_a)


def test_it_stores_a_batch_and_returns_the_ids_in_order(lrs):
    batch = [statement(), statement(actor="other@example.com")]
    response = lrs.post(batch)
    assert response.status_code == 200
    assert orjson.loads(response.content) == [s["id"] for s in batch]
    assert Statement.objects.count() == 2
    lrs.platform.refresh_from_db()
    assert lrs.platform.statements_received == 2 and lrs.platform.last_seen_at


def test_stored_statements_carry_stored_authority_and_version(lrs):
    sent = statement()
    lrs.post(sent)
    response = lrs.get(params={"statementId": sent["id"]})
    assert response.status_code == 200
    got = orjson.loads(response.content)
    assert got["authority"]["account"]["name"] == lrs.platform.key
    assert got["stored"].endswith("Z") and got["version"] == "2.0.0"
    assert response["X-Experience-API-Version"] == "2.0.0"
    assert "X-Experience-API-Consistent-Through" in response
    assert "Last-Modified" in response


def test_an_invalid_statement_rejects_the_whole_batch_and_is_recorded(lrs):
    bad = statement()
    bad["actor"]["mbox"] = "not-an-email"
    response = lrs.post([statement(), bad])
    assert response.status_code == 400
    assert b"statements[1].actor.mbox" in response.content
    assert Statement.objects.count() == 0
    reject = PlatformReject.objects.get()
    assert reject.status == 400 and "statements[1].actor.mbox" in reject.reason


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda s: s.update(result={"score": {"scaled": None}}), "result.score.scaled"),
        (lambda s: s.update(id="not-a-uuid"), "statement.id"),
        (lambda s: s["object"].update(id="not an iri"), "object.id"),
        (lambda s: s["verb"].update(display={"a12345678": "x"}), "verb.display"),
        (lambda s: s.update(colour="red"), "unknown property"),
        (lambda s: s.update(result={"success": "yes"}), "result.success"),
    ],
)
def test_structure_faults_are_400_naming_the_property(lrs, change, where):
    sent = statement()
    change(sent)
    response = lrs.post(sent)
    assert response.status_code == 400, response.content
    assert where.encode() in response.content


def test_a_repeated_id_with_the_same_content_is_accepted_and_different_content_is_409(lrs):
    sent = statement()
    assert lrs.put(sent, sent["id"]).status_code == 204
    assert lrs.put(sent, sent["id"]).status_code == 204
    changed = dict(sent, verb={"id": "http://adlnet.gov/expapi/verbs/passed"})
    assert lrs.put(changed, sent["id"]).status_code == 409
    assert Statement.objects.count() == 1


def test_voided_statements_are_hidden_from_queries_but_fetched_by_voided_id(lrs):
    target = statement()
    lrs.post(target)
    voiding = statement(verb="http://adlnet.gov/expapi/verbs/voided")
    voiding["object"] = {"objectType": "StatementRef", "id": target["id"]}
    assert lrs.post(voiding).status_code == 200
    assert lrs.get(params={"statementId": target["id"]}).status_code == 404
    assert lrs.get(params={"voidedStatementId": target["id"]}).status_code == 200
    ids = [s["id"] for s in orjson.loads(lrs.get().content)["statements"]]
    assert ids == [voiding["id"]]


def test_filters_by_agent_verb_activity_and_related(lrs):
    a = statement(actor="a@example.com", activity="https://x.example.com/one")
    b = statement(actor="b@example.com", activity="https://x.example.com/two")
    b["context"] = {"instructor": {"mbox": "mailto:a@example.com"},
                    "contextActivities": {"parent": {"id": "https://x.example.com/one"}}}  # fmt: skip
    lrs.post([a, b])

    def ids(**params):
        return {s["id"] for s in orjson.loads(lrs.get(params=params).content)["statements"]}

    agent = orjson.dumps({"mbox": "mailto:a@example.com"}).decode()
    assert ids(agent=agent) == {a["id"]}
    assert ids(agent=agent, related_agents="true") == {a["id"], b["id"]}
    assert ids(activity="https://x.example.com/one") == {a["id"]}
    assert ids(activity="https://x.example.com/one", related_activities="true") == {
        a["id"],
        b["id"],
    }
    assert ids(verb="http://adlnet.gov/expapi/verbs/completed", agent=agent) == {a["id"]}
    assert ids(verb="http://adlnet.gov/expapi/verbs/passed") == set()


def test_pages_follow_the_more_link_without_repeats(lrs):
    sent = [statement() for _ in range(7)]
    for item in sent:
        lrs.post(item)
    seen, params = [], {"limit": "3"}
    url = None
    while True:
        response = lrs.client.get(url, **lrs.headers()) if url else lrs.get(params=params)
        body = orjson.loads(response.content)
        seen += [s["id"] for s in body["statements"]]
        if not body["more"]:
            break
        url = body["more"]
    assert sorted(seen) == sorted(s["id"] for s in sent) and len(seen) == 7
    assert seen[0] == sent[-1]["id"]  # newest first


def test_a_platform_never_sees_another_organisations_statements(org_a, org_b):
    mine, theirs = XAPIClient(org_a), XAPIClient(org_b, name="Other LMS")
    sent = statement()
    theirs.post(sent)
    assert mine.get(params={"statementId": sent["id"]}).status_code == 404
    assert orjson.loads(mine.get().content)["statements"] == []
    # The same id may exist in both organisations: no cross-organisation conflict.
    assert (
        mine.post(dict(sent, verb={"id": "http://adlnet.gov/expapi/verbs/passed"})).status_code
        == 200
    )


def test_credentials_are_required_and_revocation_is_immediate(lrs):
    from smarterstate.learningrecords.services.platforms import platform_revoke

    anonymous = lrs.client.get("/xapi/statements", HTTP_X_EXPERIENCE_API_VERSION="2.0.0")
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"].startswith("Basic")
    wrong = lrs.client.get(
        "/xapi/statements",
        HTTP_AUTHORIZATION="Basic " + "eDp5",
        HTTP_X_EXPERIENCE_API_VERSION="2.0.0",
    )
    assert wrong.status_code == 401
    assert lrs.get().status_code == 200
    platform_revoke(platform=lrs.platform)
    assert lrs.get().status_code == 401


def test_the_secret_is_stored_only_as_a_hash(lrs):
    platform = LearningPlatform.objects.get()
    assert lrs.credentials.secret not in platform.secret_hash
    assert len(platform.secret_hash) == 64


def test_version_header_is_required_except_for_about(lrs):
    lrs.version = None
    assert lrs.get().status_code == 400
    assert lrs.client.get("/xapi/about").status_code == 200
    lrs.version = "1.1.0"
    assert lrs.get().status_code == 400


def test_bad_input_is_400_or_413_and_stores_nothing(lrs, settings):
    assert lrs.post(b"{not json", content_type="application/json").status_code == 400
    deep = b"[" * 5000 + b"]" * 5000
    assert lrs.post(deep).status_code == 400
    huge = statement()
    huge["result"] = {"response": "x" * (10 * 1024 * 1024)}
    response = lrs.post(huge)
    assert response.status_code == 413
    assert b"at most" in response.content
    settings.LRS_MAX_BODY_BYTES = 1024
    assert lrs.post([statement() for _ in range(20)]).status_code == 413
    assert Statement.objects.count() == 0


def test_statement_ids_are_case_insensitive(lrs):
    sent = statement()
    sent["id"] = str(uuid.uuid4()).upper()
    lrs.post(sent)
    assert lrs.get(params={"statementId": sent["id"].lower()}).status_code == 200


def test_backslashes_tabs_and_newlines_are_stored_exactly(lrs):
    """PostgreSQL writes rows in COPY's text format, escaped by hand (services/writer.py)."""
    odd = statement(result={"response": 'a\tb\\c\nd\re "quoted" \\n'})
    odd["actor"] = {"account": {"homePage": "https://lms.example.com", "name": "back\\slash\ttab"}}
    odd["object"]["definition"] = {"name": {"en-GB": "C:\\courses\\new\nline"}}
    assert lrs.post(odd).status_code == 200
    stored = orjson.loads(lrs.get(params={"statementId": odd["id"]}).content)
    assert stored["result"] == odd["result"] and stored["actor"] == odd["actor"]
    assert stored["object"]["definition"] == odd["object"]["definition"]
    row = Statement.objects.get(statement_id=odd["id"])
    assert row.actor_key == 'account:["https://lms.example.com","back\\\\slash\\ttab"]'
    found = lrs.get(params={"agent": orjson.dumps(odd["actor"]).decode()}).json()["statements"]
    assert [s["id"] for s in found] == [odd["id"]]
