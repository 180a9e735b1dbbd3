"""Pieces the commercial API modules share: published data's permission, query validation."""

from __future__ import annotations

from smarterstate.authz.api import IsAuthenticatedMember

# The largest id the databases store (a signed 64-bit integer); larger filter values are refused.
MAX_ID = 2**63 - 1


class PublishedData(IsAuthenticatedMember):
    """OCDS data is public to everyone signed in: no per-record organisation check.

    Used only on read-only viewsets whose querysets do any scoping themselves.
    """

    def has_object_permission(self, request, view, obj) -> bool:
        return True


def _valid(serializer_class, request) -> dict:
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data
