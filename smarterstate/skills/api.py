"""API for the Skills and learning pillar under /api/v1/skills/.

``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py registers them.

Frameworks, skills, role levels and learning activities: government-wide ones for everyone
signed in, an organisation's own for those who read it. People, assessments and training
records are individual records: only the organisation's editors and admins (WRITE) see them.
Gap cells and campaign figures are aggregates, for anyone who reads the organisation.
"""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check, readable_organisations, scope
from smarterstate.authz.api import (
    IsAuthenticatedMember,
    ReadableModelSerializer,
    ReadableRelatedField,
)
from smarterstate.core.api_schema import document_lookup

from . import selectors
from .models import (
    Assessment,
    Campaign,
    Framework,
    FrameworkVersion,
    GapCell,
    LearningActivity,
    Person,
    RoleLevel,
    RoleLevelSkill,
    Skill,
    TrainingRecord,
)
from .services.gaps import gaps_refresh
from .services.people import assessment_record


class OwnedByReadableOrNobody(IsAuthenticatedMember):
    """Government-wide records (no organisation) are for everyone signed in; the querysets
    already leave out organisations the user cannot read."""

    def has_object_permission(self, request, view, obj) -> bool:
        return True


def _visible(user):
    return Q(organisation__isnull=True) | Q(organisation__in=readable_organisations(user))


# -- serializers ------------------------------------------------------------------------------


class SkillsFrameworkVersionSerializer(ReadableModelSerializer):
    class Meta:
        model = FrameworkVersion
        fields = ["number", "imported_at", "counts", "changes"]
        read_only_fields = fields


class SkillsFrameworkSerializer(ReadableModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The owning organisation's slug; null for a government-wide one.",
    )
    latest_version = serializers.SerializerMethodField()

    class Meta:
        model = Framework
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "organisation",
            "applies_to_all_staff",
            "latest_version",
        ]
        read_only_fields = fields

    @extend_schema_field(SkillsFrameworkVersionSerializer(allow_null=True))
    def get_latest_version(self, obj) -> dict | None:
        version = obj.versions.order_by("-number").first()
        return SkillsFrameworkVersionSerializer(version).data if version else None


class SkillsSkillSerializer(ReadableModelSerializer):
    baseline_level = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="1 awareness … 4 expert"
    )

    class Meta:
        model = Skill
        fields = ["id", "framework", "name", "description", "awareness", "working", "practitioner",
                  "expert", "baseline_level", "active"]  # fmt: skip
        read_only_fields = fields


class SkillsRequirementSerializer(ReadableModelSerializer):
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    level = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="1 awareness … 4 expert"
    )

    class Meta:
        model = RoleLevelSkill
        fields = ["skill", "skill_name", "level"]
        read_only_fields = fields


class SkillsRoleLevelSerializer(ReadableModelSerializer):
    role = serializers.CharField(source="role.name", read_only=True)
    family = serializers.CharField(source="role.family.name", read_only=True)
    framework = serializers.IntegerField(source="role.family.framework_id", read_only=True)
    requirements = SkillsRequirementSerializer(source="skills", many=True, read_only=True)

    class Meta:
        model = RoleLevel
        fields = ["id", "framework", "family", "role", "name", "description", "seniority", "in_use",
                  "active", "requirements"]  # fmt: skip
        read_only_fields = fields


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
            "met",
            "gap",
        ]
        read_only_fields = fields


# -- viewsets -----------------------------------------------------------------------------------


@document_lookup("id", OpenApiTypes.INT, "The framework's id.")
class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Capability frameworks: the government-wide DDaT framework and organisations' own, with the
    latest version's counts and changes."""

    serializer_class = SkillsFrameworkSerializer
    permission_classes = [OwnedByReadableOrNobody]
    authz_level = Level.READ
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return (
            Framework.objects.filter(_visible(self.request.user))
            .select_related("organisation")
            .order_by("pk")
        )


@document_lookup("id", OpenApiTypes.INT, "The skill's id.")
class SkillViewSet(viewsets.ReadOnlyModelViewSet):
    """Skills with their four level descriptions. ``?framework=<id>`` filters."""

    serializer_class = SkillsSkillSerializer
    permission_classes = [OwnedByReadableOrNobody]
    authz_level = Level.READ
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        frameworks = Framework.objects.filter(_visible(self.request.user))
        skills = Skill.objects.filter(framework__in=frameworks).order_by("pk")
        framework = self.request.query_params.get("framework", "")
        if framework.isdigit() and len(framework) < 12:
            skills = skills.filter(framework_id=int(framework))
        return skills


@document_lookup("id", OpenApiTypes.INT, "The role level's id.")
class RoleLevelViewSet(viewsets.ReadOnlyModelViewSet):
    """Role levels with the skills (and levels) they require."""

    serializer_class = SkillsRoleLevelSerializer
    permission_classes = [OwnedByReadableOrNobody]
    authz_level = Level.READ
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        frameworks = Framework.objects.filter(_visible(self.request.user))
        return (
            RoleLevel.objects.filter(role__family__framework__in=frameworks)
            .select_related("role__family")
            .prefetch_related("skills__skill")
            .order_by("pk")
        )


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


class _IndividualRecords:
    """People data: only the organisation's editors and admins, never central analysts."""

    permission_classes = [IsAuthenticatedMember]
    authz_level = Level.WRITE
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return scope(super().get_queryset(), self.request.user, Level.WRITE)


@document_lookup("id", OpenApiTypes.INT, "The person's id.")
class PersonViewSet(_IndividualRecords, viewsets.ReadOnlyModelViewSet):
    """People (pseudonymous staff references) of the organisations you edit."""

    serializer_class = SkillsPersonSerializer
    queryset = Person.objects.select_related("organisation").order_by("pk")


@document_lookup("id", OpenApiTypes.INT, "The training record's id.")
class TrainingRecordViewSet(_IndividualRecords, viewsets.ReadOnlyModelViewSet):
    """Training records of the organisations you edit."""

    serializer_class = SkillsTrainingRecordSerializer
    queryset = TrainingRecord.objects.select_related("organisation", "person", "activity").order_by(
        "pk"
    )


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


ROUTES: list[tuple[str, type, str]] = [
    ("skills/frameworks", FrameworkViewSet, "skills-framework"),
    ("skills/skills", SkillViewSet, "skills-skill"),
    ("skills/role-levels", RoleLevelViewSet, "skills-role-level"),
    ("skills/activities", ActivityViewSet, "skills-activity"),
    ("skills/people", PersonViewSet, "skills-person"),
    ("skills/assessments", AssessmentViewSet, "skills-assessment"),
    ("skills/training-records", TrainingRecordViewSet, "skills-training-record"),
    ("skills/campaigns", CampaignViewSet, "skills-campaign"),
    ("skills/gaps", GapViewSet, "skills-gap"),
]
