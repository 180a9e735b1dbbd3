from django.db import models


class ScopeKind(models.TextChoices):
    BUYER = "buyer", "Buyer"
    ORGANISATION = "organisation", "Organisation"


class PeriodKind(models.TextChoices):
    FINANCIAL_YEAR = "fy", "Financial year (April–March)"
    ROLLING_12 = "r12", "Rolling 12 months"


class IndicatorValue(models.Model):
    """One indicator (A1–A6, L1–L7) for one buyer or organisation and one period.

    Computed after each import (commercial.services.refresh), never on a
    request. ``covered``/``total`` is the coverage: processes with the fields
    the indicator needs, out of all the scope's processes in the period.
    """

    code = models.CharField(max_length=3)
    scope_kind = models.CharField(max_length=12, choices=ScopeKind.choices)
    buyer = models.ForeignKey(
        "commercial.Party",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicator_values",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicator_values",
    )
    period_kind = models.CharField(max_length=3, choices=PeriodKind.choices)
    period_label = models.CharField(max_length=20, help_text="e.g. 2024-25, or 12m to 2026-10")
    period_start = models.DateField()
    period_end = models.DateField(help_text="Exclusive.")
    value = models.FloatField(
        null=True, blank=True, help_text="The headline number; null when nothing is covered."
    )
    detail = models.JSONField(
        default=dict, blank=True, help_text="Secondary figures (p90, shares, …)."
    )
    covered = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "period_kind", "period_start"]),
            models.Index(fields=["buyer", "period_kind", "period_start"]),
        ]
        # Two partial constraints, since NULLs never clash in a plain unique constraint.
        constraints = [
            models.UniqueConstraint(
                fields=["code", "buyer", "period_kind", "period_start"],
                condition=models.Q(scope_kind="buyer"),
                name="one_indicator_value_per_buyer_and_period",
            ),
            models.UniqueConstraint(
                fields=["code", "organisation", "period_kind", "period_start"],
                condition=models.Q(scope_kind="organisation"),
                name="one_indicator_value_per_organisation_and_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.period_label}: {self.value}"

    @property
    def coverage(self) -> float | None:
        return self.covered / self.total if self.total else None


class LatestActivity(models.Model):
    """A buyer's latest planning or tender activity date in one CPV division (L6, crunch points).

    Written by ``refresh_indicators()`` from the processes (commercial.services.refresh.activity),
    so that "no later activity by the same buyer in the same CPV division" is one comparison per
    contract instead of a search of the buyer's processes. Read only while LatestActivityStamp
    says the rows are current.
    """

    buyer = models.ForeignKey(
        "commercial.Party", on_delete=models.CASCADE, related_name="latest_activities"
    )
    cpv_division = models.CharField(max_length=2, blank=True)
    activity_date = models.DateTimeField(
        help_text="The latest tender start, else first release of a planning-stage process."
    )

    class Meta:
        verbose_name_plural = "latest activities"
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "cpv_division"], name="latest_activity_once_per_buyer_division"
            )
        ]

    def __str__(self) -> str:
        return f"{self.buyer_id} CPV {self.cpv_division}: {self.activity_date}"


class LatestActivityStamp(models.Model):
    """One row while LatestActivity matches the processes; no row means "not current".

    ``refresh_indicators()`` writes it after rebuilding LatestActivity. A database trigger on
    commercial_process deletes it whenever a process is inserted or deleted, or its buyer, CPV
    division, status, tender start or first release date changes (by any path: the ORM, bulk SQL,
    the admin, a test), so readers fall back to searching the processes until the next refresh.
    """

    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Latest activity built at {self.built_at}"


class IndicatorRefreshStamp(models.Model):
    """The day and lead time of the last full ``refresh_indicators()``; at most one row.

    Rolling-12-month periods and L6's crunch-point window move with the day, for every scope.
    So an import may refresh only the buyers and organisations it touched while this row says
    every other scope was computed for the same day and lead time; otherwise (first import of a
    new day, or after a change made outside imports, which deletes the row) it refreshes all.
    """

    as_of = models.DateField()
    lead_time_months = models.PositiveSmallIntegerField()
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Indicators as of {self.as_of} (lead time {self.lead_time_months} months)"
