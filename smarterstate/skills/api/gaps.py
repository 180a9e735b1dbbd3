"""Gap analysis cells: aggregates for the organisations you read."""

from __future__ import annotations

from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, scope
from smarterstate.authz.api import IsAuthenticatedMember, ReadableModelSerializer

from ..models import (
    GapCell,
)


class SkillsGapCellSerializer(ReadableModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)

    class Meta:
        model = GapCell
        fields = [
            "organisation",
            "team",
            "profession",
            "grade",
            "skill",
            "skill_name",
            "required",
            "assessed",
            "met",
            "gap",
        ]
        read_only_fields = fields


class GapViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Gap analysis cells (organisation × team × profession × grade × skill): aggregates for the
    organisations you read. ``?organisation=<slug>`` filters."""

    serializer_class = SkillsGapCellSerializer
    permission_classes = [IsAuthenticatedMember]
    authz_level = Level.READ

    def get_queryset(self):
        cells = scope(
            GapCell.objects.select_related("organisation", "skill"), self.request.user, Level.READ
        )
        if slug := self.request.query_params.get("organisation"):
            cells = cells.filter(organisation__slug=slug.replace("\x00", ""))
        return cells.order_by("pk")
