"""Pieces the Skills API modules share: who sees government-wide and individual records."""

from __future__ import annotations

from django.db.models import Q

from smarterstate.authz import Level, readable_organisations, scope
from smarterstate.authz.api import IsAuthenticatedMember


class OwnedByReadableOrNobody(IsAuthenticatedMember):
    """Government-wide records (no organisation) are for everyone signed in; the querysets
    already leave out organisations the user cannot read."""

    def has_object_permission(self, request, view, obj) -> bool:
        return True


def _visible(user):
    return Q(organisation__isnull=True) | Q(organisation__in=readable_organisations(user))


class _IndividualRecords:
    """People data: only the organisation's editors and admins, never central analysts."""

    permission_classes = [IsAuthenticatedMember]
    authz_level = Level.WRITE
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return scope(super().get_queryset(), self.request.user, Level.WRITE)
