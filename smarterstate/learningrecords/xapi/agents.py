"""Agents, groups and activities as the keys a statement is found by.

``ifi_key`` names an agent or identified group by its inverse functional identifier, so two
agents compare equal exactly when the specification says they do (same IFI, same value).
``statement_terms`` lists what a statement can be queried by (GET /statements filters):

* ``a``: agents that are the actor or object (with members of those groups), and ``A``: those
  plus authority, instructor, team, context agents/groups and the same inside a SubStatement
  (``related_agents=true``);
* ``c``: the object activity, and ``C``: that plus every context activity, also inside a
  SubStatement (``related_activities=true``);
* ``v``: the verb; ``r``: the registration.
"""

from __future__ import annotations

import orjson


def ifi_key(agent: dict) -> str | None:
    if "mbox" in agent:
        return f"mbox:{agent['mbox']}"
    if "mbox_sha1sum" in agent:
        return f"sha1:{agent['mbox_sha1sum'].lower()}"
    if "openid" in agent:
        return f"openid:{agent['openid']}"
    if "account" in agent:
        account = agent["account"]
        return "account:" + orjson.dumps([account["homePage"], account["name"]]).decode()
    return None


def _agent_keys(agent: dict, into: set[str]) -> None:
    if key := ifi_key(agent):
        into.add(key)
    for member in agent.get("member", ()):
        if key := ifi_key(member):
            into.add(key)


def _activities(context: dict, into: set[str]) -> None:
    for value in context.get("contextActivities", {}).values():
        for activity in value if isinstance(value, list) else [value]:
            into.add(activity["id"])


def _related_agents(statement: dict, into: set[str]) -> None:
    _agent_keys(statement["actor"], into)
    target = statement["object"]
    if target.get("objectType") in ("Agent", "Group"):
        _agent_keys(target, into)
    if "authority" in statement:
        _agent_keys(statement["authority"], into)
    context = statement.get("context", {})
    for name in ("instructor", "team"):
        if name in context:
            _agent_keys(context[name], into)
    for item in context.get("contextAgents", ()):
        _agent_keys(item["agent"], into)
    for item in context.get("contextGroups", ()):
        _agent_keys(item["group"], into)


def statement_terms(statement: dict) -> set[tuple[str, str]]:
    """(kind, value) pairs for one validated statement (as stored, with its authority)."""
    direct_agents: set[str] = set()
    _agent_keys(statement["actor"], direct_agents)
    target = statement["object"]
    kind = target.get("objectType", "Activity")
    if kind in ("Agent", "Group"):
        _agent_keys(target, direct_agents)
    related_agents = set(direct_agents)
    _related_agents(statement, related_agents)
    direct_activities: set[str] = set()
    if kind == "Activity":
        direct_activities.add(target["id"])
    related_activities = set(direct_activities)
    _activities(statement.get("context", {}), related_activities)
    if kind == "SubStatement":
        _related_agents(target, related_agents)
        inner = target["object"]
        if inner.get("objectType", "Activity") == "Activity":
            related_activities.add(inner["id"])
        _activities(target.get("context", {}), related_activities)
    terms = {("v", statement["verb"]["id"])}
    terms.update(("a", key) for key in direct_agents)
    terms.update(("A", key) for key in related_agents)
    terms.update(("c", iri) for iri in direct_activities)
    terms.update(("C", iri) for iri in related_activities)
    if registration := statement.get("context", {}).get("registration"):
        terms.add(("r", registration.lower()))
    return terms
