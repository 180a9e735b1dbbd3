"""Pieces the Skills API modules share: who sees government-wide and individual records."""

from __future__ import annotations

from smarterstate.authz import Level, scope
from smarterstate.authz.api import IsAuthenticatedMember


class _IndividualRecords:
    """People data: only the organisation's editors and admins, never central analysts."""

    permission_classes = [IsAuthenticatedMember]
    authz_level = Level.WRITE
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return scope(super().get_queryset(), self.request.user, Level.WRITE)
