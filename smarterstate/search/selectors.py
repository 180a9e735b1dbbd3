"""One search over the kinds of record in ``sources.SOURCES``, within one organisation.

PostgreSQL: full-text search (``SearchVector`` over the source's fields, a ``websearch`` query, ranked by
``SearchRank``) or'd with a case-insensitive substring match on the title field, so a partial word, a
reference ("P-0042") or an OCID still matches. The vector is computed per query, not stored: every source is
first narrowed to one organisation by an indexed foreign key, and at the largest demo estate that takes
milliseconds (docs/performance.md). SQLite has no full-text search in Django, so every word must appear
(case-insensitively) in one of the same fields; results are then ordered by title.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Q, QuerySet

from smarterstate.organisations.models import Organisation

from .sources import SOURCES, Source

PER_KIND = 10
MAX_QUERY = 200


@dataclass
class Hit:
    title: str
    url: str
    summary: str


@dataclass
class Group:
    key: str
    label: str
    total: int
    hits: list[Hit] = field(default_factory=list)


def _words(query: str) -> list[str]:
    return [word for word in query.split() if word][:10]


def _matching(source: Source, records: QuerySet, query: str) -> QuerySet:
    title = source.fields[0]
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*source.fields, config="english")
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            records.annotate(search_vector=vector, search_rank=SearchRank(vector, search))
            .filter(Q(search_vector=search) | Q(**{f"{title}__icontains": query}))
            .order_by("-search_rank", title, "pk")
        )
    each_word = [
        reduce(or_, (Q(**{f"{name}__icontains": word}) for name in source.fields))
        for word in _words(query)
    ]
    return records.filter(reduce(and_, each_word)).order_by(title, "pk")


def search(
    *, user, organisation: Organisation, query: str, per_kind: int = PER_KIND
) -> list[Group]:
    """Each kind the user may see with its matches (only kinds with any), in ``SOURCES`` order."""
    query = query.strip()[:MAX_QUERY]
    if not _words(query):
        return []
    groups = []
    for source in SOURCES:
        if not source.allowed(user, organisation):
            continue
        matches = _matching(source, source.records(organisation), query)
        total = matches.count()
        if not total:
            continue
        hits = [
            Hit(
                title=str(getattr(obj, source.fields[0]) or obj),
                url=source.url(obj, organisation),
                summary=source.summary(obj),
            )
            for obj in matches[:per_kind]
        ]
        groups.append(Group(key=source.key, label=source.label, total=total, hits=hits))
    return groups
