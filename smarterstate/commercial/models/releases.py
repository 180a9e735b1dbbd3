from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    # Its process died; the next run marks it so (see core.liveness).
    INTERRUPTED = "interrupted", "Interrupted"


class OCDSImport(models.Model):
    """One run of import_ocds (CLI or web upload) and its report.

    Counting rule: releases_read = new + unchanged + replaced + rejected.
    A run that was killed keeps the counts it reached and is marked "interrupted" by
    the next run; running the same input again completes the data (imports are
    idempotent).
    """

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    worker = models.CharField(
        max_length=255, blank=True, help_text="The process running it (host:pid:start time)."
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the process running it."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    files = models.JSONField(default=list, blank=True)
    releases_read = models.PositiveBigIntegerField(default=0)
    releases_new = models.PositiveBigIntegerField(default=0)
    releases_unchanged = models.PositiveBigIntegerField(default=0)
    releases_replaced = models.PositiveBigIntegerField(default=0)
    releases_rejected = models.PositiveBigIntegerField(default=0)
    ocids_compiled = models.PositiveBigIntegerField(default=0)
    releases_without_id = models.PositiveBigIntegerField(
        default=0, help_text="Releases imported that were published with no id."
    )
    warnings = models.JSONField(
        default=list,
        blank=True,
        help_text="What the files published differently from the standard, once per file and kind.",
    )
    rejects = models.JSONField(
        default=list, blank=True, help_text="The first 1,000 rejects with positions."
    )
    replaced = models.JSONField(
        default=list, blank=True, help_text="The first 1,000 replaced releases."
    )
    seconds = models.FloatField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "OCDS import"

    def __str__(self) -> str:
        return f"OCDS import {self.pk} ({self.get_status_display()})"


class Release(models.Model):
    """A release exactly as imported (OCDS 1.0 upgraded to 1.1), stored once per (ocid, id).

    ``data`` is the release as compact JSON text rather than a JSON column:
    it is written and read whole (for merging and export), never queried
    inside, and text avoids PostgreSQL re-parsing it into jsonb.
    """

    ocid = models.CharField(max_length=255)
    release_id = models.CharField(
        max_length=255,
        help_text="The published id; for a release published without one, its content hash.",
    )
    id_published = models.BooleanField(
        default=True,
        db_default=True,
        help_text="False when the release has no id (absent, null or empty) as published.",
    )
    date = models.DateTimeField(
        null=True, help_text="The release date, parsed; null if unparseable."
    )
    date_text = models.CharField(max_length=64, help_text="The release date as published.")
    tags = models.JSONField(default=list)
    data = models.TextField()
    content_hash = models.CharField(
        max_length=40, help_text="SHA-1 of the release's canonical JSON."
    )
    source = models.CharField(
        max_length=500, blank=True, help_text="File and line/offset it came from."
    )
    # Not indexed: every index costs each of millions of inserts, and nothing looks releases
    # up by import (only deleting an import does, rarely, with a scan).
    first_import = models.ForeignKey(
        OCDSImport, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    last_import = models.ForeignKey(
        OCDSImport, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        # The one index: releases are found by ocid (and id), and an ocid's few releases are
        # sorted by date in memory.
        constraints = [
            models.UniqueConstraint(fields=["ocid", "release_id"], name="release_once_per_ocid")
        ]

    def __str__(self) -> str:
        return f"{self.ocid} / {self.release_id}"


class CompiledRelease(models.Model):
    """The compiled release of one contracting process (ocid), merged by ocdsmerge.

    ``releases_digest`` is a hash over the (release id, content hash) pairs
    it was built from: a re-import recompiles an ocid only when it changes.
    """

    ocid = models.CharField(max_length=255)
    data = models.TextField()
    releases_digest = models.CharField(max_length=40)
    release_count = models.PositiveIntegerField(default=0)
    compiled_at = models.DateTimeField(auto_now=True)

    class Meta:
        # A constraint rather than unique=True: on PostgreSQL that would add a second
        # (LIKE-pattern) index on ocid, which nothing uses and every insert pays for.
        constraints = [models.UniqueConstraint(fields=["ocid"], name="compiled_release_once")]

    def __str__(self) -> str:
        return self.ocid
