"""Phase gate reviews, with their conditions and Service Standard points."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check
from smarterstate.authz.api import OrganisationScopedMixin, ReadableRelatedField
from smarterstate.core.api_schema import document_lookup

from ..models import Decision, GateReview, Initiative
from ..services import gates
from .common import InlineChoiceField, InlineChoicesSerializer, ListFilteredById


class ConditionSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    owner = serializers.CharField(max_length=200)
    due_date = serializers.DateField()
    met = serializers.BooleanField(read_only=True)


class PointSerializer(serializers.Serializer):
    point = serializers.IntegerField(min_value=1, max_value=14)
    met = serializers.BooleanField()
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _messages(detail, prefix: str = "") -> list[str]:
    """Nested errors (one per condition or point) as flat messages naming the item."""
    if isinstance(detail, dict):
        return [m for key, value in detail.items() for m in _messages(value, f"{prefix}{key}: ")]
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [f"{prefix}{item}" for item in detail]
        return [
            m
            for index, item in enumerate(detail, start=1)
            if item
            for m in _messages(item, f"{prefix}item {index}: ")
        ]
    return [f"{prefix}{detail}"]


class GateReviewSerializer(InlineChoicesSerializer):
    initiative = ReadableRelatedField(queryset=Initiative.objects.all())
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    decision = InlineChoiceField(choices=Decision.choices)
    review_date = serializers.DateField(required=False)
    conditions = ConditionSerializer(many=True, required=False)
    points = PointSerializer(many=True, required=False, help_text="Service Standard assessment.")

    class Meta:
        model = GateReview
        fields = [
            "id",
            "initiative",
            "organisation",
            "from_phase",
            "to_phase",
            "review_date",
            "panel",
            "decision",
            "notes",
            "conditions",
            "points",
            "created_at",
        ]
        read_only_fields = ["id", "organisation", "from_phase", "created_at"]
        extra_kwargs = {"notes": {"max_length": 10_000}}

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict):
                detail = {
                    key: _messages(value) if key in ("conditions", "points") else value
                    for key, value in detail.items()
                }
            raise serializers.ValidationError(detail) from exc


@document_lookup("id", OpenApiTypes.INT, "The gate review's id.")
class GateReviewViewSet(
    ListFilteredById,
    OrganisationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Phase gate reviews. A go (with or without conditions) moves the initiative to ``to_phase``;
    it needs a measurable outcome, and for services the 14 Service Standard points."""

    queryset = (
        GateReview.objects.select_related("organisation")
        .prefetch_related("conditions", "points")
        .order_by("-review_date", "-id")
    )
    serializer_class = GateReviewSerializer
    lookup_value_regex = "[^/]+"
    list_filter = "initiative"

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        initiative = data.pop("initiative")
        check(self.request.user, Level.WRITE, initiative.organisation)
        serializer.instance = gates.gate_review_create(
            initiative=initiative,
            user=self.request.user,
            conditions=[dict(c) for c in data.pop("conditions", [])],
            points=[dict(p) for p in data.pop("points", [])],
            **data,
        )
