"""Legacy IT risk assessments (LITRAF) of systems."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from smarterstate.authz import Level, can
from smarterstate.authz.api import ReadableModelSerializer
from smarterstate.core.api_schema import document_lookup

from ..models import (
    IMPACT_CRITERIA,
    LIKELIHOOD_CRITERIA,
    Assessment,
    System,
)
from ..services.assessments import assessment_create, assessment_update, proposals_for
from .common import (
    DATE_RANGE,
    MAX_ID,
    FlatDictField,
    OrganisationFilterSerializer,
    _text,
    _Writable,
)

CRITERIA = (*LIKELIHOOD_CRITERIA, *IMPACT_CRITERIA)


def _evidence_keys(value: dict) -> dict:
    unknown = sorted(set(value) - set(CRITERIA))
    if unknown:
        raise serializers.ValidationError(f"Unknown criteria {unknown}; use {', '.join(CRITERIA)}.")
    return value


class AssessmentSerializer(ReadableModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    system = serializers.IntegerField(
        source="system_id",
        min_value=1,
        max_value=MAX_ID,
        help_text="The system's id (you need write access to its organisation). Fixed once created.",
    )
    assessor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    assessed_on = serializers.DateField(
        required=False, validators=DATE_RANGE, help_text="Default: today."
    )
    evidence = FlatDictField(
        child=serializers.CharField(max_length=2000, allow_blank=True, validators=[_text]),
        required=False,
        validators=[_evidence_keys],
        help_text='{criterion: evidence text}, e.g. {"l3": "Two COBOL developers left"}. '
        "On update, merged with the evidence already recorded (empty text removes it).",
    )
    proposals = serializers.DictField(
        read_only=True,
        help_text="L1 and L2 as proposed from the catalogue and contract data: "
        "{code: [score, reason]}.",
    )
    remediation_date = serializers.DateField(required=False, allow_null=True, validators=DATE_RANGE)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "organisation",
            "system",
            "assessed_on",
            "assessor",
            *LIKELIHOOD_CRITERIA,
            *IMPACT_CRITERIA,
            "evidence",
            "proposals",
            "likelihood",
            "impact",
            "risk",
            "red_rated",
            "legacy",
            "risk_owner",
            "legacy_owner",
            "funding",
            "remediation_date",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "organisation",
            "assessor",
            "proposals",
            "likelihood",
            "impact",
            "risk",
            "red_rated",
            "legacy",
            "created_at",
        ]
        extra_kwargs = {
            "l1": {
                "required": False,
                "help_text": "1–6. If left out, the score proposed from data is used "
                "(with its reason as evidence); an error if there is no proposal.",
            },
            "l2": {
                "required": False,
                "help_text": "1–6. If left out, the score proposed from the linked contracts "
                "is used (with its reason as evidence); an error if there is no proposal.",
            },
        }


@document_lookup("id", OpenApiTypes.INT, "The assessment's id.")
@extend_schema_view(list=extend_schema(parameters=[OrganisationFilterSerializer]))
class AssessmentViewSet(_Writable):
    """Legacy IT Risk Assessments (LITRAF), newest first. Editors of the system's
    organisation record them (L1 and L2 default to the scores proposed from data) and
    correct them; scores, red rating and the system's flags are worked out by the service,
    and every change is kept in the history."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Assessment.objects.select_related("organisation", "assessor").order_by(
        "-assessed_on", "-id"
    )
    serializer_class = AssessmentSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        system = System.objects.filter(pk=data.pop("system_id")).select_related("organisation")
        system = system.first()
        if system is None or not can(self.request.user, Level.READ, system.organisation):
            raise serializers.ValidationError({"system": ["There is no such system you can see."]})
        self.check_create(system.organisation)
        evidence = dict(data.get("evidence") or {})
        missing = [code for code in ("l1", "l2") if code not in data]
        if missing:
            proposals = proposals_for(system, data.get("assessed_on") or timezone.localdate())
            errors = {}
            for code in missing:
                if code in proposals:
                    score, reason = proposals[code]
                    data[code] = score
                    evidence.setdefault(code, f"Proposed from data: {reason}")
                else:
                    errors[code] = [
                        "This field is required: there is no score proposed from data "
                        + ("(no matched components)." if code == "l1" else "(no linked contracts).")
                    ]
            if errors:
                raise serializers.ValidationError(errors)
        data["evidence"] = evidence
        serializer.instance = assessment_create(system=system, user=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        assessment = serializer.instance
        system_id = data.pop("system_id", None)
        if system_id is not None and system_id != assessment.system_id:
            raise serializers.ValidationError({"system": ["An assessment stays with its system."]})
        serializer.instance = assessment_update(assessment=assessment, **data)
