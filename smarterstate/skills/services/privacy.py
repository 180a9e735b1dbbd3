"""UK GDPR for people records: erasure (Article 17) and the subject access export (Article 15).

People are pseudonymous (a staff reference, no names or contacts), but a reference is still
personal data: the organisation's HR system maps it to someone. Erasure therefore removes
everything that identifies or describes the person, and keeps what the figures are made of as
an anonymous row (docs/privacy.md says what stays and why):

* the person's row: the reference becomes a random ``erased-…`` token, team, location and line
  manager are cleared (team is the smallest group figures break down by), ``erased`` is set;
  grade, profession, role level and current/left stay, so gap and campaign figures keep their
  counts after every refresh;
* assessments: evidence text and assessor cleared; skill, kind, level and date stay (gap figures);
* training records: activity, status and dates stay (campaign figures), now on the anonymous row;
* other people naming them as line manager: that reference is cleared;
* history rows of the person and their assessments are purged (all of them: they hold the old
  values), and other people's history rows naming them as line manager are cleared;
* import reports (jobs) quoting the reference have it replaced;
* other apps erase what they hold about the person (the Learning Record Store: statements,
  documents, learner identities), declared in their ``AppConfig.person_erasers``;
* an audit entry (organisations.AuditEntry) records who erased, when, and the anonymous token,
  with counts: nothing of the erased data.

Other apps add to the export and the erasure by declaring, in their AppConfig,
``person_erasers`` (dotted paths of ``f(*, person) -> report``, a dataclass or dict of counts)
and ``person_exporters`` (name → dotted path of ``f(*, person) -> JSON-ready data``). They are
collected here, so this pillar names no app that depends on it (the LRS imports skills).
"""

from __future__ import annotations

import dataclasses
import json
import re
import secrets
from functools import cache
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.module_loading import import_string

from smarterstate.jobs.models import Job
from smarterstate.organisations.models import AuditEntry
from smarterstate.organisations.services import audit_record

from ..models import Assessment, Campaign, Person, TrainingRecord
from .refresh import skills_refresh

ERASED_ACTION = "skills.person.erased"
EXPORTED_ACTION = "skills.person.exported"
ERASED_TEXT = "[erased]"


@cache
def _declared(attribute: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for config in apps.get_app_configs():
        declared = getattr(config, attribute, {})
        found |= {f"{config.label}.{name}": dotted for name, dotted in declared.items()}
    return found


def _counts(report: Any) -> dict:
    if dataclasses.is_dataclass(report) and not isinstance(report, type):
        return dataclasses.asdict(report)
    return dict(report or {})


def _scrub(value: Any, needle: re.Pattern) -> Any:
    if isinstance(value, str):
        return needle.sub(ERASED_TEXT, value)
    if isinstance(value, dict):
        return {_scrub(k, needle): _scrub(v, needle) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, needle) for v in value]
    return value


def _scrub_job_reports(organisation, reference: str) -> int:
    """Import reports quote rejected values ("unknown person 'P123'"): replace the reference."""
    scrubbed = 0
    jobs = Job.objects.filter(organisation=organisation).annotate(
        report_text=Cast("report", TextField()), arguments_text=Cast("arguments", TextField())
    )
    # The reference as a whole token: "P1" must not take the "P1" out of "P10" or "line P12".
    needle = re.compile(rf"(?<![\w-]){re.escape(reference)}(?![\w-])")
    for job in jobs.filter(report_text__contains=reference) | jobs.filter(
        arguments_text__contains=reference
    ):
        job.report = _scrub(job.report, needle)
        job.arguments = _scrub(job.arguments, needle)
        job.save(update_fields=["report", "arguments"])
        scrubbed += 1
    return scrubbed


def _purge_history(person: Person, reference: str) -> int:
    purged = Person.history.filter(id=person.pk).delete()[0]
    purged += Assessment.history.filter(person_id=person.pk).delete()[0]
    # Other people's versions naming them as line manager: those rows belong to someone else.
    Person.history.filter(
        organisation_id=person.organisation_id, line_manager_reference=reference
    ).update(line_manager_reference="")
    return purged


@transaction.atomic
def person_erase(*, person: Person, by) -> AuditEntry:
    """Erase a person (see the module docstring); returns the audit entry (its ``subject`` is the
    anonymous token the person's row now carries)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased:
        raise ValueError("This person has already been erased.")
    organisation, reference = person.organisation, person.reference
    counts: dict[str, Any] = {}
    for name, dotted in _declared("person_erasers").items():
        counts[name] = _counts(import_string(dotted)(person=person))
    token = f"erased-{secrets.token_hex(8)}"
    # Updates, not saves: a save would write a history row, and history is what is purged.
    Person.objects.filter(pk=person.pk).update(
        reference=token, team="", location="", line_manager_reference="", erased=True,
        updated_at=timezone.now(),
    )  # fmt: skip
    counts["assessments"] = Assessment.objects.filter(person=person).update(
        evidence="", assessor=None
    )
    counts["training_records"] = TrainingRecord.objects.filter(person=person).count()
    counts["line_managed"] = Person.objects.filter(
        organisation=organisation, line_manager_reference=reference
    ).update(line_manager_reference="")
    counts["history_rows"] = _purge_history(person, reference)
    counts["job_reports"] = _scrub_job_reports(organisation, reference)
    # The team moved to none: recompute the breakdowns (totals stay as they were).
    # Only this organisation's rows: its gaps, and its rows of the campaigns targeting it.
    skills_refresh(organisations=[organisation.pk])
    return audit_record(
        organisation=organisation, actor=by, action=ERASED_ACTION, subject=token, details=counts
    )


def _values(row) -> dict:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


def _rows(queryset) -> list[dict]:
    return [_values(row) for row in queryset]


def person_subject_access(*, person: Person) -> dict:
    """Everything held about the person, as JSON-ready data (Article 15)."""
    data: dict[str, Any] = {
        "generated_at": timezone.now(),
        "organisation": {"slug": person.organisation.slug, "name": person.organisation.name},
        "person": _values(person),
        "role_level": str(person.role_level) if person.role_level else None,
        "assessments": [
            {
                "skill": a.skill.name,
                "kind": a.kind,
                "level": a.level,
                "assessed_on": a.assessed_on,
                "evidence": a.evidence,
                "assessor": a.assessor.get_username() if a.assessor else None,
            }
            for a in person.assessments.select_related("skill", "assessor").order_by("pk")
        ],
        "training_records": [
            {
                "activity_code": t.activity.code,
                "activity": t.activity.title,
                "status": t.status,
                "started_on": t.started_on,
                "completed_on": t.completed_on,
                "hours": t.hours,
            }
            for t in person.training_records.select_related("activity").order_by("pk")
        ],
        "campaigns": _campaigns(person),
        "line_manager_of": list(
            Person.objects.filter(
                organisation_id=person.organisation_id, line_manager_reference=person.reference
            ).values_list("reference", flat=True)
        ),
        "history": {
            "person": _rows(Person.history.filter(id=person.pk).order_by("history_date")),
            "assessments": _rows(
                Assessment.history.filter(person_id=person.pk).order_by("history_date")
            ),
        },
    }
    for name, dotted in _declared("person_exporters").items():
        data[name] = import_string(dotted)(person=person)
    # One JSON round trip through Django's encoder: dates, decimals and UUIDs as strings.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _campaigns(person: Person) -> list[dict]:
    """Campaigns whose activities the person has a training record of, in the campaign's dates."""
    found = []
    campaigns = Campaign.objects.filter(activities__training_records__person=person).distinct()
    for campaign in campaigns.order_by("pk"):
        records = person.training_records.filter(
            activity__in=campaign.activities.all(),
            started_on__gte=campaign.starts_on,
            started_on__lte=campaign.ends_on,
        )
        if records.exists():
            found.append({
                "campaign": campaign.name, "starts_on": campaign.starts_on,
                "ends_on": campaign.ends_on,
                "completed": records.filter(status="completed").exists(),
            })  # fmt: skip
    return found


def person_export_record(*, person: Person, by) -> dict:
    """The subject access export, with an audit entry saying who took it."""
    data = person_subject_access(person=person)
    audit_record(
        organisation=person.organisation, actor=by, action=EXPORTED_ACTION,
        subject=f"person:{person.pk}", details={"sections": sorted(data)},
    )  # fmt: skip
    return data
