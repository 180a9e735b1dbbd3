"""People and their skill assessments (individual records: editors and admins only)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from smarterstate.authz import Level, check, scope
from smarterstate.authz.api import ReadableModelSerializer, ReadableRelatedField
from smarterstate.core.api_schema import document_lookup

from ..models import (
    Assessment,
    Person,
    Skill,
)
from ..services.gaps import gaps_refresh
from ..services.people import assessment_record
from ..services.privacy import person_erase, person_export_record
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


class PersonErasureSerializer(serializers.Serializer):
    """The audit entry of an erasure: nothing of the erased data."""

    reference = serializers.CharField(
        source="subject", help_text="The anonymous reference the person's record now carries."
    )
    erased_at = serializers.DateTimeField(source="at")
    erased_by = serializers.CharField(source="actor_name")
    counts = serializers.JSONField(source="details", help_text="What was removed, by kind.")


@document_lookup("id", OpenApiTypes.INT, "The person's id.")
@extend_schema_view(
    destroy=extend_schema(
        summary="Erase a person (UK GDPR Article 17; organisation admins only)",
        responses={200: PersonErasureSerializer},
    )
)
class PersonViewSet(_IndividualRecords, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """People (pseudonymous staff references) of the organisations you edit.

    DELETE erases the person (admins only): see docs/privacy.md for what is removed and what
    stays as an anonymous record so that figures keep their counts."""

    serializer_class = SkillsPersonSerializer
    queryset = Person.objects.select_related("organisation").order_by("pk")
    write_level = Level.ADMIN

    def destroy(self, request, *args, **kwargs):
        person = self.get_object()
        if person.erased:
            raise serializers.ValidationError({"id": ["This person has already been erased."]})
        entry = self.perform_destroy(person)
        return Response(PersonErasureSerializer(entry).data, status=status.HTTP_200_OK)

    def perform_destroy(self, instance):
        return person_erase(person=instance, by=self.request.user)


@document_lookup("id", OpenApiTypes.INT, "The person's id.")
@extend_schema_view(
    retrieve=extend_schema(
        summary="Everything held about a person (UK GDPR Article 15; organisation admins only)",
        responses={200: OpenApiTypes.OBJECT},
    )
)
class SubjectAccessViewSet(_IndividualRecords, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The subject access export of one person, as JSON: their record, assessments, training
    records, campaigns, learning records (xAPI) and history. Each export is in the audit log."""

    queryset = Person.objects.select_related("organisation", "role_level").order_by("pk")
    authz_level = Level.ADMIN
    write_level = Level.ADMIN
    serializer_class = SkillsPersonSerializer  # for the schema's path only; see retrieve

    def get_queryset(self):
        return scope(Person.objects.select_related("organisation"), self.request.user, Level.ADMIN)

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        if person.erased:
            raise Http404
        return Response(person_export_record(person=person, by=request.user))


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
