"""The pure xAPI rules: formats, validation, statement comparison, signatures, multipart."""

from __future__ import annotations

import base64
import hashlib

import orjson
import pytest

from smarterstate.learningrecords.xapi import formats, multipart
from smarterstate.learningrecords.xapi.errors import Invalid
from smarterstate.learningrecords.xapi.signatures import check_signature
from smarterstate.learningrecords.xapi.statements import same_statement
from smarterstate.learningrecords.xapi.validation import validate_statement

BASE = {"actor": {"mbox": "mailto:a@example.com"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "http://example.com/a"}}  # fmt: skip


@pytest.mark.parametrize("value, ok", [("2026-01-01T10:00:00Z", True), ("2026-01-01T10:00:00.123+01:00", True),
                                       ("2026-01-01T10:00:00-00:00", False), ("01/011/2015", False),
                                       ("2026-02-30T10:00:00Z", False)])  # fmt: skip
def test_timestamps(value, ok):
    assert (formats.parse_timestamp(value) is not None) is ok


def test_timestamps_that_are_not_strings_are_refused_and_repeats_parse_alike():
    assert formats.parse_timestamp(["2026-01-01T10:00:00Z"]) is None
    assert formats.parse_timestamp(None) is None
    first = formats.parse_timestamp("2026-01-01T10:00:00.5+01:00")
    assert formats.parse_timestamp("2026-01-01T10:00:00.5+01:00") == first
    assert formats.format_timestamp(first) == "2026-01-01T09:00:00.500000Z"


@pytest.mark.parametrize(
    "value", ["6690E6C9-3EF0-4ED3-8B37-7F3964730BEE", "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"]
)
def test_uuids_normalise_to_lower_case(value):
    assert formats.normal_uuid(value) == "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"


@pytest.mark.parametrize("change, message", [
    (lambda s: s["actor"].update(name=None), "statement.actor.name: must not be null"),
    (lambda s: s["verb"].update(colour="red"), "unknown property 'colour'"),
    (lambda s: s["object"].update(definition={"name": {"en": "A"}, "extensions": None}), "extensions: must not be null"),
    (lambda s: s.update(actor={"objectType": "Agent", "mbox": "mailto:a@example.com", "x": None}), "unknown property 'x'"),
])  # fmt: skip
def test_objects_name_their_first_unknown_or_null_member(change, message):
    statement = orjson.loads(orjson.dumps(BASE))
    change(statement)
    with pytest.raises(Invalid, match=message):
        validate_statement(statement, v2=True)


@pytest.mark.parametrize("tag, ok", [("en-GB", True), ("zh-Hant", True), ("en-UK", True), ("a12345", False),
                                     ("something", False)])  # fmt: skip
def test_language_tags_are_checked_for_well_formedness(tag, ok):
    assert formats.is_language_tag(tag) is ok


def test_context_agents_are_xapi_2_only():
    statement = dict(
        BASE,
        context={
            "contextAgents": [
                {"objectType": "contextAgent", "agent": {"mbox": "mailto:b@example.com"}}
            ]
        },
    )
    validate_statement(statement, v2=True)
    with pytest.raises(Invalid, match="unknown property 'contextAgents'"):
        validate_statement(statement, v2=False)


def test_comparison_ignores_what_the_lrs_sets_and_representation():
    stored = dict(BASE, id="6690e6c9-3ef0-4ed3-8b37-7f3964730bee", stored="2026-01-01T00:00:00Z",
                  authority={"mbox": "mailto:lrs@example.com"}, version="1.0.0", timestamp="2026-01-01T01:00:00+01:00",
                  context={"contextActivities": {"parent": [{"id": "http://example.com/p"}]}})  # fmt: skip
    sent = dict(BASE, id="6690E6C9-3EF0-4ED3-8B37-7F3964730BEE", timestamp="2026-01-01T00:00:00Z",
                context={"contextActivities": {"parent": {"id": "http://example.com/p", "objectType": "Activity"}}})  # fmt: skip
    assert same_statement(sent, stored)
    assert not same_statement(
        dict(sent, verb={"id": "http://adlnet.gov/expapi/verbs/passed"}), stored
    )


def test_signatures_must_be_rs_and_carry_the_statement():
    def token(alg: str, payload: dict) -> bytes:
        header = base64.urlsafe_b64encode(orjson.dumps({"alg": alg})).rstrip(b"=")
        body = base64.urlsafe_b64encode(orjson.dumps(payload)).rstrip(b"=")
        return header + b"." + body + b".c2ln"

    check_signature(BASE, token("RS256", BASE), "s")
    with pytest.raises(Invalid, match="RS256"):
        check_signature(BASE, token("HS256", BASE), "s")
    with pytest.raises(Invalid, match="differs"):
        check_signature(
            BASE, token("RS256", dict(BASE, verb={"id": "http://x.example.com/v"})), "s"
        )


def test_multipart_parts_must_match_their_hash():
    content = b"hello"
    sha = hashlib.sha256(content).hexdigest()
    body = (b"--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b\r\nContent-Type: text/plain\r\n"
            b"Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: " + sha.encode() + b"\r\n\r\nhello\r\n--b--")  # fmt: skip
    _, parts = multipart.statement_and_attachments(body, "multipart/mixed; boundary=b")
    assert parts[sha] == ("text/plain", b"hello")
    with pytest.raises(Invalid, match="does not match"):
        multipart.statement_and_attachments(
            body.replace(b"hello\r\n", b"hellO\r\n"), "multipart/mixed; boundary=b"
        )


def test_a_platform_secret_never_starts_with_a_dash(monkeypatch):
    """Command-line tools read a leading dash as an option (the conformance runner failed on one)."""
    from smarterstate.learningrecords.services import platforms

    tokens = iter(["-dash-first", "-again", "fine-token"])
    monkeypatch.setattr(platforms.secrets, "token_urlsafe", lambda size: next(tokens))
    assert platforms._secret() == "fine-token"
