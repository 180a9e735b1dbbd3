"""Systems of an organisation, with their linked contracts and successor."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from smarterstate.authz.api import ReadableModelSerializer
from smarterstate.commercial.models import Contract
from smarterstate.core import api as core_api
from smarterstate.core.api_schema import document_lookup
from smarterstate.organisations.models import Organisation

from ..models import (
    Criticality,
    Hosting,
    Phase,
    System,
)
from ..services.register import (
    SYSTEM_FIELDS,
    system_create,
    system_delete,
    system_update,
)
from .common import (
    DATE_RANGE,
    MAX_ID,
    FlatErrors,
    OrganisationFilterSerializer,
    _choice,
    _choices_help,
    _text,
    _Writable,
)


class ContractIdsField(FlatErrors, serializers.ListField):
    child = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return [contract.pk for contract in value.all()]

    def to_internal_value(self, data):
        ids = list(dict.fromkeys(super().to_internal_value(data)))
        contracts = list(Contract.objects.filter(pk__in=ids))
        missing = sorted(set(ids) - {c.pk for c in contracts})
        if missing:
            raise serializers.ValidationError(f"There are no contracts with ids {missing}.")
        return contracts


class SystemSerializer(ReadableModelSerializer):
    organisation = core_api.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="The owning organisation's slug (you need write access). Fixed once created.",
    )
    # Plain strings rather than enums: "phase" is another pillar's enum name too, and
    # hosting may be blank.
    criticality = serializers.CharField(
        required=False,
        validators=[_choice(Criticality)],
        help_text=_choices_help(Criticality),
    )
    hosting = serializers.CharField(
        required=False,
        allow_blank=True,
        validators=[_choice(Hosting, allow_blank=True)],
        help_text=_choices_help(Hosting) + " Empty if not recorded.",
    )
    phase = serializers.CharField(
        required=False, validators=[_choice(Phase)], help_text=_choices_help(Phase)
    )
    successor = serializers.IntegerField(
        source="successor_id",
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="The id of the system that replaces it: another system of the same "
        "organisation (no loops). Null for none.",
    )
    contracts = ContractIdsField(
        required=False,
        help_text="Ids of linked contracts (commercial pillar; any published contract "
        "everyone signed in can read). Replaces the whole list.",
    )

    class Meta:
        model = System
        fields = [
            "id",
            "organisation",
            *SYSTEM_FIELDS,
            "contracts",
            "risk_score",
            "red_rated",
            "legacy",
            "remediation_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "risk_score",
            "red_rated",
            "legacy",
            "remediation_date",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "annual_cost": {"min_value": 0},
            **{
                name: {"validators": DATE_RANGE}
                for name in (
                    "plan_date",
                    "phase_in_date",
                    "active_date",
                    "phase_out_date",
                    "end_of_life_date",
                )
            },
        }
        # Uniqueness of the name per organisation is checked by the service (a 400 with the
        # field named), not by a serializer validator.
        validators: list = []


class SystemFilterSerializer(OrganisationFilterSerializer):
    q = serializers.CharField(
        required=False, max_length=200, help_text="Name contains.", validators=[_text]
    )
    phase = serializers.ChoiceField(
        required=False, choices=Phase.values, help_text=_choices_help(Phase)
    )
    red_rated = serializers.BooleanField(required=False, allow_null=True, default=None)


@document_lookup("id", OpenApiTypes.INT, "The system's id.")
@extend_schema_view(list=extend_schema(parameters=[SystemFilterSerializer]))
class SystemViewSet(_Writable):
    """Systems (business applications and services) of the organisations you can read.
    Editors of the owning organisation create, change and delete them."""

    queryset = System.objects.select_related("organisation").prefetch_related("contracts")
    queryset = queryset.order_by("organisation__slug", "name", "id")
    serializer_class = SystemSerializer
    filter_serializer = SystemFilterSerializer

    def filtered(self, queryset, data):
        if data.get("q"):
            queryset = queryset.filter(name__icontains=data["q"])
        if data.get("phase"):
            queryset = queryset.filter(phase=data["phase"])
        if data.get("red_rated") is not None:
            queryset = queryset.filter(red_rated=data["red_rated"])
        return queryset

    @staticmethod
    def _successor(data: dict, organisation) -> None:
        if "successor_id" not in data:
            return
        successor_id = data.pop("successor_id")
        successor = None
        if successor_id is not None:
            # Looked up in the organisation only, so other organisations' ids reveal nothing.
            successor = System.objects.filter(pk=successor_id, organisation=organisation).first()
            if successor is None:
                raise serializers.ValidationError(
                    {"successor": ["The successor must be a system of the same organisation."]}
                )
        data["successor"] = successor

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        self.check_create(organisation)
        self._successor(data, organisation)
        serializer.instance = system_create(organisation=organisation, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation", None)
        system = serializer.instance
        if organisation is not None and organisation.pk != system.organisation_id:
            raise serializers.ValidationError(
                {"organisation": ["A system stays with its organisation."]}
            )
        self._successor(data, system.organisation)
        serializer.instance = system_update(system=system, **data)

    def perform_destroy(self, instance):
        system_delete(system=instance)
