"""Reads for the AI assurance pages and API: lists with their joins, dashboard counts."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .dpia import APPLIES, CONSIDER_THRESHOLD, DpiaStatus, screening_outcome
from .models import (
    Assessment,
    AssessmentStatus,
    Framework,
    Kind,
    Phase,
    RecordStatus,
    RiskLevel,
    TransparencyRecord,
    UseCase,
)


def use_cases(
    organisation,
    *,
    phase: str = "",
    kind: str = "",
    risk: str = "",
    q: str = "",
    dpia: str = "",
) -> QuerySet:
    queryset = UseCase.objects.filter(organisation=organisation).select_related("organisation")
    if dpia == "missing":
        # As the dashboard counts them (summary): screening says a DPIA is needed, none completed.
        cases = queryset.values_list("pk", "dpia_reference", "dpia_completed_on")
        statuses = dpia_statuses([pk for pk, _, _ in cases])
        missing = [
            pk
            for pk, reference, completed in cases
            if pk in statuses and statuses[pk].needed and not (reference and completed)
        ]
        queryset = queryset.filter(pk__in=missing)
    if phase:
        queryset = queryset.filter(phase=phase)
    if kind:
        queryset = queryset.filter(kind=kind)
    if risk:
        queryset = queryset.filter(risk_level=risk)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(purpose__icontains=q))
    return queryset.annotate(
        third_party_count=Count("third_parties", distinct=True),
        assessment_count=Count("assessments", distinct=True),
    ).order_by("name", "pk")


def assessments(
    organisation, *, status: str = "", framework: str = "", review: str = ""
) -> QuerySet:
    queryset = Assessment.objects.filter(use_case__organisation=organisation).select_related(
        "use_case", "checklist", "signed_off_by"
    )
    if review == "overdue":
        # As the dashboard counts them (summary): approved, past the review date.
        queryset = queryset.filter(
            status=AssessmentStatus.APPROVED, review_date__lt=timezone.localdate()
        )
    if status:
        queryset = queryset.filter(status=status)
    if framework:
        queryset = queryset.filter(checklist__framework=framework)
    return queryset.annotate(
        unanswered_count=Count("answers", filter=Q(answers__answer=""), distinct=True),
        item_count=Count("answers", distinct=True),
    ).order_by("use_case__name", "checklist__framework", "-created_at", "-pk")


def records(organisation) -> QuerySet:
    return TransparencyRecord.objects.filter(organisation=organisation).select_related(
        "use_case", "organisation", "published_by"
    )


def published_records(organisation) -> QuerySet:
    return (
        TransparencyRecord.objects.published()
        .filter(organisation=organisation)
        .select_related("organisation")
        .order_by("published_at", "pk")
    )


def dpia_statuses(use_case_ids) -> dict[int, DpiaStatus]:
    """The latest DPIA screening outcome per use case (without the trigger texts), in one query."""
    applies = {"answers__answer__in": APPLIES}
    screenings = (
        Assessment.objects.filter(
            use_case_id__in=use_case_ids, checklist__framework=Framework.ICO_DPIA
        )
        .annotate(
            always=Count("answers", filter=Q(answers__item__group="always", **applies)),
            consider=Count("answers", filter=Q(answers__item__group="consider", **applies)),
        )
        .values("use_case_id", "always", "consider")
        .order_by("use_case_id", "-created_at", "-pk")
    )
    result: dict[int, DpiaStatus] = {}
    for row in screenings:
        if row["use_case_id"] in result:
            continue
        result[row["use_case_id"]] = DpiaStatus(
            screened=True,
            required=row["always"] > 0,
            likely=row["always"] == 0 and row["consider"] >= CONSIDER_THRESHOLD,
        )
    return result


def summary(organisations) -> list[dict]:
    """Per organisation: use cases by phase, kind and risk; assessments; DPIAs; records."""
    organisations = list(organisations)
    today = timezone.localdate()
    org_ids = [org.pk for org in organisations]
    cases = list(
        UseCase.objects.filter(organisation_id__in=org_ids).values(
            "pk",
            "organisation_id",
            "phase",
            "kind",
            "risk_level",
            "dpia_reference",
            "dpia_completed_on",
        )
    )
    statuses = dpia_statuses([case["pk"] for case in cases])
    assessment_rows = Assessment.objects.filter(use_case__organisation_id__in=org_ids).values(
        "use_case__organisation_id", "status", "review_date"
    )
    record_rows = TransparencyRecord.objects.filter(organisation_id__in=org_ids).values(
        "organisation_id", "status"
    )
    cases_by_org: dict[int, list] = defaultdict(list)
    for case in cases:
        cases_by_org[case["organisation_id"]].append(case)
    assessments_by_org: dict[int, list] = defaultdict(list)
    for row in assessment_rows:
        assessments_by_org[row["use_case__organisation_id"]].append(row)
    records_by_org: dict[int, Counter] = defaultdict(Counter)
    for row in record_rows:
        records_by_org[row["organisation_id"]][row["status"]] += 1
    result = []
    for org in organisations:
        mine = cases_by_org[org.pk]
        mine_assessments = assessments_by_org[org.pk]
        approved = [a for a in mine_assessments if a["status"] == AssessmentStatus.APPROVED]
        overdue = sum(1 for a in approved if a["review_date"] and a["review_date"] < today)
        needing = [case for case in mine if case["pk"] in statuses and statuses[case["pk"]].needed]
        result.append(
            {
                "organisation": org,
                "use_cases": len(mine),
                "by_phase": Counter(case["phase"] for case in mine),
                "by_kind": Counter(case["kind"] for case in mine),
                "by_risk": Counter(case["risk_level"] for case in mine),
                "assessments": len(mine_assessments),
                "assessments_complete": len(approved) - overdue,
                "assessments_overdue": overdue,
                "assessments_open": len(mine_assessments) - len(approved),
                "dpias_required": len(needing),
                "dpias_missing": sum(
                    1
                    for case in needing
                    if not (case["dpia_reference"] and case["dpia_completed_on"])
                ),
                "records_published": records_by_org[org.pk][RecordStatus.PUBLISHED],
                "records_draft": records_by_org[org.pk][RecordStatus.DRAFT],
            }
        )
    return result


def breakdown(counter: Counter, choices) -> list[dict]:
    return [{"label": str(label), "count": counter.get(value, 0)} for value, label in choices]


PHASE_CHOICES = Phase.choices
KIND_CHOICES = Kind.choices
RISK_CHOICES = RiskLevel.choices


def latest_screening(use_case: UseCase) -> Assessment | None:
    return (
        use_case.assessments.filter(checklist__framework=Framework.ICO_DPIA)
        .order_by("-created_at", "-pk")
        .first()
    )


def dpia_status(use_case: UseCase) -> DpiaStatus:
    screening = latest_screening(use_case)
    if screening is None:
        return DpiaStatus()
    return screening_outcome(screening.answers.select_related("item"))
