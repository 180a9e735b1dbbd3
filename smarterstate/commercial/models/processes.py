"""Normalised contracting processes: what the indicators and pages read.

Rebuilt from each ocid's compiled release (and its releases' tags and dates)
whenever the ocid is recompiled, by commercial.normalise.
"""

from django.db import models


class MethodCategory(models.TextChoices):
    OPEN = "open", "Open"
    SELECTIVE = "selective", "Selective"
    LIMITED = "limited", "Limited"
    DIRECT = "direct", "Direct"
    UNKNOWN = "", "Not stated"


class Process(models.Model):
    authz_public = True  # published OCDS data: everyone signed in reads it (smarterstate.authz)

    # Indexes are chosen for the dashboards and lists; each costs every one of millions of
    # inserts, so none is repeated: buyer and organisation lead the composite indexes below,
    # and ocid's uniqueness is a constraint (unique=True would add an unused LIKE index).
    ocid = models.CharField(max_length=255)
    buyer = models.ForeignKey(
        "commercial.Party",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="processes",
        db_index=False,
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ocds_processes",
        db_index=False,
        help_text="The platform organisation the buyer is mapped to, if any.",
    )
    title = models.TextField(blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=40, blank=True, help_text="tender.status")
    procurement_method = models.CharField(max_length=40, blank=True)
    procurement_method_details = models.TextField(blank=True)
    method_category = models.CharField(max_length=10, choices=MethodCategory.choices, blank=True)
    is_call_off = models.BooleanField(
        default=False, help_text="Through a framework agreement or dynamic purchasing system (A4)."
    )
    main_cpv = models.CharField(max_length=20, blank=True)
    cpv_division = models.CharField(max_length=2, blank=True)
    tender_value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    tender_currency = models.CharField(max_length=3, blank=True)
    tender_start = models.DateTimeField(null=True, blank=True)
    tender_start_source = models.CharField(
        max_length=40, blank=True, help_text="Which field gave tender_start (A1 definition order)."
    )
    tender_end = models.DateTimeField(null=True, blank=True)
    number_of_tenderers = models.PositiveIntegerField(null=True, blank=True)
    notice_types = models.JSONField(
        default=list, blank=True, help_text="UK notice types seen (UK1…UK17)."
    )
    has_prior_engagement = models.BooleanField(
        null=True,
        help_text="A planning release or UK2 notice before the tender (A6); null if no tender.",
    )
    first_release_date = models.DateTimeField(null=True, blank=True)
    last_release_date = models.DateTimeField(null=True, blank=True)
    release_count = models.PositiveIntegerField(default=0)
    awarded_value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    first_award_date = models.DateTimeField(null=True, blank=True)
    reference_date = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="The date that places the process in a period: first award, else tender start, else first release.",
    )

    class Meta:
        ordering = ["-reference_date"]
        verbose_name_plural = "processes"
        constraints = [models.UniqueConstraint(fields=["ocid"], name="process_once_per_ocid")]
        indexes = [
            models.Index(fields=["organisation", "reference_date"]),
            models.Index(fields=["buyer", "reference_date"]),
            models.Index(fields=["procurement_method"]),
            # L6's activity search by buyer and division (crunch points while the stored
            # latest-activity dates are being rebuilt) and L2's drill-down by buyer.
            models.Index(fields=["buyer", "cpv_division"], name="process_buyer_division"),
        ]

    def __str__(self) -> str:
        return self.title or self.ocid


class Lot(models.Model):
    # Not indexed alone: the unique constraint below leads with it.
    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="lots",
        db_index=False,
    )
    lot_id = models.CharField(max_length=255)
    title = models.TextField(blank=True)
    status = models.CharField(max_length=40, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "lot_id"], name="lot_once_per_process")
        ]

    def __str__(self) -> str:
        return self.title or self.lot_id


class Award(models.Model):
    authz_public = True  # published OCDS data: everyone signed in reads it (smarterstate.authz)

    # Not indexed alone: the unique constraint below leads with it.
    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="awards",
        db_index=False,
    )
    award_id = models.CharField(max_length=255)
    title = models.TextField(blank=True)
    status = models.CharField(max_length=40, blank=True)
    date = models.DateTimeField(null=True, blank=True, db_index=True)
    value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    suppliers = models.ManyToManyField(
        "commercial.Party", through="AwardSupplier", related_name="awards"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "award_id"], name="award_once_per_process")
        ]

    def __str__(self) -> str:
        from ..naming import award_name

        return award_name(self)


class AwardSupplier(models.Model):
    # Not indexed alone: the unique constraint below leads with it.
    award = models.ForeignKey(Award, on_delete=models.CASCADE, db_index=False)
    party = models.ForeignKey(
        "commercial.Party", on_delete=models.CASCADE, related_name="award_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["award", "party"], name="supplier_once_per_award")
        ]

    def __str__(self) -> str:
        return f"{self.party_id} in award {self.award_id}"


class Contract(models.Model):
    authz_public = True  # published OCDS data: everyone signed in reads it (smarterstate.authz)

    # Not indexed alone: the unique constraint below leads with it.
    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="contracts",
        db_index=False,
    )
    contract_id = models.CharField(max_length=255)
    award = models.ForeignKey(
        Award, null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts"
    )
    title = models.TextField(blank=True)
    status = models.CharField(max_length=40, blank=True)
    date_signed = models.DateTimeField(null=True, blank=True)
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True, db_index=True)
    max_extent_date = models.DateTimeField(
        null=True,
        blank=True,
        help_text="period.maxExtentDate: the latest the contract may run to with every extension.",
    )
    original_period_end = models.DateTimeField(
        null=True, blank=True, help_text="The end date first published (L4: months added)."
    )
    value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    original_value = models.DecimalField(
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Award or first contract value (L4).",
    )
    currency = models.CharField(max_length=3, blank=True)
    amendment_count = models.PositiveIntegerField(default=0)
    kpi_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="KPIs published (L7); null if unknown."
    )
    from_award = models.BooleanField(
        default=False,
        help_text=(
            "Derived from an award that has no contracts[] entry (Contracts Finder award notices "
            "carry the contract period and value on the award); contract_id is 'award:<award id>'."
        ),
    )

    # Whose contract it is, for authz: its process's buying organisation.
    authz_organisation_field = "process__organisation"

    class Meta:
        ordering = ["period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "contract_id"], name="contract_once_per_process"
            )
        ]

    def __str__(self) -> str:
        from ..naming import contract_name

        return contract_name(self)


class Amendment(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="amendments")
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.CASCADE, related_name="amendments"
    )
    amendment_id = models.CharField(max_length=255, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    source = models.CharField(
        max_length=20, blank=True, help_text="tender, award, contract or UK10 notice."
    )

    def __str__(self) -> str:
        return f"Amendment {self.amendment_id or self.pk} of {self.process_id}"
