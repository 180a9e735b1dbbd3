"""People and their skill assessments (individual records: editors and admins only)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check
from smarterstate.authz.api import ReadableModelSerializer, ReadableRelatedField
from smarterstate.core.api_schema import document_lookup

from ..models import (
    Assessment,
    Person,
    Skill,
)
from ..services.gaps import gaps_refresh
from ..services.people import assessment_record
from .common import _IndividualRecords


class SkillsPersonSerializer(ReadableModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "organisation", "reference", "grade", "profession", "team",
                  "line_manager_reference", "role_level", "location", "active", "left_at"]  # fmt: skip
        read_only_fields = fields


class SkillsAssessmentSerializer(ReadableModelSerializer):
    person = ReadableRelatedField(queryset=Person.objects.all())
    skill = ReadableRelatedField(queryset=Skill.objects.filter(active=True))
    level = serializers.IntegerField(
        min_value=1, max_value=4, help_text="1 awareness, 2 working, 3 practitioner, 4 expert"
    )

    class Meta:
        model = Assessment
        fields = ["id", "person", "skill", "kind", "level", "assessed_on", "evidence"]
        read_only_fields = ["id"]
        validators = []  # one per person, skill and kind: a new one replaces the old (history keeps it)


@document_lookup("id", OpenApiTypes.INT, "The person's id.")
class PersonViewSet(_IndividualRecords, viewsets.ReadOnlyModelViewSet):
    """People (pseudonymous staff references) of the organisations you edit."""

    serializer_class = SkillsPersonSerializer
    queryset = Person.objects.select_related("organisation").order_by("pk")


@document_lookup("id", OpenApiTypes.INT, "The assessment's id.")
class AssessmentViewSet(
    _IndividualRecords,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Self and line-manager assessments. Posting one for a person, skill and kind replaces the
    previous (its history is kept)."""

    serializer_class = SkillsAssessmentSerializer
    queryset = Assessment.objects.select_related("person").order_by("pk")
    write_level = Level.WRITE

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        person = data.pop("person")
        check(self.request.user, Level.WRITE, person.organisation)
        skill = data["skill"]
        if skill.framework.organisation_id not in (None, person.organisation_id):
            raise serializers.ValidationError(
                {"skill": ["This skill is not in the person's frameworks."]}
            )
        serializer.instance = assessment_record(person=person, assessor=self.request.user, **data)
        gaps_refresh(organisation=person.organisation)
