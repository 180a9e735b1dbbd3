"""Outcomes pillar models: initiatives, benefit profiles and measurements, phase gates, pilots,
the innovation fund ledger and links to other pillars' records.

Every write goes through services/ (the rules live there, so forms, the API and imports agree).
Figures the portfolio dashboard needs are kept on the records by those services (an outcome's
latest measurement and realisation, an initiative's current confidence rating and whether it
has a measurable outcome, a fund's balance) so the dashboard never scans measurements.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

MONEY = {"max_digits": 14, "decimal_places": 2}
MEASURE = {"max_digits": 18, "decimal_places": 4}


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


class PilotDecision(models.TextChoices):
    SCALE = "scale", "Scale"
    ITERATE = "iterate", "Iterate"
    STOP = "stop", "Stop"


class PilotQuerySet(models.QuerySet):
    def open(self):
        """Running pilots: no decision yet, or iterating within a new time-box."""
        return self.filter(decision__in=["", PilotDecision.ITERATE])

    def overdue(self, today):
        return self.open().filter(timebox_end__lt=today)


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


class InnovationFund(models.Model):
    """An organisation's fund: stopped pilots' unspent budgets in, allocations out."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="innovation_fund"
    )
    balance = models.DecimalField(default=Decimal("0"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(balance__gte=0), name="outcomes_fund_never_negative"
            )
        ]

    def __str__(self) -> str:
        return f"Innovation fund of {self.organisation}"


class EntryKind(models.TextChoices):
    RELEASE = "release", "Released by a stopped pilot"
    DEPOSIT = "deposit", "Other money paid in"
    ALLOCATION = "allocation", "Allocated to a pilot or initiative"


class FundEntry(models.Model):
    """One line of the ledger. Amounts are positive; the kind says which way the money went."""

    fund = models.ForeignKey(InnovationFund, on_delete=models.PROTECT, related_name="entries")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    amount = models.DecimalField("amount (£)", **MONEY)
    entry_date = models.DateField()
    pilot = models.ForeignKey(
        Pilot, null=True, blank=True, on_delete=models.PROTECT, related_name="fund_entries"
    )
    initiative = models.ForeignKey(
        Initiative,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_allocations",
    )
    note = models.CharField(max_length=500, blank=True)
    balance_after = models.DecimalField(**MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["entry_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="outcomes_entry_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(balance_after__gte=0), name="outcomes_entry_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: £{self.amount} on {self.entry_date}"

    @property
    def is_inflow(self) -> bool:
        return self.kind != EntryKind.ALLOCATION


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
