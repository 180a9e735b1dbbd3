"""The innovation fund and its ledger."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .fields import MONEY
from .initiatives import Initiative
from .pilots import Pilot


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
