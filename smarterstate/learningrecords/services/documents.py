"""State, activity profile and agent profile documents (xAPI Communication 2.2–2.7).

Concurrency as the specification has it: ETags are the quoted SHA-1 of the content; If-Match
must name the current ETag, ``If-None-Match: *`` that there is none (412 otherwise); a PUT to
an existing profile document with neither header is a 409. POST merges JSON objects (top-level
properties of the new document replace the old ones).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import orjson
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Document, DocumentKind
from ..xapi.errors import Conflict, Invalid, PreconditionFailed


def scope_key(kind: str, activity: str, agent: str, registration: str | None) -> str:
    text = "\x1f".join((kind, activity, agent, registration or ""))
    return hashlib.sha256(text.encode()).hexdigest()


def document_key(scope: str, document_id: str) -> str:
    return hashlib.sha256(f"{scope}\x1f{document_id}".encode()).hexdigest()


def etag_of(content: bytes) -> str:
    return hashlib.sha1(content).hexdigest()  # noqa: S324 - the ETag the specification asks for


def _quoted(etag: str) -> str:
    return f'"{etag}"'


def _matches(header: str, etag: str) -> bool:
    values = [v.strip() for v in header.split(",")]
    return "*" in values or _quoted(etag) in values or etag in values


def check_preconditions(
    document: Document | None, headers: dict[str, str], *, require: bool, require_new: bool = False
) -> None:
    if_match, if_none_match = headers.get("if-match"), headers.get("if-none-match")
    if if_match is not None and (document is None or not _matches(if_match, document.etag)):
        raise PreconditionFailed("If-Match does not name the document's current ETag")
    if if_none_match is not None:
        if if_none_match.strip() == "*" and document is not None:
            raise PreconditionFailed("If-None-Match: * but the document exists")
        if document is not None and _matches(if_none_match, document.etag):
            raise PreconditionFailed("If-None-Match names the document's current ETag")
    if require and if_match is None and if_none_match is None:
        if document is not None:
            raise Conflict("the document exists: send If-Match (or If-None-Match) to change it")
        if require_new:
            raise Invalid(
                "If-None-Match",
                "xAPI 1.0.3: PUT of a profile document needs If-Match or If-None-Match",
            )


def _is_json(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == "application/json"


@transaction.atomic
def document_put(*, organisation_id: int, platform_id: int | None, kind: str, activity: str, agent: str,
                 registration: str | None, document_id: str, content: bytes, content_type: str,
                 headers: dict[str, str], merge: bool, v2: bool = True) -> Document:  # fmt: skip
    scope = scope_key(kind, activity, agent, registration)
    key = document_key(scope, document_id)
    document = (
        Document.objects.select_for_update()
        .filter(organisation_id=organisation_id, key=key)
        .first()
    )
    # Profiles need If-Match / If-None-Match to overwrite; xAPI 2.0 asks it of state documents too.
    require = not merge and (v2 or kind != DocumentKind.STATE)
    check_preconditions(document, headers, require=require, require_new=not v2)
    if merge and document is not None:
        if not _is_json(content_type) or not _is_json(document.content_type):
            raise Invalid(
                "Content-Type", "POST merges JSON documents: both must be application/json"
            )
        try:
            old, new = orjson.loads(bytes(document.content)), orjson.loads(content)
        except orjson.JSONDecodeError:
            raise Invalid(
                "body", "POST merges JSON objects; a document is not valid JSON"
            ) from None
        if not isinstance(old, dict) or not isinstance(new, dict):
            raise Invalid("body", "POST merges JSON objects; a document is not an object")
        content = orjson.dumps({**old, **new})
    elif merge and _is_json(content_type):
        try:
            if not isinstance(orjson.loads(content), dict):
                raise Invalid("body", "POST merges JSON objects; the document is not an object")
        except orjson.JSONDecodeError:
            raise Invalid(
                "body", "the document says application/json but is not valid JSON"
            ) from None
    now = timezone.now()
    if document is None:
        document = Document(organisation_id=organisation_id, kind=kind, activity_iri=activity, agent_key=agent,
                            registration=registration, document_id=document_id, scope=scope, key=key)  # fmt: skip
    document.platform_id = platform_id
    document.content = content
    document.content_type = content_type or "application/octet-stream"
    document.etag = etag_of(content)
    document.updated = now
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        raise Conflict(
            "the document was created by another request at the same time; retry"
        ) from None
    return document


def document_get(*, organisation_id: int, kind: str, activity: str, agent: str, registration: str | None,
                 document_id: str) -> Document | None:  # fmt: skip
    key = document_key(scope_key(kind, activity, agent, registration), document_id)
    return Document.objects.filter(organisation_id=organisation_id, key=key).first()


def document_ids(*, organisation_id: int, kind: str, activity: str, agent: str, registration: str | None,
                 since: dt.datetime | None) -> list[str]:  # fmt: skip
    documents = Document.objects.filter(
        organisation_id=organisation_id, scope=scope_key(kind, activity, agent, registration)
    )
    if since is not None:
        documents = documents.filter(updated__gt=since)
    return list(documents.order_by("updated").values_list("document_id", flat=True))


@transaction.atomic
def document_delete(*, organisation_id: int, kind: str, activity: str, agent: str, registration: str | None,
                    document_id: str | None, headers: dict[str, str]) -> int:  # fmt: skip
    scope = scope_key(kind, activity, agent, registration)
    if document_id is None:
        deleted, _ = Document.objects.filter(organisation_id=organisation_id, scope=scope).delete()
        return deleted
    key = document_key(scope, document_id)
    document = (
        Document.objects.select_for_update()
        .filter(organisation_id=organisation_id, key=key)
        .first()
    )
    if document is not None or headers.get("if-match"):
        check_preconditions(document, headers, require=False)
    if document is None:
        return 0
    document.delete()
    return 1


def documents_erase(*, organisation_id: int, agent_keys: list[str]) -> int:
    """Delete every state and agent profile document of these agents (privacy erasure)."""
    deleted, _ = Document.objects.filter(
        organisation_id=organisation_id, agent_key__in=agent_keys
    ).delete()
    return deleted
