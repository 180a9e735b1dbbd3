"""Contracting processes from published OCDS data, with lots, awards, contracts and amendments."""

from __future__ import annotations

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from smarterstate.authz import Level
from smarterstate.authz.api import ReadableModelSerializer
from smarterstate.core.api_schema import document_lookup

from .. import selectors
from ..forms import EARLIEST
from ..models import (
    Amendment,
    Award,
    CompiledRelease,
    Contract,
    Lot,
    MethodCategory,
    Process,
)
from ..views.dashboard import NEWEST_FIRST
from .common import MAX_ID, PublishedData, _valid
from .parties import PartyBriefSerializer


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
