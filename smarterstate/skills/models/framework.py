"""Capability frameworks: frameworks and their versions, role families, roles and levels, skills
and the levels each role level requires."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class SkillLevel(models.IntegerChoices):
    AWARENESS = 1, "Awareness"
    WORKING = 2, "Working"
    PRACTITIONER = 3, "Practitioner"
    EXPERT = 4, "Expert"


class Framework(models.Model):
    """A capability framework. No organisation: government-wide (the DDaT framework);
    with one: that organisation's own, e.g. data literacy and AI awareness for all staff."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="skill_frameworks",
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    applies_to_all_staff = models.BooleanField(
        default=False,
        help_text="Everyone in the organisation needs each skill at its baseline level.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    # No organisation: government-wide, read by everyone signed in (smarterstate.authz).
    authz_shared = True

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="skills_framework_unique_slug_per_org"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(organisation__isnull=True),
                name="skills_framework_unique_global_slug",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    """One import of a framework that changed it: counts and what changed since the last."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    sources = models.JSONField(default=list)
    counts = models.JSONField(default=dict)
    changes = models.JSONField(default=dict)
    imported_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    authz_organisation_field = "framework__organisation"
    authz_shared = True

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="skills_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework} v{self.number}"


class RoleFamily(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="families")
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "role families"
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="skills_family_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    family = models.ForeignKey(RoleFamily, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    role_type = models.CharField(max_length=100, blank=True)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["family", "name"], name="skills_role_unique")
        ]

    def __str__(self) -> str:
        return self.name


class RoleLevel(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    seniority = models.PositiveSmallIntegerField(
        default=0, help_text="Order within the role, derived from the level's name."
    )
    in_use = models.BooleanField(
        default=True, help_text="False where the framework marks the level NOT IN USE."
    )
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "seniority", "name"]
        constraints = [
            models.UniqueConstraint(fields=["role", "name"], name="skills_role_level_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A skill with descriptions at the four levels. Other pillars link to it (``skills.Skill``)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    awareness = models.TextField("awareness description", blank=True)
    working = models.TextField("working description", blank=True)
    practitioner = models.TextField("practitioner description", blank=True)
    expert = models.TextField("expert description", blank=True)
    baseline_level = models.PositiveSmallIntegerField(
        choices=SkillLevel.choices,
        null=True,
        blank=True,
        help_text="For frameworks that apply to all staff: the level everyone needs.",
    )
    active = models.BooleanField(default=True)

    history = HistoricalRecords()
    # Owned through its framework (smarterstate.authz follows the path).
    authz_organisation_field = "framework__organisation"
    authz_shared = True

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="skills_skill_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def level_description(self, level: int | None) -> str:
        field = {1: "awareness", 2: "working", 3: "practitioner", 4: "expert"}.get(level or 0)
        return getattr(self, field) if field else ""


class RoleLevelSkill(models.Model):
    """A skill a role level requires, at a level (none where the framework says NOT IN USE)."""

    role_level = models.ForeignKey(RoleLevel, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="role_levels")
    level = models.PositiveSmallIntegerField(choices=SkillLevel.choices, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["role_level", "skill"], name="skills_requirement_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_level}: {self.skill} ({self.get_level_display() or 'not set'})"
