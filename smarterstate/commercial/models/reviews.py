from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ContractReview(models.Model):
    """A continuous-value review of a contract, written by the buying organisation's editors."""

    contract = models.ForeignKey(
        "commercial.Contract", on_delete=models.CASCADE, related_name="reviews"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="contract_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_date = models.DateField()
    roadmap_delivered = models.BooleanField(
        "vendor roadmap delivered since the last review", null=True
    )
    refresh_clause = models.BooleanField(
        "innovation or technology refresh clause present", null=True
    )
    exit_plan_exists = models.BooleanField("exit plan exists", null=True)
    exit_plan_tested = models.BooleanField("exit plan was tested", null=True)
    data_portability = models.BooleanField("data can be moved to another supplier", null=True)
    open_standards = models.BooleanField("uses open standards", null=True)
    kpis_recorded = models.PositiveIntegerField("KPIs recorded", default=0)
    notes = models.TextField(blank=True)
    score = models.PositiveSmallIntegerField(default=0, help_text="Computed by the service; 0–100.")
    next_review_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-review_date"]

    def __str__(self) -> str:
        return f"Review of {self.contract} on {self.review_date}"


class ProcessNote(models.Model):
    """A note on a process. OCDS data is public; notes belong to the organisation that wrote them."""

    process = models.ForeignKey(
        "commercial.Process", on_delete=models.CASCADE, related_name="notes"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="process_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note on {self.process_id} by {self.organisation_id}"
