"""Runs of the OCDS import with their reports."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from rest_framework import viewsets

from smarterstate.authz import Level
from smarterstate.authz.api import ReadableModelSerializer, SignedIn
from smarterstate.core.api_schema import document_lookup

from ..models import (
    OCDSImport,
)


class OCDSImportSerializer(ReadableModelSerializer):
    class Meta:
        model = OCDSImport
        fields = [
            "id",
            "status",
            "started_at",
            "finished_at",
            "files",
            "releases_read",
            "releases_new",
            "releases_unchanged",
            "releases_replaced",
            "releases_rejected",
            "ocids_compiled",
            "releases_without_id",
            "warnings",
            "rejects",
            "replaced",
            "seconds",
            "error",
        ]
        read_only_fields = fields


@document_lookup("id", OpenApiTypes.INT, "The import's id.")
class ImportViewSet(viewsets.ReadOnlyModelViewSet):
    """Runs of the OCDS import with their reports."""

    permission_classes = [SignedIn]
    authz_level = Level.AUTHENTICATED
    serializer_class = OCDSImportSerializer
    queryset = OCDSImport.objects.order_by("-started_at", "-id")
    lookup_value_regex = "[^/]+"
