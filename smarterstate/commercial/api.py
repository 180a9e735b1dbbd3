"""API under /api/v1/commercial/: OCDS data (public to anyone signed in) and reviews (scoped).

Processes, suppliers, buyers, crunch points and imports are published data:
every signed-in user reads all of them. Indicator values for an organisation
are shown only to those who can read that organisation; buyer values are
public. Reviews belong to the buying organisation: reading needs READ on it,
writing WRITE (``OrganisationScopedMixin``).
"""

from __future__ import annotations

import json

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check, readable_organisations
from smarterstate.authz.api import (
    IsAuthenticatedMember,
    OrganisationScopedMixin,
    ReadableModelSerializer,
    ReadableRelatedField,
)
from smarterstate.core.api import SlugRelatedField
from smarterstate.core.api_schema import document_lookup
from smarterstate.organisations.models import Organisation

from . import selectors
from .forms import EARLIEST
from .models import (
    Amendment,
    Award,
    CompiledRelease,
    Contract,
    ContractReview,
    IndicatorValue,
    Lot,
    MethodCategory,
    OCDSImport,
    PeriodKind,
    Process,
    ProcessNote,
    ScopeKind,
)
from .models import Party as PartyModel
from .services.reviews import (
    CHECKLIST,
    contract_review_create,
    contract_review_update,
    kpi_gap,
    process_note_create,
)
from .views.contracts import months_between
from .views.dashboard import NEWEST_FIRST

# The largest id the databases store (a signed 64-bit integer); larger filter values are refused.
MAX_ID = 2**63 - 1


class PublishedData(IsAuthenticatedMember):
    """OCDS data is public to everyone signed in: no per-record organisation check.

    Used only on read-only viewsets whose querysets do any scoping themselves.
    """

    def has_object_permission(self, request, view, obj) -> bool:
        return True


# -- serializers -------------------------------------------------------------------


class PartySerializer(ReadableModelSerializer):
    class Meta:
        model = PartyModel
        fields = ["id", "key", "name", "scheme", "identifier", "is_sme", "is_vcse"]
        read_only_fields = fields


class PartyBriefSerializer(ReadableModelSerializer):
    class Meta:
        model = PartyModel
        fields = ["id", "key", "name"]
        read_only_fields = fields


class ProcessSerializer(ReadableModelSerializer):
    buyer = PartyBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Process
        fields = [
            "id",
            "ocid",
            "title",
            "buyer",
            "status",
            "procurement_method",
            "method_category",
            "is_call_off",
            "main_cpv",
            "tender_value",
            "tender_currency",
            "tender_start",
            "tender_end",
            "number_of_tenderers",
            "awarded_value",
            "first_award_date",
            "reference_date",
        ]
        read_only_fields = fields


class LotSerializer(ReadableModelSerializer):
    class Meta:
        model = Lot
        fields = ["lot_id", "title", "status", "value", "currency"]
        read_only_fields = fields


class AwardSerializer(ReadableModelSerializer):
    suppliers = PartyBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Award
        fields = ["award_id", "title", "status", "date", "value", "currency", "suppliers"]
        read_only_fields = fields


class ContractSerializer(ReadableModelSerializer):
    class Meta:
        model = Contract
        fields = [
            "id",
            "contract_id",
            "title",
            "status",
            "date_signed",
            "period_start",
            "period_end",
            "original_period_end",
            "value",
            "original_value",
            "currency",
            "amendment_count",
            "kpi_count",
        ]
        read_only_fields = fields


class AmendmentSerializer(ReadableModelSerializer):
    class Meta:
        model = Amendment
        fields = ["amendment_id", "date", "description", "rationale", "source"]
        read_only_fields = fields


class ProcessDetailSerializer(ProcessSerializer):
    lots = LotSerializer(many=True, read_only=True)
    awards = AwardSerializer(many=True, read_only=True)
    contracts = ContractSerializer(many=True, read_only=True)
    amendments = AmendmentSerializer(many=True, read_only=True)
    compiled_release = serializers.SerializerMethodField()

    class Meta(ProcessSerializer.Meta):
        fields = [
            *ProcessSerializer.Meta.fields,
            "description",
            "procurement_method_details",
            "notice_types",
            "has_prior_engagement",
            "release_count",
            "lots",
            "awards",
            "contracts",
            "amendments",
            "compiled_release",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "nullable": True, "additionalProperties": True})
    def get_compiled_release(self, process) -> dict | None:
        compiled = CompiledRelease.objects.filter(ocid=process.ocid).only("data").first()
        return json.loads(compiled.data) if compiled else None


class ProcessFilterSerializer(serializers.Serializer):
    buyer = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="The buyer's id."
    )
    supplier = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="A supplier's id: processes it won an award in.",
    )
    method = serializers.ChoiceField(
        required=False,
        choices=[c for c in MethodCategory.values if c],
        help_text="Procurement method category.",
    )
    status = serializers.CharField(required=False, max_length=40, help_text="Tender status.")
    date_from = serializers.DateField(
        required=False,
        validators=[EARLIEST],
        help_text="Reference date (first award, else tender start) on or after.",
    )
    date_to = serializers.DateField(
        required=False, validators=[EARLIEST], help_text="Reference date before."
    )

    def validate_status(self, value):
        if "\x00" in value:
            raise serializers.ValidationError("Null characters are not allowed.")
        return value


class IndicatorValueSerializer(ReadableModelSerializer):
    buyer = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "code",
            "scope_kind",
            "buyer",
            "organisation",
            "period_kind",
            "period_label",
            "period_start",
            "period_end",
            "value",
            "detail",
            "covered",
            "total",
            "computed_at",
        ]
        read_only_fields = fields


class IndicatorFilterSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^[AL][1-7]$", required=False, help_text="A1–A6 or L1–L7.")
    buyer = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="The buyer's id."
    )
    organisation = serializers.RegexField(
        r"^[-a-zA-Z0-9_]+$", required=False, max_length=120, help_text="An organisation's slug."
    )
    period_kind = serializers.ChoiceField(required=False, choices=PeriodKind.values)


class CrunchPointSerializer(ContractSerializer):
    ocid = serializers.CharField(source="process.ocid", read_only=True)
    buyer = PartyBriefSerializer(source="process.buyer", read_only=True, allow_null=True)
    months_left = serializers.SerializerMethodField()

    class Meta(ContractSerializer.Meta):
        fields = [*ContractSerializer.Meta.fields, "ocid", "buyer", "months_left"]
        read_only_fields = fields

    def get_months_left(self, contract) -> int | None:
        if contract.period_end is None:
            return None
        return months_between(timezone.localdate(), timezone.localtime(contract.period_end).date())


class CrunchPointFilterSerializer(serializers.Serializer):
    buyer = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="The buyer's id."
    )
    organisation = serializers.RegexField(
        r"^[-a-zA-Z0-9_]+$",
        required=False,
        max_length=120,
        help_text="Only contracts of buyers mapped to this organisation (its slug).",
    )


class OCDSImportSerializer(ReadableModelSerializer):
    class Meta:
        model = OCDSImport
        fields = [
            "id",
            "status",
            "started_at",
            "finished_at",
            "files",
            "releases_read",
            "releases_new",
            "releases_unchanged",
            "releases_replaced",
            "releases_rejected",
            "ocids_compiled",
            "rejects",
            "replaced",
            "seconds",
            "error",
        ]
        read_only_fields = fields


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


# -- viewsets --------------------------------------------------------------------


def _valid(serializer_class, request) -> dict:
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


@document_lookup("id", OpenApiTypes.INT, "The process's id.")
@extend_schema_view(list=extend_schema(parameters=[ProcessFilterSerializer]))
class ProcessViewSet(viewsets.ReadOnlyModelViewSet):
    """Contracting processes from published OCDS data; one process with its compiled release."""

    permission_classes = [PublishedData]
    authz_level = Level.AUTHENTICATED
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        processes = Process.objects.select_related("buyer").order_by(*NEWEST_FIRST)
        if self.action == "retrieve":
            return processes.prefetch_related(
                "lots", "awards__suppliers", "contracts", "amendments"
            )
        data = _valid(ProcessFilterSerializer, self.request)
        if "buyer" in data:
            processes = processes.filter(buyer_id=data["buyer"])
        if "supplier" in data:
            processes = processes.filter(
                pk__in=Award.objects.filter(suppliers=data["supplier"]).values("process_id")
            )
        return selectors.filter_processes_by(
            processes,
            method=data.get("method", ""),
            status=data.get("status", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def get_serializer_class(self):
        return ProcessDetailSerializer if self.action == "retrieve" else ProcessSerializer


class _PartyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [PublishedData]
    authz_level = Level.AUTHENTICATED
    serializer_class = PartySerializer
    lookup_value_regex = "[^/]+"
    role_field = ""

    def get_queryset(self):
        return PartyModel.objects.filter(**{self.role_field: True}).order_by("name", "id")


@document_lookup("id", OpenApiTypes.INT, "The supplier's id.")
class SupplierViewSet(_PartyViewSet):
    """Suppliers named in awards."""

    role_field = "is_supplier"


@document_lookup("id", OpenApiTypes.INT, "The buyer's id.")
class BuyerViewSet(_PartyViewSet):
    """Buyers of contracting processes."""

    role_field = "is_buyer"


@document_lookup("id", OpenApiTypes.INT, "The indicator value's id.")
@extend_schema_view(list=extend_schema(parameters=[IndicatorFilterSerializer]))
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicator values A1–A6 and L1–L7 per buyer (public) or organisation (if you can read it)."""

    permission_classes = [PublishedData]
    authz_level = Level.READ
    serializer_class = IndicatorValueSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        values = IndicatorValue.objects.select_related("organisation").order_by(
            "code", "period_kind", "-period_start", "id"
        )
        if not self.request.user.is_superuser:
            values = values.filter(
                Q(scope_kind=ScopeKind.BUYER)
                | Q(organisation__in=readable_organisations(self.request.user))
            )
        if self.action != "list":
            return values
        data = _valid(IndicatorFilterSerializer, self.request)
        if data.get("code"):
            values = values.filter(code=data["code"])
        if "buyer" in data:
            values = values.filter(buyer_id=data["buyer"])
        if data.get("organisation"):
            values = values.filter(organisation__slug=data["organisation"])
        if data.get("period_kind"):
            values = values.filter(period_kind=data["period_kind"])
        return values


@extend_schema_view(list=extend_schema(parameters=[CrunchPointFilterSerializer]))
class CrunchPointViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Contracts ending within 18 months with no later planning or tender activity (L6)."""

    permission_classes = [PublishedData]
    authz_level = Level.AUTHENTICATED
    serializer_class = CrunchPointSerializer

    def get_queryset(self):
        data = _valid(CrunchPointFilterSerializer, self.request)
        contracts = selectors.crunch_points(today=timezone.localdate())
        if "buyer" in data:
            contracts = contracts.filter(process__buyer_id=data["buyer"])
        if data.get("organisation"):
            contracts = contracts.filter(process__organisation__slug=data["organisation"])
        return contracts


@document_lookup("id", OpenApiTypes.INT, "The import's id.")
class ImportViewSet(viewsets.ReadOnlyModelViewSet):
    """Runs of the OCDS import with their reports."""

    permission_classes = [PublishedData]
    authz_level = Level.AUTHENTICATED
    serializer_class = OCDSImportSerializer
    queryset = OCDSImport.objects.order_by("-started_at", "-id")
    lookup_value_regex = "[^/]+"


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
