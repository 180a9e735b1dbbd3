from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class SurveyOrganisationKind(models.TextChoices):
    ORGANISATION = "organisation", "Organisation"
    GROUP = "group", "Departmental group"
    BENCHMARK = "benchmark", "Civil Service benchmark"


class MappingMethod(models.TextChoices):
    AUTOMATIC = "automatic", "Matched by name"
    MANUAL = "manual", "Mapped by an administrator"


class SurveyOrganisation(models.Model):
    """A row label of the published survey tables (``DWP``, ``MOJ_GROUP``, ``CS_MEDIAN``).

    The mapping to a platform organisation is kept by code, so it is remembered across
    years; a renamed department (DLUHC → MHCLG) gets a new code, mapped once to the same
    organisation.
    """

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=300)
    department_group = models.CharField(max_length=300, blank=True)
    kind = models.CharField(
        max_length=12, choices=SurveyOrganisationKind.choices, default="organisation"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_codes",
    )
    mapping_method = models.CharField(max_length=10, choices=MappingMethod.choices, blank=True)
    mapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mapped_at = models.DateTimeField(null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"


class SurveyColumn(models.Model):
    """What one year's file published for one measure: its original code and label."""

    year = models.PositiveSmallIntegerField()
    measure_id = models.CharField(max_length=80)
    code = models.CharField(max_length=40, blank=True)
    label = models.TextField()

    class Meta:
        ordering = ["year", "measure_id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "measure_id"], name="capacity_column_once")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.code or self.measure_id}"


class ValueStatus(models.TextChoices):
    VALUE = "value", "Published"
    SUPPRESSED = "suppressed", "Suppressed ([c]: too few responses)"
    NOT_ASKED = "not-asked", "Not asked ([z])"


class SurveyResult(models.Model):
    """One published score: a year, a row of the tables and a harmonised measure.

    Values are on the 0–100 scale whatever the file used (2020 published proportions).
    Most are percent positive; the engagement index is a mean of 0–100 scores.
    Published statistics, so not audited row by row: the import keeps its report.
    """

    year = models.PositiveSmallIntegerField()
    survey_organisation = models.ForeignKey(
        SurveyOrganisation, on_delete=models.CASCADE, related_name="results"
    )
    measure_id = models.CharField(max_length=80)
    code = models.CharField(max_length=40, blank=True, help_text="The code as published.")
    value = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ValueStatus.choices, default="value")

    authz_organisation_field = "survey_organisation__organisation"

    class Meta:
        ordering = ["year", "survey_organisation", "measure_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "survey_organisation", "measure_id"], name="capacity_result_once"
            )
        ]
        indexes = [models.Index(fields=["measure_id", "year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.survey_organisation_id} {self.measure_id}: {self.value}"


class SurveyImport(models.Model):
    """One import of a survey file, with its report (what the freshness panel shows)."""

    year = models.PositiveSmallIntegerField()
    filename = models.CharField(max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.year}: {self.filename}"
