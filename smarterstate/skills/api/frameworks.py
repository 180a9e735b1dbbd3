"""Capability frameworks, their skills and role levels."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from smarterstate.authz import Level
from smarterstate.authz.api import ReadableModelSerializer
from smarterstate.core.api_schema import document_lookup

from ..models import (
    Framework,
    FrameworkVersion,
    RoleLevel,
    RoleLevelSkill,
    Skill,
)
from .common import OwnedByReadableOrNobody, _visible


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
