"""Reading statements: one statement by id, or a page of a filtered query.

A filtered query walks the term index (see terms.py) for one filter, newest (or oldest) first,
and checks the other filters by primary-key lookups of the same index, so a page costs about
``limit`` index probes whatever the number of stored statements. Paging continues from the last
(stored, id) returned; the ``more`` link carries that position, signed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import orjson
from django.core import signing
from django.db import connection

from ..models import Attachment, Statement, StatementTerm
from ..xapi.errors import Invalid
from . import terms as term_index

MORE_SALT = "learningrecords.more"
MORE_MAX_AGE = 48 * 3600  # the specification asks for at least 24 hours
MAX_LIMIT = 500


@dataclass
class Query:
    organisation_id: int
    agent: str | None = None  # ifi key
    verb: str | None = None
    activity: str | None = None
    registration: str | None = None
    related_activities: bool = False
    related_agents: bool = False
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    limit: int = 0
    ascending: bool = False
    after: tuple[str, int] | None = None  # (stored ISO text, statement pk) of the last row returned
    platform_id: int | None = None  # the statement viewer's filter (not an xAPI parameter)
    fmt: str = "exact"  # carried by the more link with the filters
    attachments: bool = False

    def terms(self) -> list:
        org = self.organisation_id
        result = []
        if self.agent:
            result.append(term_index.term(org, "A" if self.related_agents else "a", self.agent))
        if self.registration:
            result.append(term_index.term(org, "r", self.registration.lower()))
        if self.activity:
            result.append(
                term_index.term(org, "C" if self.related_activities else "c", self.activity)
            )
        if self.verb:
            result.append(term_index.term(org, "v", self.verb))
        return result

    @property
    def page_size(self) -> int:
        return MAX_LIMIT if self.limit in (0, None) else min(self.limit, MAX_LIMIT)

    def more_token(self, last_stored: dt.datetime, last_pk: int) -> str:
        state = {k: v for k, v in self.__dict__.items() if k not in ("after", "since", "until")}
        state["since"] = self.since.isoformat() if self.since else None
        state["until"] = self.until.isoformat() if self.until else None
        state["after"] = [last_stored.isoformat(), last_pk]
        return signing.dumps(state, salt=MORE_SALT, compress=True)

    @classmethod
    def from_more(cls, token: str, organisation_id: int) -> Query:
        try:
            state = signing.loads(token, salt=MORE_SALT, max_age=MORE_MAX_AGE)
        except signing.BadSignature:
            raise Invalid(
                "more", "the more link is not valid (or is older than 48 hours)"
            ) from None
        if state.get("organisation_id") != organisation_id:
            raise Invalid("more", "the more link belongs to another organisation")
        for key in ("since", "until"):
            if state[key]:
                state[key] = dt.datetime.fromisoformat(state[key])
        state["after"] = (dt.datetime.fromisoformat(state["after"][0]), state["after"][1])
        return cls(**state)


def statement_get(*, organisation_id: int, statement_id: str, voided: bool) -> dict | None:
    row = (
        Statement.objects.filter(
            organisation_id=organisation_id, statement_id=statement_id, voided=voided
        )
        .values_list("payload", flat=True)
        .first()
    )
    return row


def _param(value):
    """Raw SQL parameters as each backend stores them (Django's ORM does this for its queries)."""
    if connection.vendor == "postgresql":
        return value
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _vendor_sql(query: Query) -> tuple[str, list]:
    terms = query.terms()
    order = "ASC" if query.ascending else "DESC"
    compare = ">" if query.ascending else "<"
    st, tt = Statement._meta.db_table, StatementTerm._meta.db_table
    params: list = []
    if terms:
        sql = (
            f"SELECT s.id, s.stored, s.payload FROM {tt} t JOIN {st} s ON s.id = t.statement_id "  # noqa: S608 - our tables
            "WHERE t.term = %s AND NOT s.voided"
        )
        params.append(_param(terms[0]))
        alias = "t"
        for extra in terms[1:]:
            sql += (
                f" AND EXISTS (SELECT 1 FROM {tt} x WHERE x.term = %s AND x.stored = t.stored "  # noqa: S608
                "AND x.statement_id = t.statement_id)"
            )
            params.append(_param(extra))
    else:
        sql = f"SELECT s.id, s.stored, s.payload FROM {st} s WHERE s.organisation_id = %s AND NOT s.voided"  # noqa: S608
        params.append(query.organisation_id)
        alias = "s"
    key_column = "t.statement_id" if alias == "t" else "s.id"
    if query.platform_id:
        sql += " AND s.platform_id = %s"
        params.append(query.platform_id)
    if query.since:
        sql += f" AND {alias}.stored > %s"
        params.append(_param(query.since))
    if query.until:
        sql += f" AND {alias}.stored <= %s"
        params.append(_param(query.until))
    if query.after:
        sql += f" AND ({alias}.stored {compare} %s OR ({alias}.stored = %s AND {key_column} {compare} %s))"
        params += [_param(query.after[0]), _param(query.after[0]), query.after[1]]
    sql += f" ORDER BY {alias}.stored {order}, {key_column} {order} LIMIT %s"
    params.append(query.page_size + 1)
    return sql, params


def statements_page(query: Query) -> tuple[list[dict], str | None]:
    """A page of statements (payloads) and the ``more`` token, or None at the end."""
    sql, params = _vendor_sql(query)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    more = None
    if len(rows) > query.page_size:
        rows = rows[: query.page_size]
        last_pk, last_stored, _ = rows[-1]
        if isinstance(last_stored, str):  # SQLite returns text
            last_stored = dt.datetime.fromisoformat(last_stored).replace(tzinfo=dt.UTC)
        more = query.more_token(last_stored, last_pk)
    # Both backends hand raw JSON(B) columns back as text (Django loads jsonb as text on psycopg).
    payloads = [orjson.loads(payload) if isinstance(payload, (str, bytes)) else payload
                for _, _, payload in rows]  # fmt: skip
    return payloads, more


def attachments_for(organisation_id: int, statements: list[dict]) -> list[tuple[str, str, bytes]]:
    wanted = []
    for statement in statements:
        for attachment in statement.get("attachments", ()):
            if attachment["sha2"].lower() not in wanted:
                wanted.append(attachment["sha2"].lower())
        target = statement["object"]
        for attachment in (
            target.get("attachments", ()) if target.get("objectType") == "SubStatement" else ()
        ):
            if attachment["sha2"].lower() not in wanted:
                wanted.append(attachment["sha2"].lower())
    if not wanted:
        return []
    found = {
        sha2: (content_type, bytes(content))
        for sha2, content_type, content in Attachment.objects.filter(
            organisation_id=organisation_id, sha2__in=wanted
        ).values_list("sha2", "content_type", "content")
    }
    return [(sha2, *found[sha2]) for sha2 in wanted if sha2 in found]
