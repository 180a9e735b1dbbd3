"""Statement structure exactly as the xAPI specification (1.0.3, and 2.0 where it differs) defines it.

Hand-written rather than a JSON Schema: several rules are beyond JSON Schema (a raw score
between min and max, interaction components only with their interaction types, unique
component ids, a voiding statement's object), and we want one message per fault that names
the property (``statement[3].context.contextActivities.parent[0].id``) rather than a oneOf
failure listing every branch. There is no maintained Python xAPI validator to use instead.

Every function raises :class:`Invalid` (400) at the first fault.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import formats
from .errors import Invalid

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"

STATEMENT_KEYS = frozenset(
    {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
     "version", "attachments"}
)  # fmt: skip
SUBSTATEMENT_KEYS = frozenset(
    {"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}
)
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
AGENT_KEYS = frozenset({"objectType", "name", *IFIS})
GROUP_KEYS = frozenset({"objectType", "name", "member", *IFIS})
ACTIVITY_KEYS = frozenset({"objectType", "id", "definition"})
DEFINITION_KEYS = frozenset(
    {"name", "description", "type", "moreInfo", "extensions", "interactionType",
     "correctResponsesPattern", "choices", "scale", "source", "target", "steps"}
)  # fmt: skip
INTERACTION_TYPES = frozenset(
    {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
     "likert", "numeric", "other"}
)  # fmt: skip
# Which interaction component lists each interaction type may carry.
COMPONENTS = {
    "choice": {"choices"},
    "sequencing": {"choices"},
    "likert": {"scale"},
    "matching": {"source", "target"},
    "performance": {"steps"},
}
ALL_COMPONENTS = frozenset({"choices", "scale", "source", "target", "steps"})
RESULT_KEYS = frozenset({"score", "success", "completion", "response", "duration", "extensions"})
SCORE_KEYS = frozenset({"scaled", "raw", "min", "max"})
CONTEXT_KEYS = frozenset(
    {"registration", "instructor", "team", "contextActivities", "revision", "platform",
     "language", "statement", "extensions"}
)  # fmt: skip
CONTEXT_KEYS_2 = CONTEXT_KEYS | {"contextAgents", "contextGroups"}
CONTEXT_ACTIVITY_KEYS = frozenset({"parent", "grouping", "category", "other"})
ATTACHMENT_KEYS = frozenset(
    {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}
)


def _type_name(value) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )


def _object(value, path: str, allowed: frozenset, required: Iterable[str] = ()) -> dict:
    if not isinstance(value, dict):
        raise Invalid(path, f"must be an object, not {_type_name(value)}")
    # The common case, checked in C: only allowed keys and no nulls. Otherwise find the culprit.
    if not (allowed.issuperset(value) and None not in value.values()):
        _object_culprit(value, path, allowed)
    for key in required:
        if key not in value:
            raise Invalid(path, f"{key!r} is required")
    return value


def _object_culprit(value: dict, path: str, allowed: frozenset) -> None:
    for key, item in value.items():
        if key not in allowed:
            raise Invalid(path, f"unknown property {key!r}")
        if item is None:
            raise Invalid(f"{path}.{key}", "must not be null")


def _string(value, path: str) -> str:
    if not isinstance(value, str):
        raise Invalid(path, f"must be a string, not {_type_name(value)}")
    return value


def _boolean(value, path: str) -> None:
    if not isinstance(value, bool):
        raise Invalid(path, f"must be true or false, not {_type_name(value)}")


def _number(value, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(path, f"must be a number, not {_type_name(value)}")
    return value


def _iri(value, path: str) -> None:
    if not formats.is_iri(value):
        raise Invalid(path, f"{value!r} is not an absolute IRI")


def _uuid(value, path: str) -> None:
    if not formats.is_uuid(value):
        raise Invalid(path, f"{value!r} is not a UUID in standard form")


def _array(value, path: str) -> list:
    if not isinstance(value, list):
        raise Invalid(path, f"must be an array, not {_type_name(value)}")
    return value


def language_map(value, path: str) -> None:
    if not isinstance(value, dict):
        raise Invalid(path, f"must be a language map (an object), not {_type_name(value)}")
    for tag, text in value.items():
        if not formats.is_language_tag(tag):
            raise Invalid(path, f"{tag!r} is not an RFC 5646 language tag")
        if not isinstance(text, str):
            raise Invalid(f"{path}.{tag}", f"must be a string, not {_type_name(text)}")


def extensions(value, path: str) -> None:
    if not isinstance(value, dict):
        raise Invalid(path, f"must be an object, not {_type_name(value)}")
    for key in value:
        if not formats.is_iri(key):
            raise Invalid(path, f"extension key {key!r} is not an IRI")


def timestamp(value, path: str) -> None:
    if formats.parse_timestamp(value) is None:
        raise Invalid(path, f"{value!r} is not an ISO 8601 timestamp (and -00:00 is not allowed)")


class Validator:
    """Checks one version's statements. ``v2`` adds xAPI 2.0's context agents and groups and
    its statement versions."""

    def __init__(self, *, v2: bool):
        self.v2 = v2
        self.context_keys = CONTEXT_KEYS_2 if v2 else CONTEXT_KEYS

    # -- agents and groups ----------------------------------------------------------------

    def _ifis(self, value: dict, path: str) -> int:
        count = 0
        if "mbox" in value:
            count += 1
            if not formats.is_mailto(value["mbox"]):
                raise Invalid(f"{path}.mbox", f"{value['mbox']!r} is not a mailto IRI")
        if "mbox_sha1sum" in value:
            count += 1
            if not formats.is_sha1(value["mbox_sha1sum"]):
                raise Invalid(f"{path}.mbox_sha1sum", "must be a hex-encoded SHA-1 hash")
        if "openid" in value:
            count += 1
            _iri(value["openid"], f"{path}.openid")
        if "account" in value:
            count += 1
            account = _object(value["account"], f"{path}.account",
                              frozenset({"homePage", "name"}), ("homePage", "name"))  # fmt: skip
            _iri(account["homePage"], f"{path}.account.homePage")
            _string(account["name"], f"{path}.account.name")
        return count

    def agent(self, value, path: str, *, object_type_required: bool = False) -> None:
        _object(value, path, AGENT_KEYS)
        if "objectType" in value or object_type_required:
            if value.get("objectType") != "Agent":
                raise Invalid(f"{path}.objectType", "must be 'Agent'")
        if "name" in value:
            _string(value["name"], f"{path}.name")
        count = self._ifis(value, path)
        if count != 1:
            raise Invalid(
                path, f"an Agent needs exactly one identifier ({', '.join(IFIS)}), not {count}"
            )

    def group(self, value, path: str) -> None:
        _object(value, path, GROUP_KEYS)
        if value.get("objectType") != "Group":
            raise Invalid(f"{path}.objectType", "must be 'Group'")
        if "name" in value:
            _string(value["name"], f"{path}.name")
        count = self._ifis(value, path)
        if count > 1:
            raise Invalid(path, "an identified Group has exactly one identifier")
        if count == 0 and "member" not in value:
            raise Invalid(path, "an anonymous Group (no identifier) must list its members")
        for index, member in enumerate(_array(value.get("member", []), f"{path}.member")):
            where = f"{path}.member[{index}]"
            if isinstance(member, dict) and member.get("objectType") == "Group":
                raise Invalid(where, "a Group's members are Agents, not Groups")
            self.agent(member, where)

    def actor(self, value, path: str) -> None:
        if isinstance(value, dict) and value.get("objectType") == "Group":
            self.group(value, path)
        else:
            self.agent(value, path)

    # -- verb, object -----------------------------------------------------------------------

    def verb(self, value, path: str) -> None:
        _object(value, path, frozenset({"id", "display"}), ("id",))
        _iri(value["id"], f"{path}.id")
        if "display" in value:
            language_map(value["display"], f"{path}.display")

    def activity(self, value, path: str) -> None:
        _object(value, path, ACTIVITY_KEYS, ("id",))
        if "objectType" in value and value["objectType"] != "Activity":
            raise Invalid(f"{path}.objectType", "must be 'Activity'")
        _iri(value["id"], f"{path}.id")
        if "definition" in value:
            self.definition(value["definition"], f"{path}.definition")

    def definition(self, value, path: str) -> None:
        _object(value, path, DEFINITION_KEYS)
        for key in ("name", "description"):
            if key in value:
                language_map(value[key], f"{path}.{key}")
        for key in ("type", "moreInfo"):
            if key in value:
                _iri(value[key], f"{path}.{key}")
        if "extensions" in value:
            extensions(value["extensions"], f"{path}.extensions")
        kind = value.get("interactionType")
        if kind is not None and (not isinstance(kind, str) or kind not in INTERACTION_TYPES):
            raise Invalid(f"{path}.interactionType", f"{kind!r} is not an interaction type")
        if "correctResponsesPattern" in value:
            if kind is None:
                raise Invalid(path, "correctResponsesPattern needs an interactionType")
            for index, item in enumerate(_array(value["correctResponsesPattern"],
                                                f"{path}.correctResponsesPattern")):  # fmt: skip
                _string(item, f"{path}.correctResponsesPattern[{index}]")
        for key in ALL_COMPONENTS & value.keys():
            if key not in COMPONENTS.get(kind if isinstance(kind, str) else "", ()):
                raise Invalid(f"{path}.{key}", f"is not used with interactionType {kind!r}")
            seen = set()
            for index, component in enumerate(_array(value[key], f"{path}.{key}")):
                where = f"{path}.{key}[{index}]"
                _object(component, where, frozenset({"id", "description"}), ("id",))
                _string(component["id"], f"{where}.id")
                if component["id"] in seen:
                    raise Invalid(f"{where}.id", f"{component['id']!r} appears twice in {key}")
                seen.add(component["id"])
                if "description" in component:
                    language_map(component["description"], f"{where}.description")

    def statement_ref(self, value, path: str) -> None:
        _object(value, path, frozenset({"objectType", "id"}), ("objectType", "id"))
        if value["objectType"] != "StatementRef":
            raise Invalid(f"{path}.objectType", "must be 'StatementRef'")
        _uuid(value["id"], f"{path}.id")

    def object(self, value, path: str, *, in_substatement: bool = False) -> None:
        if not isinstance(value, dict):
            raise Invalid(path, f"must be an object, not {_type_name(value)}")
        kind = value.get("objectType", "Activity")
        if kind == "Activity":
            self.activity(value, path)
        elif kind == "Agent":
            self.agent(value, path, object_type_required=True)
        elif kind == "Group":
            self.group(value, path)
        elif kind == "StatementRef":
            self.statement_ref(value, path)
        elif kind == "SubStatement":
            if in_substatement:
                raise Invalid(path, "a SubStatement cannot contain a SubStatement")
            self.substatement(value, path)
        else:
            raise Invalid(f"{path}.objectType", f"{kind!r} is not an object type")

    # -- result, context, attachments ------------------------------------------------------

    def result(self, value, path: str) -> None:
        _object(value, path, RESULT_KEYS)
        if "score" in value:
            score = _object(value["score"], f"{path}.score", SCORE_KEYS)
            for key in score:
                _number(score[key], f"{path}.score.{key}")
            if "scaled" in score and not -1 <= score["scaled"] <= 1:
                raise Invalid(f"{path}.score.scaled", "must be between -1 and 1")
            low, high, raw = score.get("min"), score.get("max"), score.get("raw")
            if low is not None and high is not None and low >= high:
                raise Invalid(f"{path}.score", "min must be less than max")
            if raw is not None and (
                (low is not None and raw < low) or (high is not None and raw > high)
            ):
                raise Invalid(f"{path}.score.raw", "must be between min and max")
        for key in ("success", "completion"):
            if key in value:
                _boolean(value[key], f"{path}.{key}")
        if "response" in value:
            _string(value["response"], f"{path}.response")
        if "duration" in value and not formats.is_duration(value["duration"]):
            raise Invalid(f"{path}.duration", f"{value['duration']!r} is not an ISO 8601 duration")
        if "extensions" in value:
            extensions(value["extensions"], f"{path}.extensions")

    def context(self, value, path: str, statement_object: dict) -> None:
        _object(value, path, self.context_keys)
        if "registration" in value:
            _uuid(value["registration"], f"{path}.registration")
        if "instructor" in value:
            self.actor(value["instructor"], f"{path}.instructor")
        if "team" in value:
            self.group(value["team"], f"{path}.team")
        if "contextActivities" in value:
            where = f"{path}.contextActivities"
            activities = _object(value["contextActivities"], where, CONTEXT_ACTIVITY_KEYS)
            for key, items in activities.items():
                if isinstance(items, dict):
                    self.activity(items, f"{where}.{key}")
                else:
                    for index, item in enumerate(_array(items, f"{where}.{key}")):
                        self.activity(item, f"{where}.{key}[{index}]")
        object_kind = (
            statement_object.get("objectType", "Activity")
            if isinstance(statement_object, dict)
            else None
        )
        for key in ("revision", "platform"):
            if key in value:
                _string(value[key], f"{path}.{key}")
                if object_kind != "Activity":
                    raise Invalid(f"{path}.{key}", "is only allowed when the object is an Activity")
        if "language" in value:
            language = _string(value["language"], f"{path}.language")
            if not formats.is_language_tag(language):
                raise Invalid(f"{path}.language", f"{language!r} is not an RFC 5646 language tag")
        if "statement" in value:
            self.statement_ref(value["statement"], f"{path}.statement")
        if "extensions" in value:
            extensions(value["extensions"], f"{path}.extensions")
        if "contextAgents" in value:
            self._context_members(
                value["contextAgents"], f"{path}.contextAgents", "contextAgent", "agent"
            )
        if "contextGroups" in value:
            self._context_members(
                value["contextGroups"], f"{path}.contextGroups", "contextGroup", "group"
            )

    def _context_members(self, value, path: str, object_type: str, member: str) -> None:
        for index, item in enumerate(_array(value, path)):
            where = f"{path}[{index}]"
            _object(item, where, frozenset({"objectType", member, "relevantTypes"}),
                    ("objectType", member))  # fmt: skip
            if item["objectType"] != object_type:
                raise Invalid(f"{where}.objectType", f"must be {object_type!r}")
            if member == "agent":
                self.agent(item["agent"], f"{where}.agent")
            else:
                self.group(item["group"], f"{where}.group")
            if "relevantTypes" in item:
                types = _array(item["relevantTypes"], f"{where}.relevantTypes")
                if not types:
                    raise Invalid(f"{where}.relevantTypes", "must not be empty")
                for position, iri in enumerate(types):
                    _iri(iri, f"{where}.relevantTypes[{position}]")

    def attachments(self, value, path: str) -> None:
        for index, item in enumerate(_array(value, path)):
            where = f"{path}[{index}]"
            _object(
                item,
                where,
                ATTACHMENT_KEYS,
                ("usageType", "display", "contentType", "length", "sha2"),
            )
            _iri(item["usageType"], f"{where}.usageType")
            language_map(item["display"], f"{where}.display")
            if "description" in item:
                language_map(item["description"], f"{where}.description")
            content_type = _string(item["contentType"], f"{where}.contentType")
            if "/" not in content_type or " " in content_type.split(";")[0]:
                raise Invalid(
                    f"{where}.contentType", f"{content_type!r} is not an Internet media type"
                )
            length = item["length"]
            if isinstance(length, bool) or not isinstance(length, int) or length < 0:
                raise Invalid(f"{where}.length", "must be a non-negative integer")
            if not formats.is_sha2(item["sha2"]):
                raise Invalid(f"{where}.sha2", "must be a hex-encoded SHA-2 hash")
            if "fileUrl" in item:
                _iri(item["fileUrl"], f"{where}.fileUrl")

    # -- statements --------------------------------------------------------------------------

    def substatement(self, value, path: str) -> None:
        _object(value, path, SUBSTATEMENT_KEYS, ("actor", "verb", "object"))
        self._core(value, path, in_substatement=True)

    def _core(self, value: dict, path: str, *, in_substatement: bool = False) -> None:
        self.actor(value["actor"], f"{path}.actor")
        self.verb(value["verb"], f"{path}.verb")
        self.object(value["object"], f"{path}.object", in_substatement=in_substatement)
        if "result" in value:
            self.result(value["result"], f"{path}.result")
        if "context" in value:
            self.context(value["context"], f"{path}.context", value["object"])
        if "timestamp" in value:
            timestamp(value["timestamp"], f"{path}.timestamp")
        if "attachments" in value:
            self.attachments(value["attachments"], f"{path}.attachments")

    def statement(self, value, path: str = "statement") -> None:
        _object(value, path, STATEMENT_KEYS, ("actor", "verb", "object"))
        if "id" in value:
            _uuid(value["id"], f"{path}.id")
        self._core(value, path)
        if "stored" in value:
            timestamp(value["stored"], f"{path}.stored")
        if "authority" in value:
            self.authority(value["authority"], f"{path}.authority")
        if "version" in value and not formats.is_version(value["version"], v2=self.v2):
            raise Invalid(
                f"{path}.version", f"{value['version']!r} is not a supported xAPI version"
            )
        if value["verb"]["id"] == VOIDED:
            target = value["object"]
            if target.get("objectType") != "StatementRef":
                raise Invalid(
                    f"{path}.object", "a voiding statement's object must be a StatementRef"
                )

    def authority(self, value, path: str) -> None:
        if isinstance(value, dict) and value.get("objectType") == "Group":
            self.group(value, path)
            members = value.get("member", [])
            if any(key in value for key in IFIS) or len(members) != 2:
                raise Invalid(
                    path, "an authority Group is anonymous with exactly two Agents (OAuth)"
                )
        else:
            self.agent(value, path)


VALIDATORS = {False: Validator(v2=False), True: Validator(v2=True)}


def validate_statement(statement, *, v2: bool, path: str = "statement") -> None:
    VALIDATORS[v2].statement(statement, path)
