"""The Learning Record Store: learning platforms (xAPI clients), statements, documents, attachments.

Part of the skills pillar, in its own app (ADR 0012) so its migrations and its large tables stay
apart from the skills models it feeds. Sizes drive the design: tens of millions of statements.

* ``Statement`` rows are immutable apart from ``voided``; the statement as stored is ``payload``
  (JSONB on PostgreSQL), a few columns are copied out for pages and exports.
* ``StatementTerm`` is the query index: one row per (statement, filter value), the value hashed
  with the organisation into a UUID. Its primary key (term, stored, statement) answers
  "the newest statements about this agent/verb/activity/registration" by one index range scan,
  in order, whatever the table size.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class LearningPlatformQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class LearningPlatform(models.Model):
    """A learning platform registered by an organisation: an xAPI client with HTTP Basic credentials.

    The secret is shown once and stored as its SHA-256 hash: it is 256 random bits, so a slow
    password hash would add nothing but a few hundred milliseconds to every request."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="learning_platforms"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    key = models.CharField(max_length=40, unique=True, help_text="The HTTP Basic user name.")
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Counters kept by the store (one UPDATE per request, outside its transaction).
    statements_received = models.PositiveBigIntegerField(default=0)
    requests_rejected = models.PositiveBigIntegerField(default=0)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    xapi_version = models.CharField(
        max_length=10,
        default="2.0.0",
        help_text="The xAPI version the platform last stored statements with; errors on requests "
        "that name no version answer in it.",
    )

    history = HistoricalRecords(
        excluded_fields=["statements_received", "requests_rejected", "last_seen_at", "xapi_version"]
    )
    objects = LearningPlatformQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="lrs_platform_unique_name_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PlatformReject(models.Model):
    """A request from a platform that the LRS refused, with the reason it was given."""

    authz_organisation_field = "platform__organisation"

    platform = models.ForeignKey(LearningPlatform, on_delete=models.CASCADE, related_name="rejects")
    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=10)
    resource = models.CharField(max_length=40)
    status = models.PositiveSmallIntegerField()
    reason = models.TextField()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["platform", "-at"])]

    def __str__(self) -> str:
        return f"{self.status} {self.reason[:60]}"


class Statement(models.Model):
    """One stored xAPI statement. Written once; only ``voided`` ever changes."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    platform = models.ForeignKey(
        LearningPlatform, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    statement_id = models.UUIDField()
    stored = models.DateTimeField()
    timestamp = models.DateTimeField()
    version = models.CharField(max_length=10)
    actor_key = models.TextField(help_text="The actor's identifier (see xapi.agents.ifi_key).")
    verb = models.TextField()
    object_id = models.TextField(blank=True, help_text="The object's activity IRI, if any.")
    target_id = models.UUIDField(null=True, blank=True, help_text="The StatementRef object's id.")
    registration = models.UUIDField(null=True, blank=True)
    is_voiding = models.BooleanField(default=False)
    voided = models.BooleanField(default=False)
    payload = models.JSONField()

    class Meta:
        ordering = ["-stored", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "statement_id"], name="lrs_statement_unique_id"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "stored", "id"], name="lrs_statement_org_stored"),
            models.Index(
                fields=["organisation", "target_id"],
                name="lrs_statement_target",
                condition=Q(target_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementTerm(models.Model):
    """A value a statement can be found by (see services/terms.py). No foreign-key constraint:
    rows are written by COPY in bulk and deleted with their statement by the store itself."""

    pk = models.CompositePrimaryKey("term", "stored", "statement")
    term = models.UUIDField()
    stored = models.DateTimeField()
    statement = models.ForeignKey(
        Statement,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"{self.term} {self.statement_id}"


class Attachment(models.Model):
    """Attachment content, once per organisation and SHA-2 hash (statements name it by hash)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    sha2 = models.CharField(max_length=128)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()
    stored = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sha2"], name="lrs_attachment_unique")
        ]

    def __str__(self) -> str:
        return self.sha2


class DocumentKind(models.TextChoices):
    STATE = "state", "State"
    ACTIVITY_PROFILE = "activity_profile", "Activity profile"
    AGENT_PROFILE = "agent_profile", "Agent profile"


class Document(models.Model):
    """A state, activity profile or agent profile document.

    ``scope`` hashes (kind, activity, agent, registration); ``key`` adds the document id: long
    IRIs cannot be indexed directly (PostgreSQL's B-tree entries stop at ~2.7 kB)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    platform = models.ForeignKey(
        LearningPlatform, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    activity_iri = models.TextField(blank=True)
    agent_key = models.TextField(blank=True)
    registration = models.UUIDField(null=True, blank=True)
    document_id = models.TextField()
    scope = models.CharField(max_length=64)
    key = models.CharField(max_length=64)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=40)
    updated = models.DateTimeField()

    class Meta:
        ordering = ["kind", "document_id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="lrs_document_unique")
        ]
        indexes = [
            models.Index(fields=["organisation", "scope", "updated"], name="lrs_document_scope")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.document_id}"


class ActivityDefinition(models.Model):
    """The LRS's definition of an activity, merged from the statements that define it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=64, help_text="SHA-256 of the IRI.")
    iri = models.TextField()
    definition = models.JSONField(default=dict)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="lrs_activity_unique")
        ]

    def __str__(self) -> str:
        return self.iri


class WriteInFlight(models.Model):
    """A statement write under way, from just before its ``stored`` time is taken until it
    commits. ``X-Experience-API-Consistent-Through`` is the oldest one's start (or now)."""

    started = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return str(self.started)


class LearnerIdentity(models.Model):
    """An actor seen in statements that can become training records, and the person it is.

    Matched automatically when an account name is a person's reference in the organisation;
    otherwise listed as unknown until someone maps it. Statements of unknown actors are kept."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=64, help_text="SHA-256 of the actor key.")
    actor_key = models.TextField()
    agent = models.JSONField(help_text="The agent as a statement last named it.")
    person = models.ForeignKey(
        "skills.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    statements = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["last_seen", "statements", "agent"])

    class Meta:
        ordering = ["-last_seen"]
        verbose_name_plural = "learner identities"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="lrs_identity_unique")
        ]
        indexes = [models.Index(fields=["organisation", "person", "-last_seen"])]

    def __str__(self) -> str:
        return self.actor_key


class ActivityLink(models.Model):
    """An xAPI activity IRI that is one of the platform's learning activities. (An activity whose
    code is the IRI itself needs no link.)"""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    iri = models.URLField(max_length=2000)
    activity = models.ForeignKey(
        "skills.LearningActivity", on_delete=models.CASCADE, related_name="xapi_links"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["iri"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "iri"], name="lrs_activity_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.iri} → {self.activity}"


class SummaryRefreshPending(models.Model):
    """An organisation and activity whose campaign and gap summaries wait for the background
    refresh (tasks.refresh_learning_summaries), so statements never refresh them one by one."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey(
        "skills.LearningActivity", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "activity"], name="lrs_refresh_pending_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.activity_id}"
