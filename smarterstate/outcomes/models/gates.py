"""Phase gate reviews, their conditions and Service Standard assessments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .initiatives import Initiative, Phase


class Decision(models.TextChoices):
    GO = "go", "Go"
    GO_WITH_CONDITIONS = "go-with-conditions", "Go with conditions"
    NO_GO = "no-go", "No go"


class GateReview(models.Model):
    """A phase gate: the panel's decision to move (or not) from one phase to the next."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="gates")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    from_phase = models.CharField(max_length=16, choices=Phase.choices)
    to_phase = models.CharField(max_length=16, choices=Phase.choices)
    review_date = models.DateField()
    panel = models.CharField(max_length=500, help_text="Who sat on the panel.")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-review_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_from_phase_display()} → {self.get_to_phase_display()}: {self.get_decision_display()}"

    @property
    def passed(self) -> bool:
        return self.decision != Decision.NO_GO


class GateCondition(models.Model):
    gate = models.ForeignKey(GateReview, on_delete=models.CASCADE, related_name="conditions")
    text = models.CharField("condition", max_length=500)
    owner = models.CharField(max_length=200)
    due_date = models.DateField()
    met = models.BooleanField(default=False)
    history = HistoricalRecords()

    authz_organisation_field = "gate__organisation"

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.text


class StandardPointResult(models.Model):
    """One of the 14 Service Standard points as assessed at a gate."""

    gate = models.ForeignKey(GateReview, on_delete=models.CASCADE, related_name="points")
    point = models.PositiveSmallIntegerField()
    met = models.BooleanField()
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    authz_organisation_field = "gate__organisation"

    class Meta:
        ordering = ["point"]
        constraints = [
            models.UniqueConstraint(fields=["gate", "point"], name="outcomes_one_result_a_point"),
            models.CheckConstraint(
                condition=models.Q(point__gte=1, point__lte=14), name="outcomes_point_1_to_14"
            ),
        ]

    def __str__(self) -> str:
        return f"Point {self.point}: {'met' if self.met else 'not met'}"
