"""Initiatives (nestable programmes, projects, services, pilots), their confidence ratings, the
portfolio's rating scale and links to other pillars' records."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

from .fields import MONEY


class Kind(models.TextChoices):
    PROGRAMME = "programme", "Programme"
    PROJECT = "project", "Project"
    SERVICE = "service", "Service"
    PILOT = "pilot", "Pilot"


class Phase(models.TextChoices):
    """GOV.UK Service Manual phases (data/frameworks/checklists.json ``service_phases``)."""

    DISCOVERY = "discovery", "Discovery"
    ALPHA = "alpha", "Alpha"
    PRIVATE_BETA = "private-beta", "Private beta"
    PUBLIC_BETA = "public-beta", "Public beta"
    LIVE = "live", "Live"
    RETIREMENT = "retirement", "Retirement"


class Confidence(models.TextChoices):
    """IPA delivery confidence ratings; the three-point scale uses green, amber and red."""

    GREEN = "green", "Green"
    AMBER_GREEN = "amber-green", "Amber/Green"
    AMBER = "amber", "Amber"
    AMBER_RED = "amber-red", "Amber/Red"
    RED = "red", "Red"


class ConfidenceScale(models.IntegerChoices):
    FIVE = 5, "Five-point (Green, Amber/Green, Amber, Amber/Red, Red)"
    THREE = 3, "Three-point (Green, Amber, Red)"


SCALE_RATINGS = {
    ConfidenceScale.FIVE: [c.value for c in Confidence],
    ConfidenceScale.THREE: [Confidence.GREEN, Confidence.AMBER, Confidence.RED],
}


class PortfolioSettings(models.Model):
    """Per-organisation choices: which delivery confidence scale its ratings use."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="outcome_settings"
    )
    confidence_scale = models.PositiveSmallIntegerField(
        choices=ConfidenceScale.choices, default=ConfidenceScale.FIVE
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Outcome settings of {self.organisation}"


class InitiativeQuerySet(models.QuerySet):
    def flagged(self):
        """Initiatives with no measurable outcome (no outcome with both baseline and target)."""
        return self.filter(has_measurable_outcome=False)

    def of(self, organisation):
        return self.filter(organisation=organisation)


class Initiative(models.Model):
    """A programme, project, service or pilot of one organisation; nestable under a parent.

    The phase changes only through a gate review (services/gates.py).
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="initiatives"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PROJECT)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    senior_responsible_owner = models.CharField(max_length=200, blank=True)
    team = models.CharField(max_length=200, blank=True)
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.DISCOVERY)
    budget = models.DecimalField("budget (£)", default=Decimal("0"), **MONEY)
    spend = models.DecimalField("spend to date (£)", default=Decimal("0"), **MONEY)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    next_gate_review = models.DateField(
        "next gate review",
        null=True,
        blank=True,
        help_text="When the next phase gate review is planned.",
    )
    # Kept by the services: the latest confidence rating and whether an outcome is measurable.
    delivery_confidence = models.CharField(max_length=12, choices=Confidence.choices, blank=True)
    confidence_date = models.DateField(null=True, blank=True)
    has_measurable_outcome = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["organisation", "phase"]),
            models.Index(fields=["organisation", "has_measurable_outcome"]),
            models.Index(fields=["organisation", "delivery_confidence"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__gte=0) & models.Q(spend__gte=0),
                name="outcomes_initiative_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # Other pillars link here (a system's linked initiatives) without naming this app's URLs.
        from django.urls import reverse

        return reverse(
            "outcomes:initiative",
            kwargs={"org_slug": self.organisation.slug, "outcomes_initiative_pk": self.pk},
        )

    @property
    def flagged(self) -> bool:
        return not self.has_measurable_outcome

    @property
    def unspent(self) -> Decimal:
        return max(self.budget - self.spend, Decimal("0"))


class ConfidenceRating(models.Model):
    """One delivery confidence assessment; the initiative shows the latest."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="ratings")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    rating = models.CharField(max_length=12, choices=Confidence.choices)
    scale = models.PositiveSmallIntegerField(choices=ConfidenceScale.choices)
    rated_on = models.DateField()
    note = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-rated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} on {self.rated_on}"


class InitiativeLink(models.Model):
    """A link from an initiative to a record of another pillar (contract, system, AI use case, skill).

    Generic (content type + id) so this app needs no foreign keys into apps built in parallel;
    services/links.py keeps the registry of kinds that may be linked and checks the target.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="links")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    label = models.CharField(max_length=300, help_text="The linked record's name when linked.")
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["content_type_id", "label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "content_type", "object_id"], name="outcomes_link_once"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def kind_label(self) -> str:
        """The linked model's label, as in the registry (``commercial.Process``)."""
        model = self.content_type.model_class()
        return (
            model._meta.label
            if model
            else f"{self.content_type.app_label}.{self.content_type.model}"
        )
