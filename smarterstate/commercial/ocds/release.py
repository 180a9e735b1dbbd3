"""One release: check it can be stored, upgrade OCDS 1.0 to 1.1, and serialise and hash it."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import orjson
from ocdskit.upgrade import upgrade_10_11, upgrade_release_10_11

from smarterstate.core.gcpause import gc_paused

from .reader import Item, Problem, Where, parse_lines

# The columns these go into (Release.ocid, release_id, date_text) have these sizes.
MAX_OCID = 255
MAX_RELEASE_ID = 255
MAX_DATE = 64


class ReleaseRejected(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# What a release published differently from the standard, counted per file in the report.
NO_ID = "releases_without_id"
NO_TAG = "releases_without_tag"
DATE_WITHOUT_ZONE = "dates_without_time_zone"
NUMBER_AS_STRING = "numbers_as_strings"


@dataclass
class PreparedRelease:
    ocid: str
    release_id: str  # the published id, or the content hash when the release has none
    date_text: str
    date: dt.datetime | None
    tags: list[str]
    data: str  # compact JSON, keys in published order
    content_hash: str  # SHA-1 of the canonical JSON (sorted keys)
    id_published: bool = True
    notes: tuple[str, ...] = ()  # NO_ID, NO_TAG, … as they apply


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "null" if value is None else "a number"
    )


def has_id(release: dict[str, Any]) -> bool:
    """Does the release publish an id? Absent, null, empty or blank is no id: ocdsmerge does
    not need one (Public Contracts Scotland publishes none)."""
    value = release.get("id")
    return not (value is None or (isinstance(value, str) and not value.strip()))


def check(release: Any) -> None:
    """Raise ReleaseRejected unless the release has the fields storing and merging need."""
    if not isinstance(release, dict):
        raise ReleaseRejected(f"release is {_kind(release)}, not a JSON object")
    for field, limit in (("ocid", MAX_OCID), ("id", MAX_RELEASE_ID), ("date", MAX_DATE)):
        if field == "id" and not has_id(release):
            continue
        if field not in release:
            raise ReleaseRejected(f"missing {field}")
        value = release[field]
        if not isinstance(value, str):
            raise ReleaseRejected(f"{field} is {_kind(value)}, not a string")
        if not value.strip():
            raise ReleaseRejected(f"{field} is empty")
        if len(value) > limit:
            raise ReleaseRejected(f"{field} is longer than {limit} characters")
        if "\x00" in value:
            raise ReleaseRejected(f"{field} contains a NUL character")
    if release["ocid"] != release["ocid"].strip():
        # ocdsmerge would compile " x" apart from "x"; trimming would change what was
        # published. Neither is what the publisher meant, so the publisher must fix it.
        raise ReleaseRejected("ocid has leading or trailing whitespace")
    tag = release.get("tag")
    if tag is not None and (
        not isinstance(tag, list) or not all(isinstance(item, str) for item in tag)
    ):
        raise ReleaseRejected(f"tag is {_kind(tag)}, not an array of strings")


def upgrade(release: dict[str, Any], version: str | None) -> dict[str, Any]:
    """Upgrade to OCDS 1.1 as ``ocdskit upgrade 1.0:1.1`` would.

    In a package, the package's ``version`` decides (none means 1.0); a bare release is
    1.0 when it has no ``parties`` (ocdskit's rule). 1.1 releases are left alone.
    """
    if version is None:
        return upgrade_10_11(release, reorder=False)
    if version == "1.0":
        upgrade_release_10_11(release, reorder=False)
    return release


def parse_date(text: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def prepare(release: Any, version: str | None) -> PreparedRelease:
    """Check, upgrade and serialise a release. Raises ReleaseRejected with the reason."""
    check(release)
    try:
        release = upgrade(release, version)
    except Exception as exc:  # ocdskit assumes valid 1.0 data; say what broke rather than crash
        raise ReleaseRejected(f"cannot upgrade from OCDS 1.0: {type(exc).__name__}: {exc}") from exc
    try:
        data = orjson.dumps(release)
        canonical = orjson.dumps(release, option=orjson.OPT_SORT_KEYS)
    except TypeError as exc:  # e.g. an integer beyond 64 bits
        raise ReleaseRejected(f"cannot serialise: {exc}") from exc
    content_hash = hashlib.sha1(canonical, usedforsecurity=False).hexdigest()
    id_published = has_id(release)
    date = parse_date(release["date"])
    return PreparedRelease(
        ocid=release["ocid"],
        # Without an id, the content is the identity: the same release imported again
        # is found unchanged, and a release is never changed in place.
        release_id=release["id"] if id_published else content_hash,
        date_text=release["date"],
        date=date,
        tags=list(release.get("tag") or []),
        data=data.decode(),
        content_hash=content_hash,
        id_published=id_published,
        notes=_notes(release, id_published, date),
    )


def _notes(release: dict[str, Any], id_published: bool, date: dt.datetime | None) -> tuple:
    notes = []
    if not id_published:
        notes.append(NO_ID)
    if "tag" not in release:
        notes.append(NO_TAG)
    if date is not None and dt.datetime.fromisoformat(release["date"]).tzinfo is None:
        notes.append(DATE_WITHOUT_ZONE)
    if _numbers_as_strings(release):
        notes.append(NUMBER_AS_STRING)
    return tuple(notes)


def _amount_is_text(holder: Any) -> bool:
    value = holder.get("value") if isinstance(holder, dict) else None
    return isinstance(value, dict) and isinstance(value.get("amount"), str)


def _numbers_as_strings(release: dict[str, Any]) -> bool:
    """Are the numbers the indicators read (values and tenderers) published as strings?"""
    tender = release.get("tender")
    if isinstance(tender, dict) and (
        _amount_is_text(tender) or isinstance(tender.get("numberOfTenderers"), str)
    ):
        return True
    for key in ("awards", "contracts"):
        items = release.get(key)
        if isinstance(items, list) and any(_amount_is_text(item) for item in items):
            return True
    return False


Prepared = tuple[PreparedRelease | None, Where, str | None]  # (release, where, reject reason)


def prepare_item(item: Item | Problem) -> Prepared:
    """A reader Item or Problem as (release, where, None) or (None, where, reason)."""
    if isinstance(item, Problem):
        return None, item.where, item.reason
    try:
        return prepare(item.data, item.version), item.where, None
    except ReleaseRejected as exc:
        return None, item.where, exc.reason


def prepare_lines(name: str, lines: list[tuple[int, bytes]]) -> list[Prepared]:
    """Parse and prepare a chunk of JSON lines: what worker processes run during reading."""
    with gc_paused():
        return [prepare_item(item) for item in parse_lines(name, lines)]


def releases_digest(pairs: list[tuple[str, str]]) -> str:
    """A digest over an ocid's (release id, content hash) pairs, in any order."""
    text = "\n".join(f"{release_id}\t{content_hash}" for release_id, content_hash in sorted(pairs))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
