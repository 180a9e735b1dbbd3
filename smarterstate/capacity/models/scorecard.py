from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ..scoring import DEFINITIONS, PILLARS


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", "Quarter"
    FINANCIAL_YEAR = "fy", "Financial year (April–March)"


class ScorecardProfile(models.Model):
    """The method as data: which components count, their goalposts, polarity and weights.

    A profile is never edited in place: saving changes makes a new version, so every stored
    score keeps citing the version it was computed with (see services/profiles.py).
    ``components`` is a list of {code, weight, lower, upper, polarity}.
    """

    version = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200)
    notes = models.TextField(blank=True, help_text="Why this version differs from the last.")
    components = models.JSONField()
    overall_threshold = models.FloatField(
        default=2 / 3, help_text="Share of the weight that must have data for an overall score."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def component(self, code: str) -> dict | None:
        return next((c for c in self.components if c["code"] == code), None)


class ScorecardResult(models.Model):
    """One organisation's scorecard for one period, computed by the refresh (never per request)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="scorecards"
    )
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_label = models.CharField(max_length=20)
    period_start = models.DateField()
    period_end = models.DateField(help_text="Exclusive.")
    as_of = models.DateField(help_text="The day the figures were read as of.")
    profile = models.ForeignKey(ScorecardProfile, on_delete=models.PROTECT, related_name="results")
    overall = models.FloatField(null=True, blank=True)
    overall_reason = models.CharField(max_length=300, blank=True)
    weight_with_data = models.FloatField(default=0, help_text="0–1: share of the weight with data.")
    pillars = models.JSONField(default=dict)
    engagement_index = models.FloatField(null=True, blank=True)
    engagement_year = models.PositiveSmallIntegerField(null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    rank_low = models.PositiveIntegerField(null=True, blank=True)
    rank_high = models.PositiveIntegerField(null=True, blank=True)
    ranked = models.PositiveIntegerField(null=True, blank=True, help_text="Organisations ranked.")
    breaks = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period_kind", "period_start"],
                name="capacity_scorecard_once_per_period",
            )
        ]
        indexes = [models.Index(fields=["period_kind", "period_start"])]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.period_label}: {self.overall}"

    @property
    def pillar_list(self) -> list[dict]:
        """The pillars in their usual order (PostgreSQL's jsonb does not keep key order)."""
        from ..scoring import PILLARS

        return [
            {"key": key, "label": label, **self.pillars.get(key, {})}
            for key, label in PILLARS.items()
        ]


class ComponentResult(models.Model):
    """One component of one scorecard: raw value, goalposts, score and coverage."""

    result = models.ForeignKey(ScorecardResult, on_delete=models.CASCADE, related_name="components")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=4)
    pillar = models.CharField(max_length=12)
    raw_value = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True)
    polarity = models.CharField(max_length=8)
    lower = models.FloatField()
    upper = models.FloatField()
    weight = models.FloatField()
    score = models.FloatField(null=True, blank=True, help_text="0–100 against the goalposts.")
    covered = models.PositiveIntegerField(null=True, blank=True)
    eligible = models.PositiveIntegerField(null=True, blank=True)
    as_of = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300)
    source_code = models.CharField(
        max_length=40, blank=True, help_text="E.g. the survey question code, for series breaks."
    )
    missing_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["result", "code"]
        constraints = [
            models.UniqueConstraint(fields=["result", "code"], name="capacity_component_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.score}"

    @property
    def coverage(self) -> float | None:
        if self.covered is None or not self.eligible:
            return None
        return self.covered / self.eligible

    @property
    def name(self) -> str:
        return DEFINITIONS[self.code].name

    @property
    def formula(self) -> str:
        return DEFINITIONS[self.code].formula

    @property
    def pillar_label(self) -> str:
        return PILLARS[self.pillar]


class RefreshRun(models.Model):
    """One run of the capacity refresh: when, how long, what it wrote."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(max_length=100)
    seconds = models.FloatField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Refresh {self.started_at:%Y-%m-%d %H:%M} ({self.trigger})"
