"""Crunch points (L6): contracts ending soon with no later planning or tender activity."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level

from .. import selectors
from ..views.contracts import months_between
from .common import MAX_ID, PublishedData, _valid
from .parties import PartyBriefSerializer
from .processes import ContractSerializer


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
