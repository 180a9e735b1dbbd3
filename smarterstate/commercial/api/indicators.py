"""Indicator values A1–A6 and L1–L7 per buyer (public) or organisation (if you can read it)."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from smarterstate.authz import Level, readable_organisations
from smarterstate.authz.api import ReadableModelSerializer
from smarterstate.core.api_schema import document_lookup

from ..models import (
    IndicatorValue,
    PeriodKind,
    ScopeKind,
)
from .common import MAX_ID, PublishedData, _valid


class IndicatorValueSerializer(ReadableModelSerializer):
    buyer = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "code",
            "scope_kind",
            "buyer",
            "organisation",
            "period_kind",
            "period_label",
            "period_start",
            "period_end",
            "value",
            "detail",
            "covered",
            "total",
            "computed_at",
        ]
        read_only_fields = fields


class IndicatorFilterSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^[AL][1-7]$", required=False, help_text="A1–A6 or L1–L7.")
    buyer = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="The buyer's id."
    )
    organisation = serializers.RegexField(
        r"^[-a-zA-Z0-9_]+$", required=False, max_length=120, help_text="An organisation's slug."
    )
    period_kind = serializers.ChoiceField(required=False, choices=PeriodKind.values)


@document_lookup("id", OpenApiTypes.INT, "The indicator value's id.")
@extend_schema_view(list=extend_schema(parameters=[IndicatorFilterSerializer]))
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicator values A1–A6 and L1–L7 per buyer (public) or organisation (if you can read it)."""

    permission_classes = [PublishedData]
    authz_level = Level.READ
    serializer_class = IndicatorValueSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        values = IndicatorValue.objects.select_related("organisation").order_by(
            "code", "period_kind", "-period_start", "id"
        )
        if not self.request.user.is_superuser:
            values = values.filter(
                Q(scope_kind=ScopeKind.BUYER)
                | Q(organisation__in=readable_organisations(self.request.user))
            )
        if self.action != "list":
            return values
        data = _valid(IndicatorFilterSerializer, self.request)
        if data.get("code"):
            values = values.filter(code=data["code"])
        if "buyer" in data:
            values = values.filter(buyer_id=data["buyer"])
        if data.get("organisation"):
            values = values.filter(organisation__slug=data["organisation"])
        if data.get("period_kind"):
            values = values.filter(period_kind=data["period_kind"])
        return values
