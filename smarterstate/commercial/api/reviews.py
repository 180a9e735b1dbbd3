"""Contract reviews and process notes: records of the organisation that wrote them."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check
from smarterstate.authz.api import (
    OrganisationScopedMixin,
    ReadableModelSerializer,
    ReadableRelatedField,
)
from smarterstate.core.api import SlugRelatedField
from smarterstate.core.api_schema import document_lookup
from smarterstate.organisations.models import Organisation

from ..models import (
    Contract,
    ContractReview,
    Process,
    ProcessNote,
)
from ..services.reviews import (
    CHECKLIST,
    contract_review_create,
    contract_review_update,
    kpi_gap,
    process_note_create,
)
from .common import MAX_ID


class ContractReviewSerializer(ReadableModelSerializer):
    contract = ReadableRelatedField(
        queryset=Contract.objects.select_related("process__organisation"),
        help_text="The contract's id. Its buying organisation owns the review.",
    )
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    kpi_gap = serializers.SerializerMethodField(
        help_text="Over £5m with fewer than 3 KPIs (Procurement Act 2023 s.52)."
    )

    class Meta:
        model = ContractReview
        fields = [
            "id",
            "contract",
            "organisation",
            "reviewer",
            "review_date",
            *CHECKLIST,
            "kpis_recorded",
            "notes",
            "score",
            "kpi_gap",
            "next_review_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "organisation", "reviewer", "score", "created_at", "updated_at"]
        extra_kwargs = {"kpis_recorded": {"max_value": 1000}, "notes": {"max_length": 10_000}}

    def get_kpi_gap(self, review) -> bool:
        return kpi_gap(review.contract, review.kpis_recorded)

    def validate_notes(self, value):
        if "\x00" in value:
            raise serializers.ValidationError("Null characters are not allowed.")
        return value


class ProcessNoteSerializer(ReadableModelSerializer):
    process = ReadableRelatedField(queryset=Process.objects.all(), help_text="The process's id.")
    organisation = SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="The organisation writing the note (you need write access to it).",
    )
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ProcessNote
        fields = ["id", "process", "organisation", "author", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]
        extra_kwargs = {"text": {"max_length": 10_000}}

    def validate_text(self, value):
        if "\x00" in value:
            raise serializers.ValidationError("Null characters are not allowed.")
        if not value.strip():
            raise serializers.ValidationError("Write the note.")
        return value


@document_lookup("id", OpenApiTypes.INT, "The review's id.")
class ContractReviewViewSet(OrganisationScopedMixin, viewsets.ModelViewSet):
    """Continuous-value reviews. The buying organisation's editors write them; its members read them.

    The score (0–100) is computed from the checklist; the next review date defaults
    to 6 or 12 months after the review.
    """

    queryset = ContractReview.objects.select_related(
        "contract__process", "organisation", "reviewer"
    ).order_by("-review_date", "id")
    serializer_class = ContractReviewSerializer
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        contract = data.pop("contract")
        check(self.request.user, Level.WRITE, contract.process.organisation)
        serializer.instance = contract_review_create(
            contract=contract, user=self.request.user, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        contract = data.pop("contract", None)
        if contract is not None and contract.pk != serializer.instance.contract_id:
            raise serializers.ValidationError(
                {"contract": ["A review stays with its contract; record a new review instead."]}
            )
        serializer.instance = contract_review_update(
            review=serializer.instance, user=self.request.user, **data
        )


@document_lookup("id", OpenApiTypes.INT, "The note's id.")
class ProcessNoteViewSet(
    OrganisationScopedMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Notes on contracting processes. OCDS data is public; a note belongs to the organisation
    that wrote it, and only that organisation's members read it. ``?process=<id>`` filters."""

    queryset = ProcessNote.objects.select_related("process", "organisation", "author").order_by(
        "-created_at", "-id"
    )
    serializer_class = ProcessNoteSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        queryset = super().get_queryset()
        process = self.request.query_params.get("process")
        if process:
            if not process.isdigit() or int(process) > MAX_ID:
                raise serializers.ValidationError({"process": ["Give a process id (a number)."]})
            queryset = queryset.filter(process_id=int(process))
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_create(data["organisation"])
        serializer.instance = process_note_create(
            process=data["process"],
            organisation=data["organisation"],
            user=self.request.user,
            text=data["text"],
        )
