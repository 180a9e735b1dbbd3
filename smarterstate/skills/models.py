"""Skills and learning: capability frameworks, the workforce, assessments, learning and campaigns.

Sizes drive the design: ~540,000 people and millions of training records across
government. People and training records are upserted in batches; gap analysis
and campaign figures are pre-aggregated (``GapCell``, ``CampaignStat``,
``CampaignDay``) and refreshed after imports, so dashboards read small tables.
"""

from __future__ import annotations

from django.conf import settings
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


class PersonQuerySet(models.QuerySet):
    def current(self):
        return self.filter(active=True)


class Person(models.Model):
    """A member of staff, by pseudonymous reference. Minimal personal data: no names or contacts."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="people"
    )
    reference = models.CharField(max_length=64)
    grade = models.CharField(max_length=50, blank=True)
    profession = models.CharField(max_length=100, blank=True)
    team = models.CharField(max_length=200, blank=True)
    line_manager_reference = models.CharField(max_length=64, blank=True)
    role_level = models.ForeignKey(
        RoleLevel, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    location = models.CharField(max_length=100, blank=True)
    active = models.BooleanField(default=True, help_text="False once a re-import leaves them out.")
    left_at = models.DateTimeField(null=True, blank=True)
    # Erased (UK GDPR Art. 17): an anonymous row kept only so figures keep their counts.
    erased = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "reference"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="skills_person_unique_reference"
            )
        ]
        indexes = [models.Index(fields=["organisation", "active", "team"])]

    def __str__(self) -> str:
        return self.reference


class AssessmentKind(models.TextChoices):
    SELF = "self", "Self assessment"
    MANAGER = "manager", "Line manager assessment"


class Assessment(models.Model):
    """A person's level in a skill, by themselves or their line manager (the latest of each kind)."""

    authz_organisation_field = "person__organisation"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    level = models.PositiveSmallIntegerField(choices=SkillLevel.choices)
    assessed_on = models.DateField()
    evidence = models.TextField(blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "skill__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "skill", "kind"], name="skills_assessment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.skill}: {self.get_level_display()} ({self.kind})"


class ActivityKind(models.TextChoices):
    COURSE = "course", "Course"
    ELEARNING = "elearning", "E-learning"
    EVENT = "event", "Event"


class LearningActivity(models.Model):
    """A course or event. No organisation: offered across government (e.g. One Big Thing)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="learning_activities",
    )
    code = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(
        max_length=20, choices=ActivityKind.choices, default=ActivityKind.COURSE
    )
    hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    skills = models.ManyToManyField(Skill, through="ActivitySkill", related_name="activities")

    history = HistoricalRecords()
    authz_shared = True

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "learning activities"

    def __str__(self) -> str:
        return self.title


class ActivitySkill(models.Model):
    """Completing the activity counts as evidence of the skill at this level."""

    authz_organisation_field = "activity__organisation"

    activity = models.ForeignKey(LearningActivity, on_delete=models.CASCADE)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE)
    level = models.PositiveSmallIntegerField(
        choices=SkillLevel.choices, default=SkillLevel.AWARENESS
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "skill"], name="skills_activity_skill_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} → {self.skill}"


class TrainingStatus(models.TextChoices):
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"


class TrainingOrigin(models.TextChoices):
    IMPORT = "import", "A file import"  # or both: an import's record is never retracted
    STATEMENTS = "statements", "xAPI statements only"  # rebuilt when a statement is voided


class TrainingRecord(models.Model):
    """A person's record of one activity. Millions of rows: written by batched upserts, so
    without per-row history (the import reports and the person's own history cover it)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )  # the person's, copied so scoping and aggregates need no join
    # No single-column indexes on person and activity: the unique (person, activity) and the
    # (activity, organisation, started_on) indexes already lead with them, and every index
    # costs time on each of the millions of inserted rows.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="training_records", db_index=False
    )
    activity = models.ForeignKey(
        LearningActivity, on_delete=models.CASCADE, related_name="training_records", db_index=False
    )
    status = models.CharField(max_length=10, choices=TrainingStatus.choices)
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    origin = models.CharField(max_length=10, choices=TrainingOrigin.choices,
                              default=TrainingOrigin.IMPORT, db_default=TrainingOrigin.IMPORT)  # fmt: skip

    class Meta:
        ordering = ["person", "activity"]
        constraints = [
            models.UniqueConstraint(fields=["person", "activity"], name="skills_training_unique")
        ]
        indexes = [models.Index(fields=["activity", "organisation", "started_on"])]

    def __str__(self) -> str:
        return f"{self.person} {self.activity}: {self.status}"


class Campaign(models.Model):
    """A learning campaign, e.g. One Big Thing 2023. Cross-government ones target every organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="skill_campaigns"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    cross_government = models.BooleanField(
        default=False, help_text="Targets people in every organisation, not only the owner's."
    )
    grades = models.CharField(
        max_length=300, blank=True, help_text="Comma-separated grades; empty for every grade."
    )
    professions = models.CharField(
        max_length=300, blank=True, help_text="Comma-separated professions; empty for all."
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    activities = models.ManyToManyField(LearningActivity, related_name="campaigns", blank=True)
    target_participation = models.PositiveSmallIntegerField(
        default=0, help_text="Target share of the population taking part, in per cent."
    )
    target_completion = models.PositiveSmallIntegerField(
        default=0, help_text="Target share completing, in per cent."
    )
    refreshed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start."})

    @staticmethod
    def split(value: str) -> list[str]:
        return [part.strip() for part in value.split(",") if part.strip()]


class StatSource(models.TextChoices):
    RECORDS = "records", "Training records"
    DECLARED = "declared", "Declared totals"


class CampaignStat(models.Model):
    """Pre-aggregated participation of a campaign per organisation and breakdown value.

    ``declared`` rows hold totals an organisation reported without per-person records
    (the demo uses them for organisations it does not simulate person by person)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stats")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    dimension = models.CharField(max_length=20)  # organisation, grade, profession, team
    value = models.CharField(max_length=200, blank=True)
    population = models.PositiveIntegerField(default=0)
    started = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=10, choices=StatSource.choices, default=StatSource.RECORDS)

    class Meta:
        ordering = ["campaign", "organisation", "dimension", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation", "dimension", "value"],
                name="skills_campaign_stat_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.dimension}={self.value}"


class CampaignDay(models.Model):
    """People starting and completing a campaign for the first time on a day, per organisation."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="days")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField()
    started = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=10, choices=StatSource.choices, default=StatSource.RECORDS)

    class Meta:
        ordering = ["campaign", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation", "date"], name="skills_campaign_day_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.date}"


class GapCell(models.Model):
    """Pre-aggregated gap analysis: one organisation, team, profession, grade and skill.

    ``required`` people need the skill; ``assessed`` of them have a level (an assessment or
    evidencing learning); ``met`` of those reach the level; ``gap`` sums the positive
    differences (required level − assessed level) of the assessed ones: not assessed is no gap."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    team = models.CharField(max_length=200, blank=True)
    profession = models.CharField(max_length=100, blank=True)
    grade = models.CharField(max_length=50, blank=True)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    required = models.PositiveIntegerField(default=0)
    assessed = models.PositiveIntegerField(default=0)  # required with an assessed level
    met = models.PositiveIntegerField(default=0)
    gap = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organisation", "skill"])]

    def __str__(self) -> str:
        return f"{self.team} {self.skill_id}"


class GapSummary(models.Model):
    """Roll-ups of ``GapCell`` the gap pages read, so they stay fast for the largest organisations.

    ``dimension``: ``all`` (one row), ``team``/``profession``/``grade`` (per value, no skill),
    ``skill`` (per skill) and ``team-skill`` (per team and skill, for the heat map)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=200, blank=True)
    skill = models.ForeignKey(
        Skill, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    required = models.PositiveIntegerField(default=0)
    assessed = models.PositiveIntegerField(default=0)  # required with an assessed level
    met = models.PositiveIntegerField(default=0)
    gap = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organisation", "dimension", "gap"])]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value} {self.skill_id}"
