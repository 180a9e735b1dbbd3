"""The small resources: about, agents (the Person object) and activities (the stored definition)."""

from __future__ import annotations

from django.http import HttpResponse

from ..models import ActivityDefinition
from ..services.statements import activity_key
from . import params as p
from .http import XAPIRequest, json_response


def about(xreq: XAPIRequest) -> HttpResponse:
    return json_response({"version": ["1.0.3", "2.0.0"], "extensions": {}})


def agents(xreq: XAPIRequest) -> HttpResponse:
    p.only(xreq.params, {"agent"})
    agent, _ = p.required_agent(xreq.params, "agent", v2=xreq.v2)
    person: dict[str, object] = {"objectType": "Person"}
    if "name" in agent:
        person["name"] = [agent["name"]]
    for ifi in ("mbox", "mbox_sha1sum", "openid", "account"):
        if ifi in agent:
            person[ifi] = [agent[ifi]]
    return json_response(person)


def activities(xreq: XAPIRequest) -> HttpResponse:
    p.only(xreq.params, {"activityId"})
    iri = p.required_iri(xreq.params, "activityId")
    definition = (
        ActivityDefinition.objects.filter(
            organisation_id=xreq.organisation_id, key=activity_key(iri)
        )
        .values_list("definition", flat=True)
        .first()
    )
    activity: dict[str, object] = {"objectType": "Activity", "id": iri}
    if definition:
        activity["definition"] = definition
    return json_response(activity)
