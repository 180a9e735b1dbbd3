from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class RadarKind(models.TextChoices):
    CONTRACT_END = "contract-end", "Contract end"
    CONTRACT_REVIEW = "contract-review", "Contract review due"
    PIPELINE_NOTICE = "pipeline-notice", "UK1 pipeline notice window"
    END_OF_LIFE = "end-of-life", "End of life of a system or component"
    LEGACY_REMEDIATION = "legacy-remediation", "Legacy remediation date"
    PILOT_TIMEBOX = "pilot-timebox", "Pilot time-box end"
    GATE_CONDITION = "gate-condition", "Gate condition due"
    GATE_REVIEW = "gate-review", "Planned next gate review"
    AI_ASSESSMENT_REVIEW = "ai-assessment-review", "AI assessment review due"
    CAMPAIGN_DEADLINE = "campaign-deadline", "Campaign deadline"
    STALE_CONFIDENCE = "stale-confidence", "Delivery-confidence rating older than a quarter"


class Horizon(models.TextChoices):
    OVERDUE = "overdue", "Overdue"
    M0_3 = "0-3", "0–3 months"
    M3_6 = "3-6", "3–6 months"
    M6_12 = "6-12", "6–12 months"
    M12_18 = "12-18", "12–18 months"
    M18_36 = "18-36", "18–36 months"


class RadarItem(models.Model):
    """A decision falling due, read from a pillar's record by the refresh.

    ``key`` names the record behind it (``contract-end:commercial.contract:42``) and stays
    the same across refreshes, so decisions recorded against it survive them.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="radar_items"
    )
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=24, choices=RadarKind.choices)
    subject = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    due_date = models.DateField()
    lead_days = models.PositiveIntegerField()
    window_opens = models.DateField()
    options = models.JSONField(default=list)
    owner = models.CharField(max_length=200, blank=True)
    money = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    risk = models.CharField(max_length=200, blank=True)
    readiness = models.CharField(max_length=300, blank=True)
    crunch = models.BooleanField(default=False, help_text="Contract end with nothing planned.")
    source = models.CharField(max_length=200)
    as_of = models.DateField()
    # Copied from the latest decision so the open list filters in SQL at 100,000 items.
    decision_state = models.CharField(max_length=8, default="open")
    snoozed_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="capacity_radar_key_once")
        ]
        indexes = [
            models.Index(fields=["organisation", "decision_state", "due_date"]),
            models.Index(fields=["kind", "decision_state", "due_date"]),
            # Lists across organisations by horizon (the API radar, central analysts).
            models.Index(fields=["decision_state", "due_date"], name="capacity_radar_state_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject} ({self.due_date})"


class RadarCount(models.Model):
    """Open radar items of one organisation and kind, counted on a day: the summary the
    cross-government pages read instead of counting 100,000 items per request.

    Written by the refresh for every organisation it reads (a row of kind "" with zeros when
    it has no items), and recounted for one organisation when a decision, snooze or reopening
    is recorded. Counts depend on the day (horizons, snoozes ending), so readers use only
    rows counted today and count the rest live.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=24, blank=True)
    counted_on = models.DateField()
    total = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    crunch = models.PositiveIntegerField(default=0)
    horizons = models.JSONField(default=list, help_text="Counts per horizon, 0–3 to 18–36 months.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="capacity_radar_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.kind or '(none)'}: {self.total} on {self.counted_on}"


class DecisionAction(models.TextChoices):
    DECIDED = "decided", "Decided"
    SNOOZED = "snoozed", "Snoozed"
    REOPENED = "reopened", "Reopened"


class RadarDecision(models.Model):
    """A decision recorded on a radar item, or a snooze. Kept when the item leaves the radar."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="radar_decisions"
    )
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=24, choices=RadarKind.choices)
    subject = models.CharField(max_length=300)
    due_date = models.DateField()
    action = models.CharField(max_length=8, choices=DecisionAction.choices)
    option = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True)
    evidence_url = models.URLField("evidence link", max_length=500, blank=True)
    snooze_until = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "key"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.subject}"


class RadarFeed(models.Model):
    """The secret token of an organisation's radar calendar feed (the URL is the key)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="radar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Radar feed of {self.organisation_id}"
