"""Statements into the skills pillar: completions become training records, matched to people.

A statement counts when its verb is a completion (or start) verb and its object is an activity
the platform knows as a learning activity (by code = IRI, or an ``ActivityLink``). Its actor is
a ``LearnerIdentity``: matched to a person when an account name is the person's reference in
the organisation, or when someone has mapped it; unknown actors stay listed for mapping and
their statements are kept, so mapping them later creates their records (``identity_map``).

Records are written through ``skills.services.training`` (the CSV importer's rules). Campaign
and gap summaries are refreshed by a background task for the organisations and activities
touched, coalesced across requests, never per statement.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from smarterstate.skills.models import LearningActivity, Person, TrainingOrigin

from ..models import ActivityLink, LearnerIdentity, Statement, StatementTerm
from ..xapi import formats
from ..xapi.agents import ifi_key
from .writer import text_array

COMPLETED_VERBS = frozenset({
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/passed",
    "https://w3id.org/xapi/adl/verbs/satisfied",
    "http://activitystrea.ms/schema/1.0/complete",
})  # fmt: skip
STARTED_VERBS = frozenset({
    "http://adlnet.gov/expapi/verbs/attempted",
    "http://adlnet.gov/expapi/verbs/launched",
    "http://adlnet.gov/expapi/verbs/initialized",
    "https://w3id.org/xapi/adl/verbs/launched",
})  # fmt: skip


def completion_verbs() -> frozenset[str]:
    return COMPLETED_VERBS | frozenset(settings.LRS_COMPLETION_VERBS)


def identity_key(actor_key: str) -> str:
    return hashlib.sha256(actor_key.encode()).hexdigest()


def _tracked(statement: dict, completed: frozenset[str]) -> str | None:
    verb = statement["verb"]["id"]
    if statement["object"].get("objectType", "Activity") != "Activity":
        return None
    if verb in completed:
        return "completed"
    if verb in STARTED_VERBS:
        return "started"
    return None


def activities_for(organisation_id: int, iris: set[str]) -> dict[str, str]:
    """IRI → learning activity code, for the IRIs that are learning activities (a link of the
    organisation wins over an activity whose code is the IRI)."""
    if not iris:
        return {}
    if connection.vendor == "postgresql":
        # One round trip for both lookups: this runs for every batch with a completion in it.
        activity, link = LearningActivity._meta.db_table, ActivityLink._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT code, code, 0 FROM {activity} WHERE code = ANY(%s::text[]) UNION ALL "  # noqa: S608 - our tables
                f"SELECT l.iri, a.code, 1 FROM {link} l JOIN {activity} a ON a.id = l.activity_id "
                "WHERE l.organisation_id = %s AND l.iri = ANY(%s::text[])",
                # Array literals: psycopg adapts a list item by item, in Python.
                [text_array(iris), organisation_id, text_array(iris)],
            )
            return {iri: code for iri, code, _ in sorted(cursor.fetchall(), key=lambda r: r[2])}
    result = dict(LearningActivity.objects.filter(code__in=iris).values_list("code", "code"))
    for iri, code in ActivityLink.objects.filter(
        organisation_id=organisation_id, iri__in=iris
    ).values_list("iri", "activity__code"):
        result[iri] = code
    return result


def _hours(statement: dict):
    duration = statement.get("result", {}).get("duration")
    if not duration or "W" in duration or "Y" in duration or "M" in duration.split("T")[0]:
        return ""
    days, _, time = duration[1:].partition("T")
    total = float(days.rstrip("D") or 0) * 24 if days else 0.0
    number = ""
    for char in time:
        if char.isdigit() or char in ".,":
            number += char.replace(",", ".")
            continue
        total += float(number or 0) / {"H": 1, "M": 60, "S": 3600}[char]
        number = ""
    return f"{min(total, 9999):.2f}"


def _known(organisation_id: int, hashes: list[str]) -> dict[str, tuple[int, int | None]]:
    """actor key → (identity pk, person pk) of the identities with these keys (no model instances:
    this runs for every batch with a completion or start in it)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT actor_key, id, person_id FROM {LearnerIdentity._meta.db_table} "  # noqa: S608 - our table
                "WHERE organisation_id = %s AND key = ANY(%s::text[])",
                # Hex digests: one array literal rather than a list adapted item by item.
                [organisation_id, "{" + ",".join(hashes) + "}"],
            )
            return {key: (pk, person) for key, pk, person in cursor.fetchall()}
    rows = LearnerIdentity.objects.filter(organisation_id=organisation_id, key__in=hashes)
    return {
        key: (pk, person) for key, pk, person in rows.values_list("actor_key", "pk", "person_id")
    }


def _identities(
    organisation, statements: list[dict]
) -> tuple[dict[str, int | None], dict[int, int]]:
    """Find or create the identity of each actor, matching new ones to people by account name.
    Returns the person (or None) of each actor key, and how many of these statements each
    identity (by pk) made."""
    now = timezone.now()
    by_key: dict[str, dict] = {}
    counts: dict[str, int] = {}
    for statement in statements:
        key = ifi_key(statement["actor"])
        if key:
            by_key[key] = statement["actor"]
            counts[key] = counts.get(key, 0) + 1
    hashes = [identity_key(k) for k in by_key]
    existing = _known(organisation.pk, hashes)
    missing = [k for k in by_key if k not in existing]
    if missing:
        names = {k: by_key[k]["account"]["name"] for k in missing if "account" in by_key[k]}
        people = dict(
            Person.objects.filter(
                organisation=organisation, reference__in=set(names.values())
            ).values_list("reference", "pk")
        )
        LearnerIdentity.objects.bulk_create(
            [LearnerIdentity(organisation=organisation, key=identity_key(k), actor_key=k, agent=by_key[k],
                             person_id=people.get(names[k]) if k in names else None, first_seen=now, last_seen=now, statements=0)
             for k in missing],
            ignore_conflicts=True,
        )  # fmt: skip
        existing = _known(organisation.pk, hashes)
    persons = {key: person for key, (_, person) in existing.items()}
    return persons, {existing[key][0]: count for key, count in counts.items()}


def _count_statements(counts: dict[int, int]) -> None:
    """Add to each identity's statement count in one UPDATE (one per identity on SQLite)."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = LearnerIdentity._meta.db_table
            # Lock the rows in id order first: concurrent requests naming the same learners then
            # queue instead of deadlocking.
            sql = (
                "WITH v AS (SELECT * FROM unnest(%s::bigint[], %s::int[]) AS v(id, n)), "  # noqa: S608
                f"locked AS (SELECT i.id FROM {table} i JOIN v ON i.id = v.id ORDER BY i.id FOR UPDATE) "
                f"UPDATE {table} i SET statements = i.statements + v.n, last_seen = %s "
                "FROM v WHERE i.id = v.id AND i.id IN (SELECT id FROM locked)"
            )
            cursor.execute(
                sql,
                [text_array(counts), text_array(counts.values()), now],
            )
        return
    for pk, count in counts.items():
        LearnerIdentity.objects.filter(pk=pk).update(
            statements=F("statements") + count, last_seen=now
        )


def learning_from_statements(*, platform, statements: list[dict], voided=()) -> int:
    """Training records from just-stored statements (none of them voided), and the records
    rebuilt for the ids of earlier statements the request ``voided``. Returns how many records
    changed.

    In a savepoint of the caller's transaction; the identity counters are written last, so
    concurrent requests naming the same learners hold their rows only until the commit."""
    completed = completion_verbs()
    tracked = [(s, status) for s in statements if (status := _tracked(s, completed))]
    if not tracked and not voided:
        return 0
    organisation = platform.organisation
    changed = 0
    with transaction.atomic():
        if tracked:
            identities, counts = _identities(organisation, [s for s, _ in tracked])
            changed = _records(organisation, tracked, identities)
        if voided:
            # After the new records: the rebuild reads every statement that remains, these included.
            changed += records_after_voiding(organisation, set(voided), completed)
        if tracked:
            _count_statements(counts)
    return changed


def _records(
    organisation,
    tracked: list[tuple[dict, str]],
    persons: Mapping[str, int | None],
    only: set[tuple[int, str]] | None = None,
) -> int:
    """Write the records these statements give (``persons``: the person pk of each actor key,
    None when unmapped); with ``only``, just for those (person id, activity code) pairs."""
    from smarterstate.skills.services.training import training_records_store

    activities = activities_for(organisation.pk, {s["object"]["id"] for s, _ in tracked})
    if not activities:
        return 0
    found = []
    for statement, status in tracked:
        person = persons.get(ifi_key(statement["actor"]) or "")
        code = activities.get(statement["object"]["id"])
        if person is None or code is None:
            continue
        if only is not None and (person, code) not in only:
            continue
        found.append((statement, status, person, code))
    if not found:
        return 0
    people = dict(
        Person.objects.filter(pk__in={p for _, _, p, _ in found}).values_list("pk", "reference")
    )
    rows = []
    for statement, status, person, code in found:
        moment = formats.validated_timestamp(statement["timestamp"])
        rows.append({"person": people[person], "activity": code, "status": status,
                     "date": moment.date().isoformat(), "hours": _hours(statement) if status == "completed" else "",
                     "organisation": organisation.slug})  # fmt: skip
    if not rows:
        return 0
    report, importer = training_records_store(
        rows=rows, source="xAPI statements", origin=TrainingOrigin.STATEMENTS
    )
    from ..tasks import summaries_refresh_later

    summaries_refresh_later(
        organisation_ids=importer.touched_orgs, activity_ids=importer.touched_activities
    )
    return report.created + report.updated


@transaction.atomic
def identity_map(*, identity: LearnerIdentity, person: Person | None) -> int:
    """Map an actor to a person (or unmap it) and create the training records its stored
    statements give. Returns how many records changed."""
    identity.person = person
    identity.full_clean()
    identity.save()
    if person is None:
        return 0
    completed = completion_verbs()
    tracked = []
    statements = Statement.objects.filter(
        organisation_id=identity.organisation_id, actor_key=identity.actor_key, voided=False
    ).values_list("payload", flat=True)
    for payload in statements.iterator(chunk_size=2000):
        if status := _tracked(payload, completed):
            tracked.append((payload, status))
    return (
        _records(identity.organisation, tracked, {identity.actor_key: person.pk}) if tracked else 0
    )


def records_after_voiding(organisation, voided: set[str], completed: frozenset[str]) -> int:
    """Voiding retracts what a statement gave: the training records of the (person, activity)
    pairs these voided statements counted for are deleted, if only statements wrote them (never
    an import's record), and rebuilt from the statements of that person and activity that
    remain, in the order they were stored. Returns how many records were deleted or rebuilt."""
    from smarterstate.skills.services.training import training_records_withdraw

    from ..tasks import summaries_refresh_later
    from .terms import term

    verbs = completed | STARTED_VERBS
    stated = list(
        Statement.objects.filter(
            organisation=organisation, statement_id__in=list(voided), is_voiding=False,
            verb__in=verbs,
        ).exclude(object_id="").values_list("actor_key", "object_id")
    )  # fmt: skip
    if not stated:
        return 0
    people = dict(
        LearnerIdentity.objects.filter(
            organisation=organisation,
            key__in=[identity_key(k) for k, _ in stated],
            person__isnull=False,
        ).values_list("actor_key", "person_id")
    )
    codes = activities_for(organisation.pk, {iri for _, iri in stated})
    pairs = {(people[k], codes[iri]) for k, iri in stated if k in people and iri in codes}
    if not pairs:
        return 0
    activity_pks = dict(
        LearningActivity.objects.filter(code__in={c for _, c in pairs}).values_list("code", "pk")
    )
    withdrawn = training_records_withdraw(pairs={(p, activity_pks[c]) for p, c in pairs})
    if not withdrawn:
        return 0
    summaries_refresh_later(
        organisation_ids={o for o, _, _ in withdrawn}, activity_ids={a for _, _, a in withdrawn}
    )
    code_of = {pk: code for code, pk in activity_pks.items()}
    only = {(p, code_of[a]) for _, p, a in withdrawn}
    identities = dict(
        LearnerIdentity.objects.filter(
            organisation=organisation, person_id__in={p for p, _ in only}
        ).values_list("actor_key", "person_id")
    )
    iris = {c for _, c in only} | set(
        ActivityLink.objects.filter(
            organisation=organisation, activity_id__in={a for _, _, a in withdrawn}
        ).values_list("iri", flat=True)
    )
    # The learners' statements by the agent term index (no scan of the statements table).
    agent_terms = [term(organisation.pk, "a", key) for key in identities]
    remaining = Statement.objects.filter(
        organisation=organisation,
        pk__in=StatementTerm.objects.filter(term__in=agent_terms).values("statement_id"),
        actor_key__in=list(identities), object_id__in=list(iris), verb__in=verbs,
        voided=False, is_voiding=False,
    ).order_by("stored", "pk").values_list("payload", flat=True)  # fmt: skip
    tracked = [(p, status) for p in remaining if (status := _tracked(p, completed))]
    rebuilt = _records(organisation, tracked, identities, only=only) if tracked else 0
    return len(withdrawn) + rebuilt
