from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class OrganisationType(models.TextChoices):
    MINISTERIAL_DEPARTMENT = "ministerial-department", "Ministerial department"
    NON_MINISTERIAL_DEPARTMENT = "non-ministerial-department", "Non-ministerial department"
    EXECUTIVE_AGENCY = "executive-agency", "Executive agency"
    NDPB = "ndpb", "Non-departmental public body"
    LOCAL_AUTHORITY = "local-authority", "Local authority"
    NHS_BODY = "nhs-body", "NHS body"
    OTHER = "other", "Other"


class OrganisationQuerySet(models.QuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)


class Organisation(models.Model):
    """A UK public body. Bodies form a tree (an agency sits under its department)."""

    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="As GOV.UK names it, for example cabinet-office.",
    )
    organisation_type = models.CharField(
        "type", max_length=40, choices=OrganisationType.choices, default=OrganisationType.OTHER
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The body this one reports to, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:home", kwargs={"org_slug": self.slug})

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": "An organisation cannot sit under itself."})
            if ancestor.pk in seen:
                raise ValidationError(
                    {"parent": f"The organisations above {ancestor} form a cycle; fix them first."}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def ancestors(self) -> list["Organisation"]:
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:  # stop at a cycle rather than loop
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return list(reversed(chain))


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Admin"


class Membership(models.Model):
    """A user's role in one organisation. Admins manage the organisation's members."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.organisation}"


class AuditEntry(models.Model):
    """An administrative act that record history cannot show, such as erasing a person.

    Written once, never changed, and kept without history. ``subject`` is an opaque reference
    (never the personal data the act was about), ``details`` holds counts, not content."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="audit_entries"
    )
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(
        max_length=150, help_text="The actor's user name then (kept if the account goes)."
    )
    action = models.CharField(max_length=60)
    subject = models.CharField(max_length=100)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["organisation", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.subject}"
