"""Erasing a person: their statements deleted, others' statements naming them anonymised,
their documents and identities gone; nothing of other people or organisations touched."""

from __future__ import annotations

import orjson
import pytest

from smarterstate.learningrecords.models import Document, LearnerIdentity, Statement, StatementTerm
from smarterstate.learningrecords.services.erasure import learning_records_erase
from smarterstate.skills.tests import factories

from .xapi_client import XAPIClient, account, statement

pytestmark = pytest.mark.django_db


def test_erasure_removes_the_persons_statements_and_documents_only(org_a, org_b):
    lrs, other = XAPIClient(org_a), XAPIClient(org_b, name="B LMS")
    person = factories.person(org_a, "P000123")
    own = statement()
    own["actor"] = account("P000123")
    taught = statement(actor="someone@example.com")
    taught["context"] = {"instructor": account("P000123")}
    unrelated = statement(actor="else@example.com")
    lrs.post([own, taught, unrelated])
    theirs = statement()
    theirs["actor"] = account("P000123")
    other.post(theirs)
    agent = orjson.dumps(account("P000123")).decode()
    lrs.request("PUT", "activities/state", {"activityId": "https://x.example.com/a", "agent": agent,
                                             "stateId": "bookmark"}, body={"page": 3})  # fmt: skip
    # The completion matched the person by account name.
    assert (
        LearnerIdentity.objects.get(organisation=org_a, actor_key__contains="P000123").person
        == person
    )

    report = learning_records_erase(person=person)

    assert report.statements_deleted == 1 and report.statements_anonymised == 1
    assert report.documents_deleted == 1 and report.identities_deleted == 1
    assert not Statement.objects.filter(statement_id=own["id"], organisation=org_a).exists()
    kept = Statement.objects.get(statement_id=taught["id"])
    assert "P000123" not in orjson.dumps(kept.payload).decode()
    assert Statement.objects.filter(statement_id=unrelated["id"]).exists()
    assert Statement.objects.filter(statement_id=theirs["id"], organisation=org_b).exists()
    assert not Document.objects.filter(organisation=org_a).exists()
    for params in ({"agent": agent}, {"agent": agent, "related_agents": "true"}):
        assert orjson.loads(lrs.get(params=params).content)["statements"] == []
    assert lrs.get(params={"statementId": own["id"]}).status_code == 404
    assert StatementTerm.objects.filter(statement_id=kept.pk).exists()
