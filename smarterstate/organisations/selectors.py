"""Reads for organisations: trees and member lists, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from smarterstate.authz import readable_organisations

from .models import Membership, Organisation, Role


@dataclass
class TreeNode:
    organisation: Organisation
    depth: int


def organisation_tree(organisations: QuerySet[Organisation]) -> list[TreeNode]:
    """Depth-first list of the given organisations, children under their parents.

    An organisation whose parent is not in the set shows at the top level, so a
    member of an agency sees the agency without its department.
    """
    orgs = list(organisations.annotate(member_count=Count("memberships")).order_by("name"))
    ids = {org.pk for org in orgs}
    children: dict[int | None, list[Organisation]] = {}
    for org in orgs:
        parent = org.parent_id if org.parent_id in ids else None
        children.setdefault(parent, []).append(org)
    nodes: list[TreeNode] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for org in children.get(parent_id, []):
            nodes.append(TreeNode(org, depth))
            walk(org.pk, depth + 1)

    walk(None, 0)
    return nodes


def organisations_for_user(user, *, organisation_type: str = "") -> QuerySet[Organisation]:
    qs = readable_organisations(user).select_related("parent").distinct()
    if organisation_type:
        qs = qs.filter(organisation_type=organisation_type)
    return qs


def members_of(organisation: Organisation, *, role: str = "") -> QuerySet[Membership]:
    qs = organisation.memberships.select_related("user").order_by("user__username")
    if role:
        qs = qs.filter(role=role)
    return qs


def member_counts_by_role(organisation: Organisation) -> list[dict]:
    """Members per role, every role listed (zero included), in role order."""
    counts = dict(
        organisation.memberships.values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return [{"role": label, "members": counts.get(value, 0)} for value, label in Role.choices]
