"""What the search box looks in: one ``Source`` per kind of record, each scoped to one organisation.

The search app reads the pillars (as capacity does) and no pillar imports it, so core stays free of pillar
imports and the pillars need no search code of their own. docs/architecture.md says why this beats a
provider registered by each pillar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from smarterstate.authz import Level, can
from smarterstate.organisations.models import Organisation


@dataclass(frozen=True)
class Source:
    key: str
    label: str  # plural, as the results heading
    fields: tuple[str, ...]  # searched; the first is the result's title
    records: Callable[[Organisation], QuerySet]
    url: Callable[[Any, Organisation], str]
    summary: Callable[[Any], str]
    level: Level = Level.READ  # who may find this kind: the level its own pages need
    noun: str = ""  # in running text, when not the label in lower case

    @property
    def phrase(self) -> str:
        return self.noun or self.label.lower()

    def allowed(self, user, org: Organisation) -> bool:
        return can(user, self.level, org)


def _initiatives(org):
    from smarterstate.outcomes.models import Initiative

    return Initiative.objects.filter(organisation=org)


def _systems(org):
    from smarterstate.lifecycle.models import System

    return System.objects.filter(organisation=org)


def _components(org):
    from smarterstate.lifecycle.models import Component

    return Component.objects.filter(organisation=org).select_related("system")


def _suppliers(org):
    """Suppliers awarded in the organisation's own procurement processes."""
    from smarterstate.commercial.models import AwardSupplier, Party

    awarded = AwardSupplier.objects.filter(award__process__organisation=org).values("party_id")
    return Party.objects.filter(pk__in=awarded)


def _processes(org):
    from smarterstate.commercial.models import Process

    return Process.objects.filter(organisation=org)


def _use_cases(org):
    from smarterstate.ai.models import UseCase

    return UseCase.objects.filter(organisation=org)


def _people(org):
    from smarterstate.skills.models import Person

    return Person.objects.filter(organisation=org, active=True)


def _org_url(name: str, kwarg: str) -> Callable[[Any, Organisation], str]:
    return lambda obj, org: reverse(name, kwargs={"org_slug": org.slug, kwarg: obj.pk})


SOURCES: tuple[Source, ...] = (
    Source(
        "initiatives",
        "Initiatives",
        ("name", "description", "team", "senior_responsible_owner"),
        _initiatives,
        _org_url("outcomes:initiative", "outcomes_initiative_pk"),
        lambda obj: f"{obj.get_kind_display()}, {obj.get_phase_display().lower()}",
    ),
    Source(
        "systems",
        "Systems",
        ("name", "description", "owner"),
        _systems,
        _org_url("lifecycle:system", "lifecycle_system_pk"),
        lambda obj: f"{obj.get_criticality_display()} criticality",
    ),
    Source(
        "components",
        "Components",
        ("name", "purl", "where_used"),
        _components,
        # Components have no page of their own: the system that holds them lists them.
        lambda obj, org: reverse(
            "lifecycle:system", kwargs={"org_slug": org.slug, "lifecycle_system_pk": obj.system_id}
        ),
        lambda obj: f"Version {obj.version or 'not known'} in {obj.system.name}",
    ),
    Source(
        "suppliers",
        "Suppliers",
        ("name", "identifier"),
        _suppliers,
        lambda obj, org: reverse("commercial:supplier", kwargs={"party_pk": obj.pk}),
        lambda obj: obj.identifier or "No identifier published",
    ),
    Source(
        "processes",
        "Procurement processes",
        ("title", "ocid"),
        _processes,
        lambda obj, org: reverse("commercial:process", kwargs={"ocid": obj.ocid}),
        lambda obj: obj.ocid,
    ),
    Source(
        "use_cases",
        "AI use cases",
        ("name", "purpose", "owner"),
        _use_cases,
        _org_url("ai:use-case", "use_case_pk"),
        lambda obj: obj.get_phase_display(),
        noun="AI use cases",
    ),
    Source(
        "people",
        "People",
        ("reference", "team", "profession"),
        _people,
        _org_url("skills:person", "person_pk"),
        lambda obj: ", ".join(part for part in (obj.profession, obj.team) if part) or "",
        # The people pages are for editors and admins (skills.views.people).
        level=Level.WRITE,
    ),
)
