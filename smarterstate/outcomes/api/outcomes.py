"""Outcomes (benefit profiles) and their measurements."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check
from smarterstate.authz.api import OrganisationScopedMixin, ReadableRelatedField
from smarterstate.core.api_schema import document_lookup

from ..models import Initiative, Measurement, MeasurementSource, Outcome
from ..services import outcomes
from .common import MEASURE, InlineChoicesSerializer, ListFilteredById


class OutcomeSerializer(InlineChoicesSerializer):
    initiative = ReadableRelatedField(queryset=Initiative.objects.all())
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    baseline_value = serializers.DecimalField(**MEASURE, required=False, allow_null=True)
    target_value = serializers.DecimalField(**MEASURE, required=False, allow_null=True)
    is_measurable = serializers.BooleanField(read_only=True)

    class Meta:
        model = Outcome
        fields = [
            "id",
            "initiative",
            "organisation",
            *outcomes.OUTCOME_FIELDS,
            "is_measurable",
            "latest_value",
            "latest_date",
            "measurement_count",
            "realisation",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "organisation",
            "is_measurable",
            "latest_value",
            "latest_date",
            "measurement_count",
            "realisation",
            "created_at",
            "updated_at",
        ]


@document_lookup("id", OpenApiTypes.INT, "The outcome's id.")
class OutcomeViewSet(ListFilteredById, OrganisationScopedMixin, viewsets.ModelViewSet):
    """Outcomes (benefit profiles) with baseline, target, latest measurement and realisation %.
    ``?initiative=<id>`` filters."""

    queryset = Outcome.objects.select_related("organisation").order_by(
        "initiative_id", "name", "id"
    )
    serializer_class = OutcomeSerializer
    lookup_value_regex = "[^/]+"
    list_filter = "initiative"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        initiative = data.pop("initiative")
        check(self.request.user, Level.WRITE, initiative.organisation)
        serializer.instance = outcomes.outcome_create(
            initiative=initiative, user=self.request.user, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        initiative = data.pop("initiative", None)
        if initiative is not None and initiative.pk != serializer.instance.initiative_id:
            raise serializers.ValidationError(
                {"initiative": ["An outcome stays with its initiative."]}
            )
        serializer.instance = outcomes.outcome_update(
            outcome=serializer.instance, user=self.request.user, **data
        )

    def perform_destroy(self, instance):
        outcomes.outcome_delete(outcome=instance, user=self.request.user)


class MeasurementSerializer(InlineChoicesSerializer):
    outcome = ReadableRelatedField(queryset=Outcome.objects.all())
    value = serializers.DecimalField(**MEASURE)
    unit = serializers.CharField(
        write_only=True,
        required=False,
        max_length=40,
        help_text="Optional check: must be the outcome's unit.",
    )
    result = serializers.SerializerMethodField(
        help_text="created, updated or unchanged (on ingestion)."
    )

    class Meta:
        model = Measurement
        fields = [
            "id",
            "outcome",
            "date",
            "value",
            "unit",
            "source",
            "note",
            "result",
            "created_at",
        ]
        read_only_fields = ["id", "source", "result", "created_at"]
        # One value per outcome and date: a second POST updates it (the service decides).
        validators: list = []

    def get_result(self, measurement) -> str:
        return getattr(measurement, "ingest_result", "")


@document_lookup("id", OpenApiTypes.INT, "The measurement's id.")
class MeasurementViewSet(
    ListFilteredById,
    OrganisationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Measurements of outcomes. POST ingests one: the outcome must exist and be yours, the unit
    (if sent) must be the outcome's, the date real and not in the future. ``?outcome=<id>`` filters."""

    queryset = Measurement.objects.select_related("outcome").order_by("outcome_id", "date", "id")
    serializer_class = MeasurementSerializer
    lookup_value_regex = "[^/]+"
    list_filter = "outcome"

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        if response.data.get("result") != "created":
            response.status_code = 200  # an existing measurement, updated or unchanged
        return response

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        outcome = data.pop("outcome")
        check(self.request.user, Level.WRITE, outcome.organisation)
        measurement, result = outcomes.measurement_record(
            outcome=outcome, source=MeasurementSource.API, user=self.request.user, **data
        )
        measurement.ingest_result = result
        serializer.instance = measurement

    def perform_destroy(self, instance):
        outcomes.measurement_delete(measurement=instance, user=self.request.user)
