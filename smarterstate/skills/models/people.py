"""The workforce: people by pseudonymous reference (no names or contacts)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from .framework import RoleLevel


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
