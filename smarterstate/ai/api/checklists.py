"""Checklist versions: reference data every signed-in user reads."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from rest_framework import viewsets

from smarterstate.authz import Level
from smarterstate.authz.api import IsAuthenticatedMember, ReadableModelSerializer
from smarterstate.core.api_schema import document_lookup

from ..models import (
    Checklist,
    ChecklistItem,
    Framework,
)
from .common import inline_choices


class AIChecklistItemSerializer(ReadableModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "key", "position", "group", "text"]


class AIChecklistSerializer(ReadableModelSerializer):
    items = AIChecklistItemSerializer(many=True, read_only=True)
    framework = inline_choices(Framework.choices, read_only=True)

    class Meta:
        model = Checklist
        fields = ["id", "framework", "version", "source", "loaded_at", "items"]


class ReferenceData(IsAuthenticatedMember):
    """Checklists are platform-wide reference data: everyone signed in reads them (read-only)."""

    def has_object_permission(self, request, view, obj) -> bool:
        return True


@document_lookup("id", OpenApiTypes.INT, "The checklist's id.")
class ChecklistViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklist versions (reference data: every signed-in user reads them)."""

    queryset = Checklist.objects.prefetch_related("items").order_by("framework", "version", "id")
    serializer_class = AIChecklistSerializer
    permission_classes = [ReferenceData]
    authz_level = Level.AUTHENTICATED
    lookup_value_regex = "[^/]+"
