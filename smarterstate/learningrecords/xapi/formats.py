"""The data types of the xAPI specification, checked as it defines them.

Language tags use ``langcodes`` (its parser implements RFC 5646's well-formedness grammar). We
check well-formedness, not registry membership: the specification asks for RFC 5646 tags, and
learning platforms send well-formed tags with unregistered subtags (``en-UK``) that a registry
check (the ``language-tags`` package) would refuse, losing their learners' records.

IRIs, UUIDs, timestamps and durations are regular grammars (RFC 3987 §2.2, RFC 4122 §3,
ISO 8601 / RFC 3339, ISO 8601 durations); each is one compiled expression here. We looked for
libraries: ``rfc3987`` is GPL, ``rfc3987-syntax`` builds a Lark parser per call (~100× slower
than a regular expression, and we check several IRIs in every statement at thousands of
statements a second); ``isodate``/``aniso8601`` accept forms the specification does not (week
dates, reduced precision) and reject ``-00:00`` nowhere.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from functools import lru_cache

from langcodes.tag_parser import LanguageTagError, parse_tag

# RFC 3987: an absolute IRI has a scheme, then only characters from iunreserved / reserved /
# pct-encoded / ucschar / iprivate. Excluded: space, controls, "<>\^`{|} and a bare %.
_IRI = re.compile(
    r"[A-Za-z][A-Za-z0-9+.\-]*:"
    r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2}|[\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    r"\U00010000-\U000EFFFD\ue000-\uf8ff])*"
)
_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}"
)
_MAILTO = re.compile(r"mailto:[^@\s:/]+@[^@\s/]+\.[^@\s/]+|mailto:[^@\s:/]+@[^@\s/.]+")
_SHA1 = re.compile(r"[0-9a-fA-F]{40}")
_SHA2 = re.compile(r"[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128}")
_TIMESTAMP = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[Tt ](?P<time>\d{2}:\d{2}:\d{2})(?P<fraction>\.\d+)?"
    r"(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?"
)
_NUMBER = r"\d+(?:[.,]\d+)?"
_DURATION = re.compile(
    rf"P(?:(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}D)?"
    rf"(?:T(?=\d)(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?|{_NUMBER}W)"
)
_VERSION_1 = re.compile(r"1\.0(?:\.\d+)?")
_VERSION_2 = re.compile(r"2\.0(?:\.\d+)?")


def is_iri(value) -> bool:
    return isinstance(value, str) and _IRI.fullmatch(value) is not None


def is_uuid(value) -> bool:
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


_NORMAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def normal_uuid(value: str) -> str:
    # Most ids arrive in normal form already (and each is normalised twice on the way to
    # storage): a match costs a fraction of building a UUID object and printing it.
    if _NORMAL_UUID.fullmatch(value):
        return value
    return str(uuid.UUID(value))


def is_mailto(value) -> bool:
    return isinstance(value, str) and _MAILTO.fullmatch(value) is not None


def is_sha1(value) -> bool:
    return isinstance(value, str) and _SHA1.fullmatch(value) is not None


def is_sha2(value) -> bool:
    return isinstance(value, str) and _SHA2.fullmatch(value) is not None


@lru_cache(maxsize=4096)
def is_language_tag(value: str) -> bool:
    try:
        parse_tag(value)
    except LanguageTagError:
        return False
    return True


def is_duration(value) -> bool:
    return (
        isinstance(value, str)
        and value not in ("P", "PT")
        and _DURATION.fullmatch(value) is not None
    )


def is_version(value, *, v2: bool) -> bool:
    if not isinstance(value, str):
        return False
    return _VERSION_1.fullmatch(value) is not None or (
        v2 and _VERSION_2.fullmatch(value) is not None
    )


def parse_timestamp(value) -> dt.datetime | None:
    """An ISO 8601 timestamp as an aware datetime (UTC when no zone is given), or None.

    The "-00:00" offset (and "-00", "-0000") means "local time unknown" in RFC 3339; the xAPI
    specification forbids it."""
    if not isinstance(value, str):
        return None
    return _parse_timestamp(value)


# Cached: validation, preparation and the row each parse a statement's timestamp.
@lru_cache(maxsize=4096)
def _parse_timestamp(value: str) -> dt.datetime | None:
    match = _TIMESTAMP.fullmatch(value)
    if match is None:
        return None
    zone = match["zone"]
    if zone and zone[0] == "-" and set(zone[1:]) <= {"0", ":"}:
        return None
    fraction = (match["fraction"] or ".0")[1:7].ljust(6, "0")
    try:
        moment = dt.datetime.fromisoformat(f"{match['date']}T{match['time']}.{fraction}")
    except ValueError:
        return None
    if not zone or zone in "Zz":
        return moment.replace(tzinfo=dt.UTC)
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        return None
    offset = dt.timedelta(hours=hours, minutes=minutes)
    return moment.replace(tzinfo=dt.timezone(offset if zone[0] == "+" else -offset))


def validated_timestamp(value: str) -> dt.datetime:
    """A timestamp that statement validation has already accepted."""
    moment = parse_timestamp(value)
    assert moment is not None, f"{value!r} passed validation as a timestamp"
    return moment


@lru_cache(maxsize=256)
def format_timestamp(moment: dt.datetime) -> str:
    """UTC, to the microsecond (the specification asks for at least milliseconds)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
