"""Indicator values A1–A6 and L1–L7 per buyer (public) or organisation (if you can read it)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from smarterstate.authz import Level, platform_admin, readable_organisations
from smarterstate.authz.api import ReadableModelSerializer, SignedIn
from smarterstate.core.api import MAX_ID, valid_query
from smarterstate.core.api_schema import document_lookup

from .. import selectors
from ..models import (
    IndicatorValue,
    PeriodKind,
)


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

    permission_classes = [SignedIn]
    authz_level = Level.READ
    serializer_class = IndicatorValueSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        user = self.request.user
        values = selectors.visible_indicator_values(
            None if platform_admin(user) else readable_organisations(user)
        )
        if self.action != "list":
            return values
        data = valid_query(IndicatorFilterSerializer, self.request)
        return selectors.filter_indicator_values(
            values,
            code=data.get("code", ""),
            buyer=data.get("buyer"),
            organisation=data.get("organisation", ""),
            period_kind=data.get("period_kind", ""),
        )
