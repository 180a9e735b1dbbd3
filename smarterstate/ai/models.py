"""AI assurance: the use-case register, checklist assessments and ATRS transparency records."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import atrs


class Phase(models.TextChoices):
    # The ATRS v4.0 phases.
    PRE_DEPLOYMENT = "pre-deployment", "Pre-deployment"
    PRIVATE_BETA = "private-beta", "Private beta"
    PUBLIC_BETA = "public-beta", "Public beta"
    PRODUCTION = "production", "Production"
    RETIRED = "retired", "Retired"


class Kind(models.TextChoices):
    GENERATIVE = "generative", "Generative"
    PREDICTIVE = "predictive", "Predictive"
    RULES = "rules", "Rules-based"
    OTHER = "other", "Other"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class UseCaseQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class UseCase(models.Model):
    """One use of AI by an organisation, as its register records it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="ai_use_cases"
    )
    name = models.CharField(max_length=200)
    purpose = models.TextField(help_text="What the tool does and why.")
    user_need = models.TextField("user need", blank=True)
    owner = models.CharField("owner (team or role)", max_length=200)
    senior_responsible_owner = models.CharField(
        "senior responsible owner", max_length=200, help_text="A role title, not a person's name."
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.PRE_DEPLOYMENT)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    models_used = models.TextField("models", blank=True, help_text="One model per line.")
    data_used = models.TextField("data used", blank=True)
    personal_data = models.BooleanField("processes personal data", default=False)
    special_category_data = models.BooleanField("processes special category data", default=False)
    human_review = models.TextField("human review", blank=True)
    decisions_influenced = models.TextField("decisions it influences", blank=True)
    people_affected = models.TextField("who the decisions affect", blank=True)
    risk_level = models.CharField(
        "risk level", max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    dpia_reference = models.CharField(
        "DPIA reference",
        max_length=200,
        blank=True,
        help_text="The reference of the completed data protection impact assessment.",
    )
    dpia_completed_on = models.DateField("DPIA completed on", null=True, blank=True)
    # Links to the other pillars; the service checks they belong to the same organisation.
    initiative = models.ForeignKey(
        "outcomes.Initiative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ai_use_cases",
        help_text="The initiative (Outcomes) this use case serves.",
    )
    systems = models.ManyToManyField(
        "lifecycle.System",
        blank=True,
        related_name="ai_use_cases",
        help_text="The systems (Lifecycle) it runs on.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = UseCaseQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="ai_use_case_name_unique_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # Other pillars link here (an initiative's incoming links) without naming this app's URLs.
        from django.urls import reverse

        return reverse(
            "ai:use-case", kwargs={"org_slug": self.organisation.slug, "use_case_pk": self.pk}
        )

    @property
    def has_completed_dpia(self) -> bool:
        return bool(self.dpia_reference.strip()) and self.dpia_completed_on is not None


class ThirdParty(models.Model):
    """A third party (ATRS v4.0) involved in a use case, linked to commercial data when present."""

    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="third_parties")
    name = models.CharField(max_length=300)
    role = models.TextField(blank=True)
    companies_house_number = models.CharField(max_length=20, blank=True)
    party = models.ForeignKey(
        "commercial.Party",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ai_third_party_roles",
        help_text="The supplier as published in procurement data.",
    )
    contract = models.ForeignKey(
        "commercial.Contract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ai_third_party_roles",
        help_text="One of the organisation's own contracts.",
    )

    history = HistoricalRecords()
    authz_organisation_field = "use_case__organisation"

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "third parties"

    def __str__(self) -> str:
        return self.name


class Framework(models.TextChoices):
    AI_PLAYBOOK = "ai_playbook", "AI Playbook for the UK Government"
    ICO_DPIA = "ico_dpia_screening", "ICO DPIA screening"
    DATA_ETHICS = "data_ethics", "Data Ethics Framework"
    AI_CYBER = "ai_cyber_security", "AI Cyber Security Code of Practice"


class Checklist(models.Model):
    """One version of a framework's checklist. Rows are added, never rewritten."""

    framework = models.CharField(max_length=40, choices=Framework.choices)
    version = models.CharField(max_length=40)
    source = models.CharField(max_length=200, help_text="Where the items were read from.")
    loaded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "-loaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "version"], name="ai_checklist_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_framework_display()} ({self.version})"


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=40)
    position = models.PositiveIntegerField()
    group = models.CharField(
        max_length=100,
        blank=True,
        help_text="Phase, principle group or DPIA list (always/consider).",
    )
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["checklist", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "key"], name="ai_checklist_item_key_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    NEEDS_CHANGES = "needs-changes", "Needs changes"


class AssessmentQuerySet(models.QuerySet):
    def overdue(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(status=AssessmentStatus.APPROVED, review_date__lt=today)

    def complete(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(status=AssessmentStatus.APPROVED).exclude(review_date__lt=today)


class Assessment(models.Model):
    """A use case assessed against one version of one framework's checklist."""

    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="assessments")
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    owner = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    review_date = models.DateField(
        null=True, blank=True, help_text="After this date the assessment is due again."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()
    authz_organisation_field = "use_case__organisation"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.checklist} of {self.use_case}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == AssessmentStatus.APPROVED
            and self.review_date is not None
            and self.review_date < timezone.localdate()
        )

    @property
    def editable(self) -> bool:
        return self.status in (AssessmentStatus.DRAFT, AssessmentStatus.NEEDS_CHANGES)


class AnswerChoice(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    NOT_APPLICABLE = "n/a", "Not applicable"


class Answer(models.Model):
    """The answer to one item of the checklist version the assessment was started on."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(max_length=10, choices=AnswerChoice.choices, blank=True)
    evidence = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    authz_organisation_field = "assessment__use_case__organisation"

    class Meta:
        ordering = ["item__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="ai_answer_unique_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.answer or 'unanswered'}"


class RecordStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class RecordQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=RecordStatus.PUBLISHED, published_content__isnull=False)


class TransparencyRecord(models.Model):
    """An ATRS record for a use case.

    ``content`` is the working copy, keyed by ATRS attribute. Publishing copies it to
    ``published_content``: the public page shows only that snapshot, so changes made
    after publishing stay private until the record is published again.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="ai_records"
    )
    use_case = models.OneToOneField(
        UseCase, on_delete=models.CASCADE, related_name="transparency_record"
    )
    status = models.CharField(
        max_length=20, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    tier = models.PositiveSmallIntegerField(
        choices=[(1, "Tier 1 only"), (2, "Tier 1 and Tier 2")],
        default=2,
        help_text="Which tiers the record covers; their required fields must be filled to publish.",
    )
    pretrained = models.BooleanField(
        "pre-trained or off-the-shelf tool",
        default=False,
        help_text="Pre-trained tools may leave the model and development data sections blank.",
    )
    content = models.JSONField(default=dict, blank=True)
    published_content = models.JSONField(null=True, blank=True)
    internal_notes = models.TextField("internal notes", blank=True, help_text="Never published.")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "use_case__name", "pk"]

    def __str__(self) -> str:
        return self.content.get("title") or f"Transparency record for {self.use_case}"

    @property
    def title(self) -> str:
        return str(self)

    @property
    def missing(self) -> dict[str, list[str]]:
        return atrs.missing_required(self.content, tier=self.tier, pretrained=self.pretrained)

    @property
    def has_unpublished_changes(self) -> bool:
        return self.published_content is not None and self.content != self.published_content
