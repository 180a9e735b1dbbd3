"""Learning campaigns and their pre-aggregated participation (per breakdown value and per day)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from .learning import LearningActivity


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
