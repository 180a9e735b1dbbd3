"""The statements resource: PUT, POST (one or a batch), GET (one, or a filtered page), HEAD."""

from __future__ import annotations

import logging

import orjson
from django.conf import settings
from django.http import HttpResponse
from django.utils.http import http_date

from ..models import ActivityDefinition
from ..services import queries
from ..services.learning import learning_from_statements
from ..services.statements import activity_key, statements_store
from ..xapi import multipart
from ..xapi.errors import Invalid, TooLarge
from ..xapi.statements import accept_languages, as_format
from . import params as p
from .http import XAPIRequest, json_response

logger = logging.getLogger(__name__)

GET_PARAMS = {"statementId", "voidedStatementId", "agent", "verb", "activity", "registration",
              "related_activities", "related_agents", "since", "until", "limit", "format",
              "attachments", "ascending", "more"}  # fmt: skip
SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}
FORMATS = ("ids", "exact", "canonical")


def _statements_body(xreq: XAPIRequest):
    """The JSON statement(s) and the attachment parts of a PUT or POST body."""
    media = xreq.media_type
    if media == "multipart/mixed":
        raw, parts = multipart.statement_and_attachments(xreq.body, xreq.content_type)
    elif media == "application/json" or (xreq.alternate and media in ("", "application/json")):
        raw, parts = xreq.body, {}
    else:
        raise Invalid(
            "Content-Type",
            f"statements are sent as application/json or multipart/mixed, not {media!r}",
        )
    if len(raw) > settings.LRS_MAX_STATEMENTS_BYTES:
        raise TooLarge(
            f"the statements are {len(raw):,} bytes of JSON; this LRS accepts at most {settings.LRS_MAX_STATEMENTS_BYTES:,}"
        )
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise Invalid("body", f"is not valid JSON ({exc})") from None
    return data, parts


def put(xreq: XAPIRequest) -> HttpResponse:
    p.only(xreq.params, {"statementId"})
    statement_id = p.uuid(xreq.params, "statementId")
    if statement_id is None:
        raise Invalid("statementId", "is required to PUT a statement")
    data, parts = _statements_body(xreq)
    if not isinstance(data, dict):
        raise Invalid("body", "a PUT carries one statement (a JSON object)")
    if "id" in data and str(data["id"]).lower() != statement_id:
        raise Invalid("statement.id", "differs from the statementId parameter")
    data.setdefault("id", statement_id)
    statements_store(
        platform=xreq.client,
        statements=[data],
        v2=xreq.v2,
        parts=parts,
        single=True,
        after=learning_from_statements,
    )
    return HttpResponse(status=204)


def post(xreq: XAPIRequest) -> HttpResponse:
    p.only(xreq.params, set())
    data, parts = _statements_body(xreq)
    if isinstance(data, dict):
        statements, single = [data], True
    elif isinstance(data, list):
        statements, single = data, False
    else:
        raise Invalid("body", "must be a statement or an array of statements")
    result = statements_store(
        platform=xreq.client,
        statements=statements,
        v2=xreq.v2,
        parts=parts,
        single=single,
        after=learning_from_statements,
    )
    return json_response(result.ids)


def _canonical_definitions(organisation_id: int, statements: list[dict]) -> dict:
    iris = set()
    for statement in statements:
        for target in (statement["object"], statement["object"].get("object", {})):
            if target.get("objectType", "Activity") == "Activity" and "id" in target:
                iris.add(target["id"])
    rows = ActivityDefinition.objects.filter(
        organisation_id=organisation_id, key__in=[activity_key(i) for i in iris]
    ).values_list("iri", "definition")
    return dict(rows)


def _respond(
    xreq: XAPIRequest, body, statements: list[dict], fmt: str, attachments: bool, last_modified=None
):
    if fmt != "exact":
        languages = accept_languages(xreq.headers.get("accept-language", ""))
        definitions = (
            _canonical_definitions(xreq.organisation_id, statements) if fmt == "canonical" else {}
        )
        converted = [
            as_format(s, fmt, languages=languages, definitions=definitions) for s in statements
        ]
        body = (
            converted[0]
            if isinstance(body, dict) and "statements" not in body
            else dict(body, statements=converted)
        )
    encoded = orjson.dumps(body)
    if attachments:
        content, content_type = multipart.build_mixed(
            encoded, queries.attachments_for(xreq.organisation_id, statements)
        )
        response = HttpResponse(content, content_type=content_type)
    else:
        response = HttpResponse(encoded, content_type="application/json")
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def get(xreq: XAPIRequest) -> HttpResponse:
    params = xreq.params
    p.only(params, GET_PARAMS)
    fmt = params.get("format", "exact")
    if fmt not in FORMATS:
        raise Invalid("format", f"must be ids, exact or canonical, not {fmt!r}")
    attachments = p.boolean(params, "attachments")
    if "statementId" in params or "voidedStatementId" in params:
        if "statementId" in params and "voidedStatementId" in params:
            raise Invalid("statementId", "cannot be combined with voidedStatementId")
        p.only(params, SINGLE_PARAMS)
        voided = "voidedStatementId" in params
        statement_id = p.required_uuid(params, "voidedStatementId" if voided else "statementId")
        statement = queries.statement_get(
            organisation_id=xreq.organisation_id, statement_id=statement_id, voided=voided
        )
        if statement is None:
            return json_response({"error": {"status": 404, "message": "no such statement"}}, 404)
        from ..xapi.formats import parse_timestamp

        return _respond(
            xreq, statement, [statement], fmt, attachments, parse_timestamp(statement["stored"])
        )
    if "more" in params:
        p.only(params, {"more"})
        query = queries.Query.from_more(params["more"], xreq.organisation_id)
        fmt, attachments = query.fmt, query.attachments
    else:
        agent = p.agent(params, v2=xreq.v2)
        query = queries.Query(
            organisation_id=xreq.organisation_id,
            agent=agent[1] if agent else None,
            verb=p.iri(params, "verb"),
            activity=p.iri(params, "activity"),
            registration=p.uuid(params, "registration"),
            related_activities=p.boolean(params, "related_activities"),
            related_agents=p.boolean(params, "related_agents"),
            since=p.timestamp(params, "since"),
            until=p.timestamp(params, "until"),
            limit=p.non_negative(params, "limit"),
            ascending=p.boolean(params, "ascending"),
            fmt=fmt,
            attachments=attachments,
        )
    statements, more = queries.statements_page(query)
    body = {"statements": statements, "more": f"/xapi/statements?more={more}" if more else ""}
    return _respond(xreq, body, statements, fmt, attachments)
