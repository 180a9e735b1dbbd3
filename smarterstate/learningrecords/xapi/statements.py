"""Statements as the LRS stores and returns them: completion on store, comparison, formats.

``prepare`` fills in what the LRS sets (id, timestamp, stored, authority, version) and puts
context activities in arrays, as the specification requires of a stored statement.
``comparable`` reduces a statement to what the specification's comparison rules look at, so a
re-sent statement matches its stored self (immutability, signature checks).
``as_format`` gives the ``ids`` and ``canonical`` forms of GET /statements.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import uuid
from collections.abc import Sequence

from . import formats
from .agents import ifi_key

LRS_SET = ("stored", "authority", "version")


def _arrays(context: dict) -> None:
    activities = context.get("contextActivities")
    if activities:
        for key, value in list(activities.items()):
            if isinstance(value, dict):
                activities[key] = [value]


def prepare(statement: dict, *, stored: dt.datetime, authority: dict, v2: bool) -> dict:
    """Complete one validated statement in place for storage. Returns it."""
    stored_text = formats.format_timestamp(stored)
    statement["id"] = (
        formats.normal_uuid(statement["id"]) if "id" in statement else str(uuid.uuid4())
    )
    if "timestamp" not in statement:
        statement["timestamp"] = stored_text
    elif v2:
        # xAPI 2.0: the LRS converts timestamps to UTC rather than rejecting other offsets.
        moment = formats.validated_timestamp(statement["timestamp"])
        if moment.utcoffset():
            statement["timestamp"] = formats.format_timestamp(moment)
    statement["stored"] = stored_text
    statement["authority"] = authority
    statement.setdefault("version", "2.0.0" if v2 else "1.0.0")
    _arrays(statement.get("context", {}))
    target = statement["object"]
    if target.get("objectType") == "SubStatement":
        _arrays(target.get("context", {}))
    return statement


_SECONDS = re.compile(r"(\d+)(?:[.,](\d+))?S$")


def _duration_to_hundredths(value: str) -> str:
    """Durations compare to 0.01 s (xAPI 2.0, 4.2.7): PT1.2345S equals PT1.23S and PT1.230S."""
    match = _SECONDS.search(value)
    if not match:
        return value
    fraction = (match[2] or "")[:2].rstrip("0")
    return value[: match.start()] + match[1] + (f".{fraction}" if fraction else "") + "S"


def _normal(value, key: str = ""):
    """Equal for statements the comparison rules call equal: property order, an optional
    objectType ("Activity", "Agent") given or left out, one context activity or an array of one,
    UUID case, a timestamp's offset, group members' order."""
    if isinstance(value, dict):
        result = {}
        for name, item in value.items():
            if name == "objectType" and item in ("Activity", "Agent"):
                continue
            if name == "contextActivities" and isinstance(item, dict):
                item = {k: v if isinstance(v, list) else [v] for k, v in item.items()}
            result[name] = _normal(item, name)
        if isinstance(result.get("member"), list):
            result["member"] = sorted(result["member"], key=repr)
        return result
    if isinstance(value, list):
        return [_normal(item, key) for item in value]
    if key in ("id", "registration") and isinstance(value, str) and formats.is_uuid(value):
        return value.lower()
    if key == "timestamp" and isinstance(value, str):
        moment = formats.parse_timestamp(value)
        return moment.astimezone(dt.UTC).isoformat() if moment else value
    if key == "duration" and isinstance(value, str):
        return _duration_to_hundredths(value)
    if key == "sha2" and isinstance(value, str):
        return value.lower()
    return value


def comparable(statement: dict) -> dict:
    """The statement without what the LRS sets, in a normal form for equality."""
    trimmed = {k: v for k, v in statement.items() if k not in LRS_SET}
    return _normal(trimmed)


def same_statement(a: dict, b: dict) -> bool:
    """Equal by the comparison rules. A timestamp only one side has was set by the LRS on storing
    (it is the stored time), so it is not a difference."""
    left, right = comparable(a), comparable(b)
    if ("timestamp" in left) != ("timestamp" in right):
        left.pop("timestamp", None)
        right.pop("timestamp", None)
    return left == right


# -- formats ------------------------------------------------------------------------------------


def _agent_ids(agent: dict) -> dict:
    result = {
        k: agent[k]
        for k in ("objectType", "mbox", "mbox_sha1sum", "openid", "account")
        if k in agent
    }
    if agent.get("objectType") == "Group" and ifi_key(agent) is None:
        result["member"] = [_agent_ids(m) for m in agent.get("member", ())]
    return result


def _object_ids(target: dict) -> dict:
    kind = target.get("objectType", "Activity")
    if kind == "Activity":
        return {"id": target["id"]}
    if kind in ("Agent", "Group"):
        return _agent_ids(target)
    if kind == "SubStatement":
        return _ids(target)
    return target


def _context_ids(context: dict) -> dict:
    context = dict(context)
    for name in ("instructor", "team"):
        if name in context:
            context[name] = _agent_ids(context[name])
    if "contextActivities" in context:
        context["contextActivities"] = {
            k: [{"id": a["id"]} for a in v] for k, v in context["contextActivities"].items()
        }
    if "contextAgents" in context:
        context["contextAgents"] = [
            dict(i, agent=_agent_ids(i["agent"])) for i in context["contextAgents"]
        ]
    if "contextGroups" in context:
        context["contextGroups"] = [
            dict(i, group=_agent_ids(i["group"])) for i in context["contextGroups"]
        ]
    return context


def _ids(statement: dict) -> dict:
    result = dict(statement)
    result["actor"] = _agent_ids(statement["actor"])
    result["verb"] = {"id": statement["verb"]["id"]}
    result["object"] = _object_ids(statement["object"])
    if "authority" in statement:
        result["authority"] = _agent_ids(statement["authority"])
    if "context" in statement:
        result["context"] = _context_ids(statement["context"])
    return result


def pick_language(language_map: dict, preferred: list[str]) -> dict:
    """One entry of a language map: the first preferred language it has (exact, then by primary
    subtag), else its first entry."""
    if len(language_map) <= 1:
        return language_map
    lowered = {tag.lower(): tag for tag in language_map}
    for wanted in preferred:
        wanted = wanted.lower()
        if wanted in lowered:
            return {lowered[wanted]: language_map[lowered[wanted]]}
        for tag in language_map:
            if tag.lower().split("-")[0] == wanted.split("-")[0]:
                return {tag: language_map[tag]}
    first = next(iter(language_map))
    return {first: language_map[first]}


LANGUAGE_MAPS = ("display", "name", "description")


def _canonical(value, preferred: list[str], definitions: dict):
    if isinstance(value, dict):
        if (
            value.get("objectType", "Activity") == "Activity"
            and "id" in value
            and value["id"] in definitions
        ):
            value = dict(value, definition=definitions[value["id"]])
        result = {}
        for name, item in value.items():
            if name in LANGUAGE_MAPS and isinstance(item, dict):
                result[name] = pick_language(item, preferred)
            elif name == "extensions":
                result[name] = item
            else:
                result[name] = _canonical(item, preferred, definitions)
        return result
    if isinstance(value, list):
        return [_canonical(item, preferred, definitions) for item in value]
    return value


def as_format(
    statement: dict, fmt: str, *, languages: Sequence[str] = (), definitions: dict | None = None
) -> dict:
    if fmt == "ids":
        return _ids(statement)
    if fmt == "canonical":
        return _canonical(copy.deepcopy(statement), list(languages), definitions or {})
    return statement


def accept_languages(header: str) -> list[str]:
    """Accept-Language as tags in order of preference."""
    weighted = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        if not tag or tag == "*":
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]
