"""Reads for the Learning Record Store's pages."""

from __future__ import annotations

import datetime as dt

import orjson
from django.db.models import Count

from .models import Document, LearnerIdentity, LearningPlatform, Statement, StatementTerm
from .services import terms as term_index
from .services.queries import Query, statements_page

STATEMENT_PAGE = 50


def platforms_for(organisation):
    return LearningPlatform.objects.filter(organisation=organisation).annotate(
        reject_count=Count("rejects")
    )


def identities_for(organisation, *, unmapped: bool | None = None):
    identities = LearnerIdentity.objects.filter(organisation=organisation).select_related("person")
    if unmapped is not None:
        identities = identities.filter(person__isnull=unmapped)
    return identities


def actor_key_from_text(text: str) -> str | None:
    """The identifier key for what someone typed: an email, an actor key, or homePage|name."""
    text = text.strip()
    if not text:
        return None
    if text.startswith(("mbox:", "sha1:", "openid:", "account:")):
        return text
    if "|" in text:
        home, _, name = text.partition("|")
        return "account:" + orjson.dumps([home.strip(), name.strip()]).decode()
    if "@" in text:
        return f"mbox:mailto:{text.removeprefix('mailto:')}"
    return None


def actor_label(actor_key: str) -> str:
    if actor_key.startswith("account:"):
        home, name = orjson.loads(actor_key[len("account:") :])
        return f"{home}|{name}"
    return actor_key.split(":", 1)[1].removeprefix("mailto:")


def statements_for(organisation, data: dict, after: str | None = None, limit: int = STATEMENT_PAGE):
    """A page of statements matching the viewer's filters, and the token for the next page."""

    def day_start(day):
        return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC) if day else None

    if after:
        query = Query.from_more(after, organisation.pk)
    else:
        query = Query(
            organisation_id=organisation.pk,
            agent=actor_key_from_text(data.get("actor") or ""),
            verb=data.get("verb") or None,
            activity=data.get("activity") or None,
            since=day_start(data.get("since")),
            until=day_start(data["until"] + dt.timedelta(days=1)) if data.get("until") else None,
            limit=limit,
            platform_id=data["platform"].pk if data.get("platform") else None,
        )
    return statements_page(query)


def statement_row(statement: dict) -> dict:
    """What the viewer and the exports show of one statement."""
    from .xapi.agents import ifi_key

    target = statement["object"]
    result = statement.get("result", {})
    verb = statement["verb"]
    display = verb.get("display", {})
    return {
        "id": statement["id"],
        "stored": statement["stored"],
        "timestamp": statement.get("timestamp", ""),
        "actor": actor_label(ifi_key(statement["actor"]) or "group:anonymous group"),
        "actor_name": statement["actor"].get("name", ""),
        "verb": verb["id"],
        "verb_display": next(iter(display.values()), verb["id"].rsplit("/", 1)[-1]),
        "object": target.get("id", target.get("objectType", "")),
        "object_type": target.get("objectType", "Activity"),
        "success": result.get("success"),
        "completion": result.get("completion"),
        "score": result.get("score", {}).get("scaled"),
        "platform": statement.get("authority", {}).get("name", ""),
    }


def learning_records_of(*, person) -> dict:
    """What the store holds about a skills person (subject access): their learner identities,
    the statements they are the actor of, and their state and agent profile documents."""
    identities = LearnerIdentity.objects.filter(
        organisation_id=person.organisation_id, person=person
    )
    keys = sorted(identities.values_list("actor_key", flat=True))
    terms = [term_index.term(person.organisation_id, "a", key) for key in keys]
    statement_ids = StatementTerm.objects.filter(term__in=terms).values("statement_id")
    statements = Statement.objects.filter(
        organisation_id=person.organisation_id, pk__in=statement_ids
    ).order_by("stored", "pk")
    documents = Document.objects.filter(organisation_id=person.organisation_id, agent_key__in=keys)
    return {
        "identities": [
            {
                "actor": identity.agent,
                "first_seen": identity.first_seen,
                "last_seen": identity.last_seen,
                "statements": identity.statements,
            }
            for identity in identities.order_by("first_seen")
        ],
        "statements": [
            {"stored": s.stored, "voided": s.voided, "statement": s.payload} for s in statements
        ],
        "documents": [
            {
                "kind": d.kind,
                "activity": d.activity_iri,
                "document_id": d.document_id,
                "content_type": d.content_type,
                "updated": d.updated,
                "content": bytes(d.content).decode("utf-8", errors="replace"),
            }
            for d in documents.order_by("kind", "document_id")
        ],
    }
