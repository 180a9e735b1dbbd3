"""Pre-aggregated gap analysis, refreshed after imports so the gap pages read small tables."""

from __future__ import annotations

from django.db import models

from .framework import Skill


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
