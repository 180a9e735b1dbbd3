"""Assessments: a person's level in a skill, by themselves or their line manager."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .framework import Skill, SkillLevel
from .people import Person


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
