from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Party(models.Model):
    """A buyer or supplier, identified across releases.

    ``key`` is ``SCHEME-ID`` (e.g. ``GB-COH-01234567``) when the party has an
    identifier, else ``name:<normalised name>`` — many suppliers have none.
    """

    authz_public = True  # published OCDS data: everyone signed in reads it (smarterstate.authz)

    # Unique by the constraint in Meta (unique=True would add an unused LIKE index).
    key = models.CharField(max_length=300)
    name = models.CharField(max_length=500)
    scheme = models.CharField(max_length=50, blank=True)
    identifier = models.CharField(max_length=200, blank=True)
    is_sme = models.BooleanField(null=True)
    is_vcse = models.BooleanField(null=True)
    is_buyer = models.BooleanField(default=False)
    is_supplier = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["key"], name="party_once_per_key")]
        indexes = [models.Index(fields=["name"])]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return self.name


class MappingMethod(models.TextChoices):
    IDENTIFIER = "identifier", "By identifier"
    NAME = "name", "By name"
    MANUAL = "manual", "By an admin"


class BuyerMapping(models.Model):
    """Which platform organisation an OCDS buyer is. Remembered across imports."""

    party = models.OneToOneField(Party, on_delete=models.CASCADE, related_name="mapping")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="buyer_mappings"
    )
    method = models.CharField(max_length=12, choices=MappingMethod.choices)
    mapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mapped_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    authz_organisation_field = "organisation"

    def __str__(self) -> str:
        return f"{self.party} → {self.organisation}"
