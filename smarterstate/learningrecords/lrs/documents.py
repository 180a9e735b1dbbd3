"""The document resources: activities/state, activities/profile, agents/profile."""

from __future__ import annotations

import orjson
from django.http import HttpResponse
from django.utils.http import http_date

from ..models import DocumentKind
from ..services import documents as docs
from ..xapi.errors import Invalid
from . import params as p
from .http import XAPIRequest, json_response

# kind → (its id parameter, parameters naming the scope)
RESOURCES = {
    DocumentKind.STATE: ("stateId", ("activityId", "agent", "registration")),
    DocumentKind.ACTIVITY_PROFILE: ("profileId", ("activityId",)),
    DocumentKind.AGENT_PROFILE: ("profileId", ("agent",)),
}


def _scope(xreq: XAPIRequest, kind: DocumentKind, *, listing: bool = False) -> dict:
    id_param, scope_params = RESOURCES[kind]
    allowed = {id_param, *scope_params} | ({"since"} if xreq.method in ("GET", "HEAD") else set())
    p.only(xreq.params, allowed)
    activity = agent = ""
    registration = None
    if "activityId" in scope_params:
        activity = p.required_iri(xreq.params, "activityId")
    if "agent" in scope_params:
        agent = p.required_agent(xreq.params, "agent", v2=xreq.v2)[1]
    if "registration" in scope_params:
        registration = p.uuid(xreq.params, "registration")
    document_id = xreq.params.get(id_param)
    if "since" in xreq.params and document_id is not None:
        raise Invalid("since", f"lists documents; it cannot be combined with {id_param}")
    return {"organisation_id": xreq.organisation_id, "kind": kind, "activity": activity, "agent": agent,
            "registration": registration, "document_id": document_id}  # fmt: skip


def _document_response(document, v2: bool) -> HttpResponse:
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["ETag"] = f'"{document.etag}"'
    response["Last-Modified"] = http_date(document.updated.timestamp())
    return response


def handlers(kind: DocumentKind) -> dict:
    id_param = RESOURCES[kind][0]

    def get(xreq: XAPIRequest) -> HttpResponse:
        scope = _scope(xreq, kind)
        if scope["document_id"] is None:
            since = p.timestamp(xreq.params, "since")
            scope.pop("document_id")
            return json_response(docs.document_ids(**scope, since=since))
        document = docs.document_get(**scope)
        if document is None:
            return json_response({"error": {"status": 404, "message": "no such document"}}, 404)
        return _document_response(document, xreq.v2)

    def write(xreq: XAPIRequest, *, merge: bool) -> HttpResponse:
        scope = _scope(xreq, kind)
        if scope["document_id"] is None:
            raise Invalid(id_param, "is required")
        if merge and xreq.media_type == "application/json":
            try:
                parsed = orjson.loads(xreq.body)
            except orjson.JSONDecodeError:
                raise Invalid("body", "is not valid JSON") from None
            if not isinstance(parsed, dict):
                raise Invalid("body", "POST merges JSON objects; the body is not an object")
        document = docs.document_put(**scope, platform_id=xreq.client.pk, content=xreq.body,
                                     content_type=xreq.content_type, headers=xreq.headers, merge=merge,
                                     v2=xreq.v2)  # fmt: skip
        response = HttpResponse(status=204)
        response["ETag"] = f'"{document.etag}"'
        return response

    def delete(xreq: XAPIRequest) -> HttpResponse:
        scope = _scope(xreq, kind)
        if scope["document_id"] is None and kind != DocumentKind.STATE:
            raise Invalid(id_param, "is required")
        docs.document_delete(**scope, headers=xreq.headers)
        return HttpResponse(status=204)

    return {
        "GET": get,
        "PUT": lambda xreq: write(xreq, merge=False),
        "POST": lambda xreq: write(xreq, merge=True),
        "DELETE": delete,
    }
