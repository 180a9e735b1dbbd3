"""Erasing a person from the Learning Record Store (UK GDPR Article 17).

xAPI statements are immutable (Data 2.3): a statement is never changed or deleted, only voided,
and a voided statement stays retrievable by ``voidedStatementId``. Voiding therefore cannot erase
anyone. Like other LRSs (Learning Locker's and Veracity's administrative delete, ADL's LRS
"hard delete" for GDPR) we let data protection override the protocol, on an administrator's
request only, and record the choice in docs/user-guide/skills-learning-records.md:

* statements whose actor or object is the person are **deleted** with their index terms
  (platforms that ask for them by id then get 404, as for a statement never stored);
* statements that name the person elsewhere (instructor, team member, context agent, authority)
  belong to other learners: they are kept, with each of the person's agent objects replaced by
  an opaque ``erased`` account, and the person's terms removed, so no query finds them by the
  person any more;
* the person's state and agent profile documents, and their learner identities (with their
  history rows), are deleted.

The person is found by their learner identities (mapped or matched by account name).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from ..models import LearnerIdentity, Statement, StatementTerm
from ..xapi.agents import ifi_key
from . import terms as term_index
from .documents import documents_erase


@dataclass
class ErasureReport:
    statements_deleted: int = 0
    statements_anonymised: int = 0
    documents_deleted: int = 0
    identities_deleted: int = 0


def _erased_agent(key: str) -> dict:
    token = hashlib.sha256(f"{settings.SECRET_KEY}\x1f{key}".encode()).hexdigest()[:16]
    return {"objectType": "Agent", "account": {"homePage": f"{settings.SITE_URL.rstrip('/')}/xapi/erased",
                                               "name": f"erased-{token}"}}  # fmt: skip


def _scrub(value, keys: set[str]):
    """The value with every agent whose identifier is one of ``keys`` replaced."""
    if isinstance(value, dict):
        if (
            value.get("objectType", "Agent") in ("Agent", "Group")
            and (key := ifi_key(value)) in keys
        ):
            return _erased_agent(key)
        return {k: _scrub(v, keys) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, keys) for v in value]
    return value


def _delete_terms(organisation_id: int, statement: Statement) -> None:
    terms = term_index.terms_of(organisation_id, statement.payload)
    StatementTerm.objects.filter(
        term__in=list(terms), stored=statement.stored, statement_id=statement.pk
    ).delete()


@transaction.atomic
def statements_erase(*, organisation_id: int, agent_keys: list[str]) -> ErasureReport:
    """Delete or anonymise every statement naming these agents in the organisation."""
    report = ErasureReport()
    keys = set(agent_keys)
    direct = [term_index.term(organisation_id, "a", k) for k in keys]
    related = [term_index.term(organisation_id, "A", k) for k in keys]
    found = StatementTerm.objects.filter(term__in=related).values_list("statement_id", flat=True)
    direct_ids = set(
        StatementTerm.objects.filter(term__in=direct).values_list("statement_id", flat=True)
    )
    for statement in Statement.objects.filter(pk__in=list(set(found))).iterator(chunk_size=500):
        _delete_terms(organisation_id, statement)
        if statement.pk in direct_ids:
            statement.delete()
            report.statements_deleted += 1
        else:
            statement.payload = _scrub(statement.payload, keys)
            statement.save(update_fields=["payload"])
            # Terms again from the scrubbed statement: it is still found by everything else.
            StatementTerm.objects.bulk_create(
                [StatementTerm(term=t, stored=statement.stored, statement_id=statement.pk)
                 for t in term_index.terms_of(organisation_id, statement.payload)],
                ignore_conflicts=True,
            )  # fmt: skip
            report.statements_anonymised += 1
    # Terms inherited by statements that target the erased ones (StatementRef) go too.
    StatementTerm.objects.filter(term__in=direct + related).delete()
    return report


@transaction.atomic
def learning_records_erase(*, person) -> ErasureReport:
    """Erase a skills person from the LRS: their statements, documents and identities."""
    identities = LearnerIdentity.objects.filter(
        organisation_id=person.organisation_id, person=person
    )
    keys = set(identities.values_list("actor_key", flat=True))
    report = (
        statements_erase(organisation_id=person.organisation_id, agent_keys=sorted(keys))
        if keys
        else ErasureReport()
    )
    if keys:
        report.documents_deleted = documents_erase(
            organisation_id=person.organisation_id, agent_keys=sorted(keys)
        )
    identity_ids = list(identities.values_list("pk", flat=True))
    _, deleted = identities.delete()
    report.identities_deleted = deleted.get(LearnerIdentity._meta.label, 0)
    # Their history rows hold the actor keys (and the deletion just added one each).
    LearnerIdentity.history.filter(id__in=identity_ids).delete()
    LearnerIdentity.history.filter(person_id=person.pk).delete()
    return report
