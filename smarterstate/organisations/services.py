"""Writes for organisations and memberships. Views, API and imports all call these."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from .models import AuditEntry, Membership, Organisation, Role


@transaction.atomic
def organisation_create(
    *, name: str, slug: str, organisation_type: str, parent: Organisation | None = None
) -> Organisation:
    organisation = Organisation(
        name=name, slug=slug, organisation_type=organisation_type, parent=parent
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, **fields) -> Organisation:
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_delete(*, organisation: Organisation) -> None:
    """Delete an organisation and what it owns; refused while organisations sit under it."""
    try:
        organisation.delete()
    except ProtectedError as exc:
        children = ", ".join(sorted(str(obj) for obj in exc.protected_objects)[:5])
        raise ValidationError(
            f"{organisation.name} has organisations under it ({children}); "
            "move or delete them first."
        ) from exc


def _admins_left(organisation: Organisation, *, excluding: Membership) -> int:
    return organisation.memberships.filter(role=Role.ADMIN).exclude(pk=excluding.pk).count()


@transaction.atomic
def membership_create(*, organisation: Organisation, user, role: str) -> Membership:
    membership = Membership(organisation=organisation, user=user, role=role)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, role: str) -> Membership:
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        if _admins_left(membership.organisation, excluding=membership) == 0:
            raise ValidationError({"role": "An organisation must keep at least one admin."})
    membership.role = role
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_delete(*, membership: Membership) -> None:
    if (
        membership.role == Role.ADMIN
        and _admins_left(membership.organisation, excluding=membership) == 0
    ):
        raise ValidationError("An organisation must keep at least one admin.")
    membership.delete()


def audit_record(
    *, organisation: Organisation, actor, action: str, subject: str, details: dict | None = None
) -> AuditEntry:
    """Record an administrative act: who did what to which (opaque) subject, with counts only.

    Not atomic on its own: called inside the service whose act it records, so both commit or
    neither does."""
    entry = AuditEntry(
        organisation=organisation, actor=actor, actor_name=getattr(actor, "username", "") or "",
        action=action, subject=subject, details=details or {},
    )  # fmt: skip
    entry.full_clean()
    entry.save()
    return entry
