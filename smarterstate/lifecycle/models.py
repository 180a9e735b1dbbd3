"""Technology lifecycle: the vendor catalogue (endoflife.date), its dated snapshots, an
organisation's systems and their components, SBOM imports, local overrides, legacy risk
assessments (LITRAF) and the calendar feed.

Vendor data (Product, Cycle) is shared by every organisation and changes only by catalogue
sync; each sync is a CatalogueSnapshot and each cycle that changed gets a CycleRevision, so
the estate can be seen as the catalogue stood on any date. Everything an organisation owns
carries ``organisation`` (the authz module scopes by it) and keeps its history.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

# -- vendor catalogue --------------------------------------------------------------------


class CatalogueSnapshot(models.Model):
    """One catalogue sync: when, from where, and what changed."""

    synced_at = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=500)
    schema_version = models.CharField(max_length=20, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    products = models.PositiveIntegerField(default=0)
    cycles = models.PositiveIntegerField(default=0)
    products_added = models.PositiveIntegerField(default=0)
    cycles_added = models.PositiveIntegerField(default=0)
    cycles_changed = models.PositiveIntegerField(default=0)
    cycles_removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-synced_at", "-pk"]
        get_latest_by = "synced_at"

    def __str__(self) -> str:
        return f"Catalogue sync of {self.synced_at:%Y-%m-%d %H:%M}"


class Product(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="endoflife.date product name.")
    label = models.CharField(max_length=200)
    category = models.CharField(max_length=50, blank=True)
    tags = models.JSONField(default=list, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    identifiers = models.JSONField(
        default=list, blank=True, help_text='[{"type": "purl"|"cpe"|"repology", "id": …}]'
    )
    links = models.JSONField(default=dict, blank=True)
    labels = models.JSONField(default=dict, blank=True)
    digest = models.CharField(max_length=64, blank=True, help_text="Hash of the vendor data.")
    # Null: the vendor catalogue. Set: an organisation's own lifecycle entry for software the
    # catalogue does not cover; only its members see it and only its mappings match it.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_products",
    )
    evidence = models.TextField(blank=True, help_text="Where an organisation's dates come from.")

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class CycleFields(models.Model):
    """The dated lifecycle of a release cycle (endoflife.date API v1 names in comments)."""

    release_date = models.DateField(null=True, blank=True)  # releaseDate
    is_lts = models.BooleanField(default=False)  # isLts
    lts_from = models.DateField(null=True, blank=True)  # ltsFrom
    is_eoas = models.BooleanField(null=True)  # isEoas
    eoas_from = models.DateField(null=True, blank=True)  # eoasFrom: end of active support
    is_eol = models.BooleanField(null=True)  # isEol
    eol_from = models.DateField(null=True, blank=True)  # eolFrom: end of security support
    is_eoes = models.BooleanField(null=True)  # isEoes; null = not offered
    eoes_from = models.DateField(null=True, blank=True)  # eoesFrom: end of extended support
    is_discontinued = models.BooleanField(null=True)
    discontinued_from = models.DateField(null=True, blank=True)
    is_maintained = models.BooleanField(null=True)

    LIFECYCLE_FIELDS = (
        "release_date",
        "is_lts",
        "lts_from",
        "is_eoas",
        "eoas_from",
        "is_eol",
        "eol_from",
        "is_eoes",
        "eoes_from",
        "is_discontinued",
        "discontinued_from",
        "is_maintained",
    )

    class Meta:
        abstract = True


class Cycle(CycleFields):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="cycles")
    name = models.CharField(max_length=100)
    label = models.CharField(max_length=200, blank=True)
    codename = models.CharField(max_length=200, blank=True)
    latest_name = models.CharField(max_length=100, blank=True)
    latest_date = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order in the vendor's list.")
    removed = models.BooleanField(default=False, help_text="No longer in the catalogue.")

    class Meta:
        ordering = ["product__label", "position"]
        constraints = [
            models.UniqueConstraint(fields=["product", "name"], name="cycle_once_per_product")
        ]

    def __str__(self) -> str:
        return f"{self.product.label} {self.name}" if self.product_id else self.name


class RevisionKind(models.TextChoices):
    ADDED = "added", "New cycle"
    CHANGED = "changed", "Changed"
    REMOVED = "removed", "Removed"


class CycleRevision(CycleFields):
    """A cycle's lifecycle as one sync found it, kept whenever it changed."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="revisions")
    snapshot = models.ForeignKey(
        CatalogueSnapshot, on_delete=models.CASCADE, related_name="revisions"
    )
    kind = models.CharField(max_length=10, choices=RevisionKind.choices)
    changes = models.JSONField(
        default=list, blank=True, help_text="[[field, old, new], …] for a changed cycle."
    )

    class Meta:
        ordering = ["-snapshot__synced_at", "cycle_id"]
        indexes = [models.Index(fields=["cycle", "snapshot"])]

    def __str__(self) -> str:
        return f"{self.cycle} {self.kind} in {self.snapshot}"


# -- register --------------------------------------------------------------------------


class Criticality(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Business critical"


class Hosting(models.TextChoices):
    ON_PREMISES = "on-premises", "On premises"
    PUBLIC_CLOUD = "public-cloud", "Public cloud"
    PRIVATE_CLOUD = "private-cloud", "Private cloud"
    HYBRID = "hybrid", "Hybrid"
    SAAS = "saas", "Software as a service"
    OTHER = "other", "Other"


class Phase(models.TextChoices):
    PLAN = "plan", "Plan"
    PHASE_IN = "phase-in", "Phase in"
    ACTIVE = "active", "Active"
    PHASE_OUT = "phase-out", "Phase out"
    END_OF_LIFE = "end-of-life", "End of life"


class SystemQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def search(self, text: str):
        return self.filter(name__icontains=text) if text else self


class System(models.Model):
    """A business application or service an organisation owns."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="systems"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True, help_text="Who is accountable for it.")
    criticality = models.CharField(
        max_length=10, choices=Criticality.choices, default=Criticality.MEDIUM
    )
    users = models.PositiveIntegerField(null=True, blank=True, help_text="How many people use it.")
    hosting = models.CharField(max_length=20, choices=Hosting.choices, blank=True)
    annual_cost = models.DecimalField(
        "annual cost (£)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    phase = models.CharField(
        "lifecycle phase", max_length=12, choices=Phase.choices, default=Phase.ACTIVE
    )
    plan_date = models.DateField("plan from", null=True, blank=True)
    phase_in_date = models.DateField("phase in from", null=True, blank=True)
    active_date = models.DateField("active from", null=True, blank=True)
    phase_out_date = models.DateField("phase out from", null=True, blank=True)
    end_of_life_date = models.DateField("end of life from", null=True, blank=True)
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="predecessors"
    )
    exit_plan = models.TextField(blank=True)
    open_standards_notes = models.TextField("open standards notes", blank=True)
    contracts = models.ManyToManyField(
        "commercial.Contract", blank=True, related_name="lifecycle_systems"
    )
    # From the latest legacy risk assessment (kept here so lists and the radar need no join).
    risk_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    red_rated = models.BooleanField(default=False)
    legacy = models.BooleanField(default=False)
    remediation_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = SystemQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="system_name_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_plan(self) -> bool:
        return bool(self.remediation_date or self.successor_id or self.exit_plan.strip())


class ComponentSource(models.TextChoices):
    MANUAL = "manual", "Entered"
    SBOM = "sbom", "SBOM"


class SBOMImport(models.Model):
    """One SBOM read for a system: kept after a later SBOM replaces its components."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="sbom_imports"
    )
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="sbom_imports")
    filename = models.CharField(max_length=255)
    spec_version = models.CharField(max_length=10)
    serial_number = models.CharField(max_length=255, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "SBOM import"

    def __str__(self) -> str:
        return f"{self.filename} for {self.system}"


class MatchKind(models.TextChoices):
    """How a component was matched to a catalogue product (counted apart on every page)."""

    NONE = "", "Not matched"
    PURL = "purl", "Exact purl"
    CPE = "cpe", "CPE"
    FAMILY = "family", "Same purl namespace (inferred)"
    MAPPING = "mapping", "Your organisation's mapping"


class Component(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="components"
    )
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="components")
    name = models.CharField(max_length=300)
    version = models.CharField(max_length=100, blank=True)
    purl = models.CharField("package URL (purl)", max_length=1000, blank=True)
    cpe = models.CharField("CPE", max_length=500, blank=True)
    where_used = models.CharField(max_length=300, blank=True)
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="components"
    )
    cycle = models.ForeignKey(
        Cycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="components"
    )
    match_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why it is not matched, or how an inferred match was made.",
    )
    match_kind = models.CharField(
        max_length=10, choices=MatchKind.choices, blank=True, default=MatchKind.NONE
    )
    source = models.CharField(
        max_length=10, choices=ComponentSource.choices, default=ComponentSource.MANUAL
    )
    sbom = models.ForeignKey(
        SBOMImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="components"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "version"]
        # Covering indexes for the estate roll-ups (by cycle and by system).
        indexes = [
            models.Index(fields=["organisation", "cycle", "system"]),
            models.Index(fields=["organisation", "system", "cycle"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()


class Milestone(models.TextChoices):
    EOAS = "eoas", "End of active support"
    EOL = "eol", "End of life (security support)"
    EOES = "eoes", "End of extended support"


class CycleOverride(models.Model):
    """An organisation's own date for a cycle milestone (e.g. a paid extended-support contract).

    Shown next to the vendor's date, never in its place without saying so, and only until it expires.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="cycle_overrides"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="overrides")
    milestone = models.CharField(max_length=4, choices=Milestone.choices, default=Milestone.EOL)
    date = models.DateField("our date")
    evidence = models.TextField(help_text="The contract or notice that gives this date.")
    owner = models.CharField(max_length=200, help_text="Who answers for it.")
    expires_on = models.DateField(help_text="After this date the vendor's date applies again.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle__product__label", "cycle__name", "milestone"]

    def __str__(self) -> str:
        return f"{self.cycle} {self.get_milestone_display()}: {self.date}"


# -- legacy risk (LITRAF) ---------------------------------------------------------------

LIKELIHOOD_CRITERIA = {
    "l1": "End of life or end of support",
    "l2": "Vendor contract expired",
    "l3": "Lack of skills",
    "l4": "Cannot meet business needs",
    "l5": "Unsuitable hardware or environment",
    "l6": "Known vulnerabilities",
    "l7": "Recorded issues or outages",
}
IMPACT_CRITERIA = {
    "c1": "National security, health or safety",
    "c2": "Reputational",
    "c3": "Direct financial",
    "c4": "External stakeholders",
    "c5": "Operational hours",
    "c6": "Barrier to other systems",
}


def _likelihood(code: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        f"{code.upper()} {LIKELIHOOD_CRITERIA[code].lower()}",
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )


def _impact(code: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        f"{code.upper()} {IMPACT_CRITERIA[code].lower()}",
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )


class Assessment(models.Model):
    """A Legacy IT Risk Assessment of one system on one date; the newest is the current one."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="legacy_assessments"
    )
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    l1 = _likelihood("l1")
    l2 = _likelihood("l2")
    l3 = _likelihood("l3")
    l4 = _likelihood("l4")
    l5 = _likelihood("l5")
    l6 = _likelihood("l6")
    l7 = _likelihood("l7")
    c1 = _impact("c1")
    c2 = _impact("c2")
    c3 = _impact("c3")
    c4 = _impact("c4")
    c5 = _impact("c5")
    c6 = _impact("c6")
    evidence = models.JSONField(default=dict, blank=True, help_text="{criterion: evidence text}")
    proposals = models.JSONField(
        default=dict, blank=True, help_text="L1/L2 as proposed from data: {code: [score, reason]}"
    )
    likelihood = models.DecimalField(max_digits=4, decimal_places=2, default=0)
    impact = models.DecimalField(max_digits=4, decimal_places=2, default=0)
    risk = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    red_rated = models.BooleanField(default=False)
    legacy = models.BooleanField(default=False)
    # Legacy-proofing plan
    risk_owner = models.CharField(max_length=200, blank=True)
    legacy_owner = models.CharField(max_length=200, blank=True)
    funding = models.CharField(max_length=300, blank=True, help_text="Where the money comes from.")
    remediation_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"Legacy risk of {self.system} on {self.assessed_on}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret behind an organisation's read-only iCalendar feed of lifecycle milestones."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="lifecycle_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Lifecycle calendar of {self.organisation}"


# Organisation mappings of uncovered component families (their own module: this one is full).
from .mappings import ComponentMapping  # noqa: E402, F401
