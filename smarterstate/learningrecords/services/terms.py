"""Statement terms: the hashed values the statement query filters on (see xapi/agents.py).

A term is md5(namespace, organisation, kind, value) as a UUID, so one index serves every filter of every
organisation, long IRIs included, and no organisation can match another's statements.

Statement references: a statement whose object is a StatementRef also carries its target's
terms (and its target's target's…), so "statements targeting a statement that matches the
filter" (xAPI Communication 2.1.3, "Filter Conditions for StatementRefs") come back from the
same index scan, each filter condition met by the statement or by one it targets.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache

from ..models import Statement, StatementTerm
from ..xapi.agents import statement_terms

NAMESPACE = uuid.UUID("0b0e7f36-8f5c-4c0e-9a6e-4d2f6b1d8a10")
MAX_REFERENCE_DEPTH = 10


_PREFIX = f"{NAMESPACE.hex}\x1f"


# Cached: a batch names the same verbs, activities and learners again and again.
@lru_cache(maxsize=16384)
def term(organisation_id: int, kind: str, value: str) -> str:
    """MD5 of namespace, organisation, kind and value: 32 hex digits, which a uuid column takes
    as they are. MD5 because it is a key, not a signature (collisions need an adversary who can
    only collide with their own organisation's values), it is 128 bits like a UUID, and
    PostgreSQL computes the same function (``md5(text)``), so benchmark data can be generated
    in SQL. Computed directly rather than with uuid.uuid5: uuid5's object building cost more
    than the hash at a dozen terms a statement and thousands of statements a second."""
    return hashlib.md5(f"{_PREFIX}{organisation_id}\x1f{kind}\x1f{value}".encode()).hexdigest()  # noqa: S324


def terms_of(organisation_id: int, statement: dict) -> set[str]:
    return {term(organisation_id, kind, value) for kind, value in statement_terms(statement)}


def target_chain_terms(organisation_id: int, target_ids: set[str]) -> dict[str, set[str]]:
    """For each target statement id: the terms of it and of the statements it targets in turn."""
    result: dict[str, set[str]] = {}
    payloads: dict[str, dict] = {}
    frontier = {t.lower() for t in target_ids}
    for _ in range(MAX_REFERENCE_DEPTH):
        frontier -= payloads.keys()
        if not frontier:
            break
        found = Statement.objects.filter(
            organisation_id=organisation_id, statement_id__in=list(frontier)
        ).values_list("statement_id", "payload")
        next_frontier = set()
        for statement_id, payload in found:
            payloads[str(statement_id)] = payload
            target = payload["object"]
            if target.get("objectType") == "StatementRef":
                next_frontier.add(target["id"].lower())
        frontier = next_frontier
    for start in target_ids:
        terms: set[str] = set()
        current: str | None = start.lower()
        seen: set[str] = set()
        while current in payloads and current not in seen:
            seen.add(current)
            payload = payloads[current]
            terms |= terms_of(organisation_id, payload)
            target = payload["object"]
            current = target["id"].lower() if target.get("objectType") == "StatementRef" else None
        result[start.lower()] = terms
    return result


def terms_add_to_referrers(organisation_id: int, new: dict[str, set[str]]) -> None:
    """Statements stored earlier that target a statement just stored gain its terms (and so do
    the statements targeting those, in turn)."""
    pending = dict(new)
    for _ in range(MAX_REFERENCE_DEPTH):
        if not pending:
            return
        referrers = Statement.objects.filter(
            organisation_id=organisation_id, target_id__in=list(pending)
        ).values_list("pk", "stored", "statement_id", "target_id")
        rows, following = [], {}
        for pk, stored, statement_id, target_id in referrers:
            terms = pending[str(target_id)]
            rows += [StatementTerm(term=t, stored=stored, statement_id=pk) for t in terms]
            following[str(statement_id)] = terms
        StatementTerm.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
        pending = following
