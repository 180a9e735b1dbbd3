"""Query parameters of the xAPI resources, checked as the specification defines them (400 otherwise)."""

from __future__ import annotations

import datetime as dt

import orjson

from ..xapi import formats
from ..xapi.agents import ifi_key
from ..xapi.errors import Invalid
from ..xapi.validation import VALIDATORS


def only(params: dict, allowed: set[str]) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise Invalid(unknown[0], "is not a parameter of this resource")


def required(params: dict, name: str) -> str:
    if name not in params:
        raise Invalid(name, "is required")
    return params[name]


def boolean(params: dict, name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise Invalid(name, f"must be true or false, not {value!r}")
    return value == "true"


def iri(params: dict, name: str) -> str | None:
    value = params.get(name)
    if value is not None and not formats.is_iri(value):
        raise Invalid(name, f"{value!r} is not an IRI")
    return value


def required_iri(params: dict, name: str) -> str:
    required(params, name)
    value = iri(params, name)
    assert value is not None  # present: required() checked
    return value


def uuid(params: dict, name: str) -> str | None:
    value = params.get(name)
    if value is not None and not formats.is_uuid(value):
        raise Invalid(name, f"{value!r} is not a UUID")
    return value.lower() if value else None


def required_uuid(params: dict, name: str) -> str:
    required(params, name)
    value = uuid(params, name)
    assert value is not None  # present: required() checked
    return value


def timestamp(params: dict, name: str) -> dt.datetime | None:
    value = params.get(name)
    if value is None:
        return None
    moment = formats.parse_timestamp(value)
    if moment is None:
        raise Invalid(name, f"{value!r} is not an ISO 8601 timestamp")
    return moment


def non_negative(params: dict, name: str) -> int:
    value = params.get(name, "0")
    if not value.isdigit():
        raise Invalid(name, f"must be a non-negative integer, not {value!r}")
    return int(value)


def agent(params: dict, name: str = "agent", *, v2: bool) -> tuple[dict, str] | None:
    """The agent (or identified group) JSON parameter and its identifier key."""
    value = params.get(name)
    if value is None:
        return None
    try:
        parsed = orjson.loads(value)
    except orjson.JSONDecodeError:
        raise Invalid(name, "is not JSON") from None
    VALIDATORS[v2].actor(parsed, name)
    key = ifi_key(parsed)
    if key is None:
        raise Invalid(
            name, "must identify one Agent or Group (mbox, mbox_sha1sum, openid or account)"
        )
    return parsed, key


def required_agent(params: dict, name: str = "agent", *, v2: bool) -> tuple[dict, str]:
    required(params, name)
    found = agent(params, name, v2=v2)
    assert found is not None  # present: required() checked
    return found
