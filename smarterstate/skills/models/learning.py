"""Learning: activities (courses, events), the skills they evidence, and people's training records."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from .framework import Skill, SkillLevel
from .people import Person


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
