"""Components of systems, matched to the catalogue when written."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from smarterstate.authz import Level, can
from smarterstate.authz.api import ReadableModelSerializer
from smarterstate.core.api import MAX_ID
from smarterstate.core.api_schema import document_lookup

from ..models import (
    Component,
    System,
)
from ..services.register import (
    COMPONENT_FIELDS,
    component_create,
    component_delete,
    component_update,
)
from .common import OrganisationFilterSerializer, _Writable


class ComponentSerializer(ReadableModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    system = serializers.IntegerField(
        source="system_id",
        min_value=1,
        max_value=MAX_ID,
        help_text="The system's id (you need write access to its organisation). Fixed once created.",
    )
    product = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    cycle = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Component
        fields = [
            "id",
            "organisation",
            "system",
            *COMPONENT_FIELDS,
            "product",
            "cycle",
            "match_note",
            "match_kind",
            "source",
        ]
        read_only_fields = [
            "id",
            "organisation",
            "product",
            "cycle",
            "match_note",
            "match_kind",
            "source",
        ]


class ComponentFilterSerializer(OrganisationFilterSerializer):
    system = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    matched = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Matched to a release cycle."
    )


@document_lookup("id", OpenApiTypes.INT, "The component's id.")
@extend_schema_view(list=extend_schema(parameters=[ComponentFilterSerializer]))
class ComponentViewSet(_Writable):
    """Components of systems, with the catalogue product and release cycle they match
    (matched when written). Editors of the system's organisation write them."""

    queryset = Component.objects.select_related("organisation", "product").order_by(
        "system_id", "name", "id"
    )
    serializer_class = ComponentSerializer
    filter_serializer = ComponentFilterSerializer

    def filtered(self, queryset, data):
        if data.get("system"):
            queryset = queryset.filter(system_id=data["system"])
        if data.get("matched") is not None:
            queryset = queryset.filter(cycle__isnull=not data["matched"])
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        system = System.objects.filter(pk=data.pop("system_id")).select_related("organisation")
        system = system.first()
        if system is None or not can(self.request.user, Level.READ, system.organisation):
            raise serializers.ValidationError({"system": ["There is no such system you can see."]})
        self.check_create(system.organisation)
        serializer.instance = component_create(system=system, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        system_id = data.pop("system_id", None)
        if system_id is not None and system_id != serializer.instance.system_id:
            raise serializers.ValidationError({"system": ["A component stays with its system."]})
        serializer.instance = component_update(component=serializer.instance, **data)

    def perform_destroy(self, instance):
        component_delete(component=instance)
