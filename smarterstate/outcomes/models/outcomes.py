"""Outcomes (benefit profiles) and their measurements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .fields import MEASURE
from .initiatives import Initiative


class Direction(models.TextChoices):
    INCREASE = "increase", "Higher is better"
    DECREASE = "decrease", "Lower is better"


class BenefitType(models.TextChoices):
    CASH_RELEASING = "cash-releasing", "Cash-releasing"
    NON_CASH_RELEASING = "non-cash-releasing", "Non-cash-releasing"
    SOCIETAL = "societal", "Societal"
    DIS_BENEFIT = "dis-benefit", "Dis-benefit"


class MandatoryKPI(models.TextChoices):
    """The four mandatory KPIs for services (checklists.json ``mandatory_kpis``)."""

    COST_PER_TRANSACTION = "cost-per-transaction", "Cost per transaction"
    USER_SATISFACTION = "user-satisfaction", "User satisfaction"
    COMPLETION_RATE = "completion-rate", "Completion rate"
    DIGITAL_TAKE_UP = "digital-take-up", "Digital take-up"


class Outcome(models.Model):
    """A benefit profile: what will change, measured how, from what baseline to what target."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="outcomes")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="outcomes"
    )
    name = models.CharField("benefit", max_length=255)
    measure = models.CharField(max_length=255, help_text="What is counted, and how.")
    unit = models.CharField(max_length=40, help_text="For example £, %, days, transactions.")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    benefit_type = models.CharField(max_length=20, choices=BenefitType.choices)
    kpi = models.CharField("mandatory KPI", max_length=24, choices=MandatoryKPI.choices, blank=True)
    owner = models.CharField("benefit owner", max_length=200, blank=True)
    baseline_value = models.DecimalField(null=True, blank=True, **MEASURE)
    baseline_date = models.DateField(null=True, blank=True)
    target_value = models.DecimalField(null=True, blank=True, **MEASURE)
    target_date = models.DateField(null=True, blank=True)
    # Kept by services/outcomes.py whenever measurements change.
    latest_value = models.DecimalField(null=True, blank=True, **MEASURE)
    latest_date = models.DateField(null=True, blank=True)
    measurement_count = models.PositiveIntegerField(default=0)
    realisation = models.DecimalField(
        "realisation (%)", null=True, blank=True, max_digits=12, decimal_places=1
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative_id", "name", "pk"]
        indexes = [models.Index(fields=["organisation", "benefit_type"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_measurable(self) -> bool:
        return None not in (
            self.baseline_value,
            self.baseline_date,
            self.target_value,
            self.target_date,
        )


class MeasurementSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    CSV = "csv", "CSV import"
    API = "api", "API"


class Measurement(models.Model):
    """One observed value of an outcome's measure on a date (one per outcome and date)."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField()
    value = models.DecimalField(**MEASURE)
    source = models.CharField(
        max_length=8, choices=MeasurementSource.choices, default=MeasurementSource.MANUAL
    )
    note = models.CharField(max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    authz_organisation_field = "outcome__organisation"

    class Meta:
        ordering = ["outcome_id", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "date"], name="outcomes_one_measurement_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} on {self.date}"
