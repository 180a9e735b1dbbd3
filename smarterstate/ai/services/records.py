"""Writes for ATRS transparency records: prefill, edit, publish, withdraw.

Publishing copies the working content to ``published_content``; the public page
and public exports read only that copy, so later edits stay private until the
record is published again. Publishing is a sign-off: organisation admins only,
and refused (missing fields listed by tier) while required fields are empty.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from smarterstate.authz import Level, can

from .. import atrs
from ..models import (
    AssessmentStatus,
    Phase,
    RecordStatus,
    TransparencyRecord,
    UseCase,
)
from ..selectors import dpia_status

MAX_VALUE_LENGTH = 20_000


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def prefill(use_case: UseCase) -> dict[str, str]:
    """ATRS values drawn from the register and the assessments; people edit them after."""
    org = use_case.organisation
    third_parties = list(use_case.third_parties.select_related("contract__process"))
    assessments = list(
        use_case.assessments.select_related("checklist").order_by("checklist__framework", "-pk")
    )
    models = [line.strip() for line in use_case.models_used.splitlines() if line.strip()]
    systems = list(use_case.systems.order_by("name")) if use_case.pk else []
    sensitive = []
    if use_case.personal_data:
        sensitive.append("Personal data")
    if use_case.special_category_data:
        sensitive.append("Special category data")
    impact = []
    for assessment in assessments:
        state = assessment.get_status_display().lower()
        if assessment.status == AssessmentStatus.APPROVED:
            state += f" on {assessment.signed_off_at:%d %B %Y}"
        impact.append(f"{assessment.checklist}: {state}.")
    dpia = dpia_status(use_case)
    if use_case.has_completed_dpia:
        impact.append(
            f"Data protection impact assessment {use_case.dpia_reference}, "
            f"completed {use_case.dpia_completed_on:%d %B %Y}."
        )
    elif dpia.screened:
        impact.append(f"DPIA screening: {dpia.label.lower()}.")
    values = {
        "title": use_case.name,
        "organisation_name": org.name,
        "phase": use_case.phase,
        "one_sentence_description": _first_sentence(use_case.purpose),
        "name": use_case.name,
        "description": use_case.purpose,
        "organisation_or_department": org.name,
        "team": use_case.owner,
        "senior_responsible_owner": use_case.senior_responsible_owner,
        "external_supplier_involvement": "Yes" if third_parties else "No",
        "external_supplier": "; ".join(tp.name for tp in third_parties),
        "companies_house_number": "; ".join(
            tp.companies_house_number for tp in third_parties if tp.companies_house_number
        ),
        "external_supplier_role": "; ".join(
            f"{tp.name}: {tp.role}" for tp in third_parties if tp.role
        ),
        "procurement_procedure_type": "; ".join(
            tp.contract.process.procurement_method_details or tp.contract.process.procurement_method
            for tp in third_parties
            if tp.contract_id
            and (
                tp.contract.process.procurement_method_details
                or tp.contract.process.procurement_method
            )
        ),
        "benefit": use_case.user_need,
        "system_architecture": (
            "Runs on: " + ", ".join(system.name for system in systems) + "." if systems else ""
        ),
        "process_integration": use_case.decisions_influenced,
        "human_decisions_and_review": use_case.human_review,
        "models": "; ".join(models),
        "model_name": models[0] if models else "",
        "source_data_name": use_case.data_used,
        "data_description": use_case.data_used,
        "sensitive_attributes": ", ".join(sensitive) or "None",
        "operational_sensitive_attributes": ", ".join(sensitive) or "None",
        "impact_assessment": " ".join(impact),
        "risks_and_mitigations": (
            f"Risk level recorded in the register: {use_case.get_risk_level_display().lower()}."
        ),
    }
    return {key: value for key, value in values.items() if value}


def _check_admin(record: TransparencyRecord, user) -> None:
    if not can(user, Level.ADMIN, record.organisation):
        raise PermissionDenied("Only the organisation's admins publish transparency records.")


@transaction.atomic
def record_create(
    *, use_case: UseCase, user, tier: int = 2, pretrained: bool = False
) -> TransparencyRecord:
    if TransparencyRecord.objects.filter(use_case=use_case).exists():
        raise ValidationError("This use case already has a transparency record.")
    record = TransparencyRecord(
        organisation=use_case.organisation,
        use_case=use_case,
        tier=tier,
        pretrained=pretrained,
        content=prefill(use_case),
    )
    record.full_clean()
    record._change_reason = "Record drafted from the register"
    record.save()
    return record


def clean_content(content: dict) -> dict[str, str]:
    """Only the fields people fill, as trimmed text; unknown attributes are refused."""
    asked = {f.attribute for f in atrs.fields() if f.asked}
    unknown = sorted(set(content) - asked)
    if unknown:
        raise ValidationError({"content": [f"Not ATRS fields you can fill: {', '.join(unknown)}."]})
    cleaned = {}
    for key, value in content.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValidationError({"content": [f"{key}: give text."]})
        if "\x00" in value:
            raise ValidationError({"content": [f"{key}: null characters are not allowed."]})
        if len(value) > MAX_VALUE_LENGTH:
            raise ValidationError({"content": [f"{key}: at most {MAX_VALUE_LENGTH} characters."]})
        if value.strip():
            cleaned[key] = value.strip()
    phase = cleaned.get("phase")
    if phase and phase not in dict(atrs.PHASES):
        raise ValidationError(
            {"content": [f"phase: choose one of {', '.join(dict(atrs.PHASES))}."]}
        )
    region = cleaned.get("region")
    if region and region not in dict(atrs.REGIONS):
        raise ValidationError(
            {"content": [f"region: choose one of {', '.join(dict(atrs.REGIONS))}."]}
        )
    return cleaned


@transaction.atomic
def record_update(
    *,
    record: TransparencyRecord,
    user,
    content: dict | None = None,
    tier: int | None = None,
    pretrained: bool | None = None,
    internal_notes: str | None = None,
) -> TransparencyRecord:
    if content is not None:
        record.content = clean_content(content)
    if tier is not None:
        record.tier = tier
    if pretrained is not None:
        record.pretrained = pretrained
    if internal_notes is not None:
        record.internal_notes = internal_notes
    record.full_clean()
    record._change_reason = "Record changed"
    record.save()
    return record


def missing_message(missing: dict[str, list[str]]) -> list[str]:
    return [f"{tier}: {', '.join(names)}" for tier, names in sorted(missing.items())]


@transaction.atomic
def record_publish(*, record: TransparencyRecord, user) -> TransparencyRecord:
    _check_admin(record, user)
    missing = record.missing
    if missing:
        raise ValidationError(
            ["Fill the required fields before publishing."] + missing_message(missing),
            code="missing_required",
        )
    record.status = RecordStatus.PUBLISHED
    record.published_content = dict(record.content)
    record.published_at = timezone.now()
    record.published_by = user
    record._change_reason = "Published"
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def record_withdraw(*, record: TransparencyRecord, user) -> TransparencyRecord:
    _check_admin(record, user)
    record.status = RecordStatus.DRAFT
    record.published_content = None
    record._change_reason = "Withdrawn from publication"
    record.save()
    return record


def export_values(record: TransparencyRecord, *, published: bool) -> dict:
    """The ATRS JSON of a record: the published copy (public) or the working copy."""
    content = dict(record.published_content or {}) if published else dict(record.content)
    org = record.organisation
    content |= {
        "id": record.pk,
        "standard_version": atrs.STANDARD_VERSION,
        "organisation_type": org.get_organisation_type_display(),
        "date_of_completion": record.published_at.date().isoformat() if record.published_at else "",
        "date_updated": (record.published_at if published else record.updated_at).date().isoformat()
        if (record.published_at if published else record.updated_at)
        else "",
        "date_archived": "",
    }
    if content.get("phase") == Phase.RETIRED and record.published_at:
        content["date_archived"] = record.published_at.date().isoformat()
    return atrs.as_export(content)
