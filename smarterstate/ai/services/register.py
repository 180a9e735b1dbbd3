"""Writes for the AI use-case register and its third parties.

The rule enforced here (so the pages and the API agree): a use case whose DPIA
screening says a DPIA is required or likely required cannot be in production
without a completed DPIA (a reference and a completion date).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Phase, ThirdParty, UseCase
from .assessments import dpia_status

USE_CASE_FIELDS = (
    "name",
    "purpose",
    "user_need",
    "owner",
    "senior_responsible_owner",
    "phase",
    "kind",
    "models_used",
    "data_used",
    "personal_data",
    "special_category_data",
    "human_review",
    "decisions_influenced",
    "people_affected",
    "risk_level",
    "dpia_reference",
    "dpia_completed_on",
    "initiative",
)


def check_production_dpia(use_case: UseCase) -> None:
    """Refuse production without a completed DPIA when the screening asks for one."""
    if use_case.phase != Phase.PRODUCTION or use_case.pk is None:
        return
    status = dpia_status(use_case)
    if not status.needed or use_case.has_completed_dpia:
        return
    missing = []
    if not use_case.dpia_reference.strip():
        missing.append("DPIA reference")
    if use_case.dpia_completed_on is None:
        missing.append("DPIA completed on")
    reason = (
        f"The DPIA screening says a DPIA is {status.label.lower()} ({'; '.join(status.triggers)})."
    )
    raise ValidationError(
        {
            "phase": [
                f"{reason} Record the completed DPIA before moving to production. "
                f"Missing: {', '.join(missing)}."
            ],
            **{
                name: ["Needed before production."]
                for name, label in (
                    ("dpia_reference", "DPIA reference"),
                    ("dpia_completed_on", "DPIA completed on"),
                )
                if label in missing
            },
        }
    )


def _check_fields(data: dict) -> None:
    unknown = set(data) - set(USE_CASE_FIELDS) - {"systems"}
    if unknown:
        raise TypeError(f"unknown use case fields: {sorted(unknown)}")


def _check_links(use_case: UseCase, systems) -> None:
    """The initiative and the systems must be the use case's organisation's own."""
    errors = {}
    initiative = use_case.initiative
    if initiative is not None and initiative.organisation_id != use_case.organisation_id:
        errors["initiative"] = ["Choose one of your organisation's initiatives."]
    if systems is not None:
        others = [
            str(system.pk)
            for system in systems
            if system.organisation_id != use_case.organisation_id
        ]
        if others:
            # Ids only: the names of another organisation's records must not leak.
            errors["systems"] = [
                f"Systems {', '.join(others)} are not your organisation's. "
                "Choose your organisation's systems."
            ]
    if errors:
        raise ValidationError(errors)


def _save(use_case: UseCase, reason: str, systems=None) -> UseCase:
    use_case.full_clean()
    _check_links(use_case, systems)
    check_production_dpia(use_case)
    use_case._change_reason = reason
    use_case.save()
    if systems is not None:
        use_case.systems.set(systems)
    return use_case


@transaction.atomic
def use_case_create(*, organisation, user, systems=None, **data) -> UseCase:
    _check_fields(data)
    use_case = UseCase(organisation=organisation, **data)
    return _save(use_case, "Use case registered", systems)


@transaction.atomic
def use_case_update(*, use_case: UseCase, user, systems=None, **data) -> UseCase:
    _check_fields(data)
    for name, value in data.items():
        setattr(use_case, name, value)
    return _save(use_case, "Use case changed", systems)


@transaction.atomic
def use_case_delete(*, use_case: UseCase, user) -> None:
    use_case.delete()


@transaction.atomic
def third_party_add(
    *,
    use_case: UseCase,
    user,
    name: str = "",
    role: str = "",
    companies_house_number: str = "",
    party=None,
    contract=None,
) -> ThirdParty:
    """Add a third party; a linked contract must be one of the use case's organisation's."""
    errors = {}
    if contract is not None and contract.process.organisation_id != use_case.organisation_id:
        errors["contract"] = ["Choose one of your organisation's contracts."]
    if errors:
        raise ValidationError(errors)
    if not name.strip():
        name = party.name if party is not None else ""
    third_party = ThirdParty(
        use_case=use_case,
        name=name.strip(),
        role=role,
        companies_house_number=companies_house_number.strip(),
        party=party,
        contract=contract,
    )
    third_party.full_clean()
    third_party.save()
    return third_party


@transaction.atomic
def third_party_remove(*, third_party: ThirdParty, user) -> None:
    third_party.delete()
