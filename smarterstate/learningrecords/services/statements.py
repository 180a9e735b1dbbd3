"""Storing statements: validate, check against what is stored, write rows and terms, void.

One request is one transaction: an invalid statement in a batch, or a conflict, stores nothing.
The ``stored`` time is taken inside a ``WriteInFlight`` window so that
``X-Experience-API-Consistent-Through`` never claims a time whose statements may still commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..models import (
    ActivityDefinition,
    Attachment,
    LearningPlatform,
    Statement,
    WriteInFlight,
)
from ..xapi import formats
from ..xapi.agents import ifi_key
from ..xapi.errors import Conflict, Invalid
from ..xapi.signatures import check_signature, signature_attachments
from ..xapi.statements import prepare, same_statement
from ..xapi.validation import VOIDED, validate_statement
from . import terms as term_index
from . import writer
from .platforms import platform_authority, platform_note_statements

logger = logging.getLogger(__name__)

# A write that started longer ago than this has died with its process; it no longer holds back
# the consistent-through time.
IN_FLIGHT_EXPIRY = dt.timedelta(minutes=2)


@dataclass
class StoreResult:
    ids: list[str]
    created: list[dict] = field(default_factory=list)  # the statements stored by this request


WRITER_NAME = "smarterstate-lrs-write"


@contextmanager
def write_window() -> Iterator[None]:
    """One transaction for a statement write, marked as under way until it commits.

    PostgreSQL: the transaction names itself (SET LOCAL application_name, undone at commit), and
    pg_stat_activity gives its start: no extra commits. SQLite: a WriteInFlight row."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL application_name = %s", [WRITER_NAME])
            yield
        return
    marker = WriteInFlight.objects.create(started=timezone.now())
    try:
        with transaction.atomic():
            yield
    finally:
        WriteInFlight.objects.filter(pk=marker.pk).delete()


def consistent_through() -> dt.datetime:
    """No statement stored at or before this time can still appear: the start of the oldest
    statement write still in progress, or now."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT min(xact_start) FROM pg_stat_activity WHERE application_name = %s AND datname = current_database()",
                [WRITER_NAME],
            )
            oldest = cursor.fetchone()[0]
        return min(oldest, now) if oldest and now - oldest < IN_FLIGHT_EXPIRY else now
    oldest = (
        WriteInFlight.objects.filter(started__gte=now - IN_FLIGHT_EXPIRY)
        .order_by("started")
        .values_list("started", flat=True)
        .first()
    )
    return min(oldest, now) if oldest else now


def _check_attachments(
    statements: list[dict], parts: dict[str, tuple[str, bytes]], paths: list[str]
) -> None:
    wanted: set[str] = set()
    for statement, path in zip(statements, paths, strict=True):
        for index, attachment in enumerate(statement.get("attachments", ())):
            sha2 = attachment["sha2"].lower()
            if "fileUrl" not in attachment or sha2 in parts:
                if sha2 not in parts:
                    raise Invalid(f"{path}.attachments[{index}]",
                                  "has no fileUrl and no part of the request carries its content")  # fmt: skip
                wanted.add(sha2)
        for attachment in signature_attachments(statement):
            where = f"{path}.attachments (signature)"
            if attachment["contentType"] != "application/octet-stream":
                raise Invalid(
                    where, "a signature attachment's contentType must be application/octet-stream"
                )
            sha2 = attachment["sha2"].lower()
            if sha2 not in parts:
                raise Invalid(where, "the signature's JWS is not among the request's parts")
            check_signature(statement, parts[sha2][1], where)
    extra = set(parts) - wanted
    if extra:
        raise Invalid("body", f"attachment part {sorted(extra)[0]} is not named by any statement")


def _run_after(after, platform: LearningPlatform, statements: list[dict], voided: set[str]) -> None:
    """Derived work (training records) in the same transaction, so a request costs one commit.
    ``after`` gets the new statements that are not voided, and the ids of statements stored
    earlier that this request voids. It does its database work in a savepoint (only when it has
    some: a batch with nothing to derive costs no query): if it fails, the statements are stored
    all the same (lrs_reprocess rebuilds what was missed)."""
    try:
        after(platform=platform, statements=statements, voided=voided)
    except Exception:
        logger.exception("Work after storing statements failed for platform %s", platform.pk)


def statements_store(*, platform: LearningPlatform, statements: list[dict], v2: bool,
                     parts: dict[str, tuple[str, bytes]] | None = None, single: bool = False,
                     after=None) -> StoreResult:  # fmt: skip
    """Store a request's statements (all or none). Returns their ids in order."""
    parts = parts or {}
    paths = ["statement"] if single else [f"statements[{i}]" for i in range(len(statements))]
    for statement, path in zip(statements, paths, strict=True):
        validate_statement(statement, v2=v2, path=path)
    _check_attachments(statements, parts, paths)
    ids = []
    for statement, path in zip(statements, paths, strict=True):
        if "id" in statement:
            statement["id"] = formats.normal_uuid(statement["id"])
            if statement["id"] in ids:
                raise Invalid(f"{path}.id", f"{statement['id']} appears twice in the batch")
        ids.append(statement.get("id"))
    organisation_id = platform.organisation_id
    existing = writer.existing_payloads(organisation_id, [i for i in ids if i])
    new = []
    for statement, path in zip(statements, paths, strict=True):
        stored = existing.get(statement["id"]) if "id" in statement else None
        if stored is None:
            new.append(statement)
        elif not same_statement(statement, stored):
            raise Conflict(
                f"{path}: statement {statement['id']} is already stored with different content"
            )
    result = StoreResult(ids=[])
    if new:
        try:
            with write_window():
                voided_on_arrival, voided_earlier = _insert(platform, new, parts, v2=v2)
                if after is not None:
                    live = [s for s in new if s["id"] not in voided_on_arrival]
                    _run_after(after, platform, live, voided_earlier)
                # Last, just before the commit: concurrent requests of one platform queue on its
                # row only for the commit, not for the whole write.
                platform_note_statements(
                    platform=platform, count=len(new), version="2.0.0" if v2 else "1.0.3"
                )
        except IntegrityError:
            # Another request stored one of these ids between our check and our insert.
            raise Conflict(
                "a statement with one of these ids was stored by another request; retry"
            ) from None
        result.created = new
    for statement in statements:
        result.ids.append(statement["id"])
    return result


def _statement_row(statement: dict) -> writer.Row:
    target = statement["object"]
    kind = target.get("objectType", "Activity")
    registration = statement.get("context", {}).get("registration")
    return writer.Row(
        statement_id=statement["id"],
        timestamp=formats.validated_timestamp(statement["timestamp"]),
        version=statement["version"][:10],
        actor_key=ifi_key(statement["actor"]) or "group:anonymous",
        verb=statement["verb"]["id"],
        object_id=target["id"] if kind == "Activity" else "",
        target_id=target["id"] if kind == "StatementRef" else None,
        registration=registration,
        is_voiding=statement["verb"]["id"] == VOIDED,
        payload=statement,
    )


def _insert(
    platform: LearningPlatform, statements: list[dict], parts: dict, *, v2: bool
) -> tuple[set[str], set[str]]:
    """Write the statements, their terms, attachments and definitions, and void what they void.
    Returns ``_void``'s answer."""
    organisation_id = platform.organisation_id
    stored = timezone.now()
    authority = platform_authority(platform)
    for statement in statements:
        prepare(statement, stored=stored, authority=authority, v2=v2)
    rows = [_statement_row(s) for s in statements]
    targets = {str(r.target_id) for r in rows if r.target_id}
    chains = term_index.target_chain_terms(organisation_id, targets) if targets else {}
    all_terms = []
    new_terms: dict[str, set] = {}
    for row, statement in zip(rows, statements, strict=True):
        terms = term_index.terms_of(organisation_id, statement)
        if row.target_id:
            terms |= chains.get(str(row.target_id).lower(), set())
        new_terms[str(row.statement_id)] = terms
        all_terms.append(terms)
    writer.write(organisation_id, platform.pk, rows, all_terms, stored)
    # Earlier statements that target these ones inherit their terms.
    referred = writer.targeted(organisation_id, new_terms)
    if referred:
        term_index.terms_add_to_referrers(
            organisation_id, {k: v for k, v in new_terms.items() if k in referred}
        )
    voided = _void(organisation_id, rows, referred)
    _store_attachments(organisation_id, parts)
    _store_definitions(organisation_id, statements)
    return voided


def _void(
    organisation_id: int, rows: list[writer.Row], referred: set[str]
) -> tuple[set[str], set[str]]:
    """Mark what these statements void. Returns the ids of this batch's own statements voided on
    arrival (by a statement in the batch or stored before), and the ids this batch's voiding
    statements target outside the batch (statements stored earlier, or not yet)."""
    plain = {str(r.statement_id).lower() for r in rows if not r.is_voiding}
    voided = {str(r.target_id).lower() for r in rows if r.is_voiding and r.target_id}
    if voided:
        Statement.objects.filter(
            organisation_id=organisation_id, statement_id__in=list(voided), is_voiding=False
        ).update(voided=True)
    on_arrival = voided & plain
    # A statement arriving after the statement that voids it is voided on arrival.
    # (Only statements some earlier statement targets can have been voided before they arrived.)
    earlier_targeted = [i for i in plain - on_arrival if i in referred]
    if earlier_targeted:
        late = {
            str(i).lower()
            for i in Statement.objects.filter(
                organisation_id=organisation_id, is_voiding=True, target_id__in=earlier_targeted
            ).values_list("target_id", flat=True)
        }
        if late:
            Statement.objects.filter(
                organisation_id=organisation_id, statement_id__in=list(late)
            ).update(voided=True)
            on_arrival |= late
    return on_arrival, voided - plain


def _store_attachments(organisation_id: int, parts: dict[str, tuple[str, bytes]]) -> None:
    if parts:
        Attachment.objects.bulk_create(
            [Attachment(organisation_id=organisation_id, sha2=sha2, content_type=ct, content=content)
             for sha2, (ct, content) in parts.items()],
            ignore_conflicts=True,
        )  # fmt: skip


def _activity_definitions(statement: dict) -> Iterator[tuple[str, dict]]:
    target = statement["object"]
    objects = [target]
    if target.get("objectType") == "SubStatement":
        objects.append(target["object"])
    for item in objects:
        if item.get("objectType", "Activity") == "Activity" and "definition" in item:
            yield item["id"], item["definition"]
    for context in (statement.get("context", {}), target.get("context", {})):
        for value in context.get("contextActivities", {}).values():
            for activity in value if isinstance(value, list) else [value]:
                if "definition" in activity:
                    yield activity["id"], activity["definition"]


def merge_definition(old: dict, new: dict) -> dict:
    """The newer definition wins property by property; language maps gain the new languages."""
    merged = dict(old)
    for key, value in new.items():
        if key in ("name", "description") and isinstance(old.get(key), dict):
            merged[key] = {**old[key], **value}
        else:
            merged[key] = value
    return merged


def activity_key(iri: str) -> str:
    return hashlib.sha256(iri.encode()).hexdigest()


# (organisation, IRI) → the definition this process last stored or read. Statements repeat the
# same definitions thousands of times; only a definition that adds something is written, so
# concurrent batches do not queue on the same rows.
_definitions_seen: dict[tuple[int, str], dict] = {}
DEFINITIONS_CACHE_SIZE = 20000


def _store_definitions(organisation_id: int, statements: list[dict]) -> None:
    latest: dict[str, dict] = {}
    for statement in statements:
        for iri, definition in _activity_definitions(statement):
            latest[iri] = merge_definition(latest.get(iri, {}), definition)
    changed = {
        iri: definition
        for iri, definition in latest.items()
        if (known := _definitions_seen.get((organisation_id, iri))) is None
        or merge_definition(known, definition) != known
    }
    if not changed:
        return
    keys = {activity_key(iri): iri for iri in changed}
    current = dict(
        ActivityDefinition.objects.filter(
            organisation_id=organisation_id, key__in=list(keys)
        ).values_list("key", "definition")
    )
    rows = []
    for key, iri in keys.items():
        merged = merge_definition(current.get(key, {}), changed[iri])
        if len(_definitions_seen) > DEFINITIONS_CACHE_SIZE:
            _definitions_seen.clear()
        _definitions_seen[(organisation_id, iri)] = merged
        if merged != current.get(key):
            rows.append(ActivityDefinition(organisation_id=organisation_id, key=key, iri=iri, definition=merged,
                                           updated=timezone.now()))  # fmt: skip
    if rows:
        ActivityDefinition.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["organisation", "key"],
            update_fields=["definition", "updated"],
        )
