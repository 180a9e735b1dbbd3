"""Learning activities, training records and campaigns."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from smarterstate.authz import Level, readable_organisations
from smarterstate.authz.api import ReadableModelSerializer
from smarterstate.core.api_schema import document_lookup

from .. import selectors
from ..models import (
    Campaign,
    LearningActivity,
    TrainingRecord,
)
from .common import OwnedByReadableOrNobody, _IndividualRecords, _visible


class SkillsActivitySerializer(ReadableModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The owning organisation's slug; null for a government-wide one.",
    )
    skills = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = LearningActivity
        fields = ["id", "code", "title", "kind", "hours", "organisation", "skills"]
        read_only_fields = fields


class SkillsTrainingRecordSerializer(ReadableModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    person = serializers.CharField(source="person.reference", read_only=True)
    activity = serializers.CharField(source="activity.code", read_only=True)

    class Meta:
        model = TrainingRecord
        fields = [
            "id",
            "organisation",
            "person",
            "activity",
            "status",
            "started_on",
            "completed_on",
            "hours",
        ]
        read_only_fields = fields


class SkillsCampaignSerializer(ReadableModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["id", "organisation", "name", "description", "cross_government", "grades", "professions",
                  "starts_on", "ends_on", "activities", "target_participation", "target_completion",
                  "refreshed_at", "figures"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_figures(self, obj) -> dict:
        """Totals over the organisations the user reads (all of them for central analysts)."""
        user = self.context["request"].user
        org_ids = (
            None
            if user.is_superuser
            else list(readable_organisations(user).values_list("pk", flat=True))
        )
        return selectors.campaign_totals(obj, org_ids)


@document_lookup("id", OpenApiTypes.INT, "The activity's id.")
class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """Learning activities (courses, events) and the skills completing them evidences."""

    serializer_class = SkillsActivitySerializer
    permission_classes = [OwnedByReadableOrNobody]
    authz_level = Level.READ
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return (
            LearningActivity.objects.filter(_visible(self.request.user))
            .select_related("organisation")
            .prefetch_related("skills")
            .order_by("pk")
        )


@document_lookup("id", OpenApiTypes.INT, "The training record's id.")
class TrainingRecordViewSet(_IndividualRecords, viewsets.ReadOnlyModelViewSet):
    """Training records of the organisations you edit."""

    serializer_class = SkillsTrainingRecordSerializer
    queryset = TrainingRecord.objects.select_related("organisation", "person", "activity").order_by(
        "pk"
    )


@document_lookup("id", OpenApiTypes.INT, "The campaign's id.")
class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """Campaigns of the organisations you read and cross-government ones, with participation totals
    for the organisations you read (aggregates only)."""

    serializer_class = SkillsCampaignSerializer
    permission_classes = [OwnedByReadableOrNobody]
    authz_level = Level.READ
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        user = self.request.user
        return (
            Campaign.objects.filter(
                Q(organisation__in=readable_organisations(user)) | Q(cross_government=True)
            )
            .select_related("organisation")
            .prefetch_related("activities")
            .order_by("pk")
        )
