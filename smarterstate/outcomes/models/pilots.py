"""Pilots, their success criteria and decisions."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .fields import MEASURE, MONEY
from .initiatives import Initiative
from .outcomes import Direction, Outcome


class PilotDecision(models.TextChoices):
    SCALE = "scale", "Scale"
    ITERATE = "iterate", "Iterate"
    STOP = "stop", "Stop"


def open_pilots() -> models.Q:
    """Running pilots: no decision yet, or iterating within a new time-box."""
    return models.Q(decision__in=["", PilotDecision.ITERATE])


def overdue_pilots(today) -> models.Q:
    """Running pilots whose time-box ended before ``today``: a decision is due."""
    return open_pilots() & models.Q(timebox_end__lt=today)


class PilotQuerySet(models.QuerySet):
    def open(self):
        return self.filter(open_pilots())

    def overdue(self, today):
        return self.filter(overdue_pilots(today))


class Pilot(models.Model):
    """A time-boxed, budgeted hypothesis; its budget and spend are its initiative's."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="pilot")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="pilots"
    )
    hypothesis = models.TextField()
    timebox_start = models.DateField("time-box starts")
    timebox_end = models.DateField("time-box ends")
    decision = models.CharField(max_length=8, choices=PilotDecision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    released = models.DecimalField("released to the fund (£)", default=Decimal("0"), **MONEY)
    history = HistoricalRecords()
    objects = PilotQuerySet.as_manager()

    class Meta:
        ordering = ["timebox_end", "pk"]
        indexes = [models.Index(fields=["organisation", "decision", "timebox_end"])]

    def __str__(self) -> str:
        return f"Pilot: {self.initiative.name}"

    @property
    def is_open(self) -> bool:
        return self.decision in ("", PilotDecision.ITERATE)

    def is_overdue(self, today) -> bool:
        return self.is_open and self.timebox_end < today


class SuccessCriterion(models.Model):
    """What success looks like for a pilot, tied to one of its outcome measures."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="criteria")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="criteria")
    description = models.CharField(max_length=500)
    threshold = models.DecimalField(
        null=True, blank=True, help_text="The value the measure must reach.", **MEASURE
    )
    history = HistoricalRecords()

    authz_organisation_field = "pilot__organisation"

    def __str__(self) -> str:
        return self.description

    @property
    def met(self) -> bool | None:
        """Whether the outcome's latest value reaches the threshold (None: not known yet)."""
        latest = self.outcome.latest_value
        if self.threshold is None or latest is None:
            return None
        if self.outcome.direction == Direction.DECREASE:
            return latest <= self.threshold
        return latest >= self.threshold


class PilotDecisionRecord(models.Model):
    """A decision when a pilot's time-box ends, with its evidence."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=8, choices=PilotDecision.choices)
    decided_on = models.DateField()
    evidence = models.TextField()
    new_timebox_end = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    authz_organisation_field = "pilot__organisation"

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.decided_on}"
