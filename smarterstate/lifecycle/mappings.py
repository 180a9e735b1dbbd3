"""An organisation's mappings of component families the catalogue does not cover (issue 15 §3).

A mapping says what the organisation's components under one purl family (``pkg:maven/org.acme``)
or one package (``pkg:maven/org.acme/widget``) are: a catalogue product, the organisation's own
lifecycle entry (a Product with ``organisation`` set), or not covered at all (no product: e.g. a
family match the organisation knows is wrong). Matching applies it to every SBOM imported after,
and it keeps its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ComponentMapping(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="component_mappings"
    )
    key = models.CharField(
        "purl family or package",
        max_length=500,
        help_text="pkg:type/namespace (every package in it) or pkg:type/namespace/name.",
    )
    product = models.ForeignKey(
        "lifecycle.Product",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mappings",
        help_text="Empty: not covered (no product), whatever the catalogue suggests.",
    )
    note = models.TextField(blank=True, help_text="Why: the evidence for the mapping.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        app_label = "lifecycle"
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="component_mapping_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.product or 'not covered'}"
