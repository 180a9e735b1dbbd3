import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    # Its worker died (killed, out of memory, machine restarted): see core.liveness.
    INTERRUPTED = "interrupted", "Interrupted"


class JobQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])

    def finished(self):
        return self.exclude(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])


class Job(models.Model):
    """A background job as people see it: what, for whom, how far, and the result.

    The task itself runs through django-tasks (``task_id`` links to its
    DBTaskResult); this record carries progress counts and the import report,
    which the task framework does not model.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
        help_text="Empty for platform-wide jobs, which only platform administrators see.",
    )
    kind = models.CharField(max_length=60)
    description = models.CharField(max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    worker = models.CharField(
        max_length=255, blank=True, help_text="The process running it (host:pid:start time)."
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the process running it."
    )
    task_id = models.CharField(max_length=64, blank=True)
    arguments = models.JSONField(default=dict, blank=True)
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.description} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", kwargs={"job_id": self.pk})

    @property
    def progress_url(self) -> str:
        """The job page, refreshing itself until the job ends: where upload forms send people."""
        return f"{self.get_absolute_url()}?refresh=on"

    @property
    def came_from(self) -> dict | None:
        """{"text", "href"} of the page the job was started from, if its starter said."""
        return self.arguments.get("came_from") if isinstance(self.arguments, dict) else None

    @property
    def results(self) -> dict | None:
        """{"text", "href"} of the page showing what the job changed, if its starter said."""
        return self.arguments.get("results") if isinstance(self.arguments, dict) else None

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.INTERRUPTED)
