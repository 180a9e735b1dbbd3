"""Crunch points (L6): contracts ending soon with no later planning or tender activity."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level
from smarterstate.authz.api import SignedIn
from smarterstate.core.api import MAX_ID, valid_query
from smarterstate.core.dates import whole_months_between

from .. import selectors
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
        return whole_months_between(
            timezone.localdate(), timezone.localtime(contract.period_end).date()
        )


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

    permission_classes = [SignedIn]
    authz_level = Level.AUTHENTICATED
    serializer_class = CrunchPointSerializer

    def get_queryset(self):
        data = valid_query(CrunchPointFilterSerializer, self.request)
        return selectors.filter_crunch_points(
            selectors.crunch_points(today=timezone.localdate()),
            buyer=data.get("buyer"),
            organisation=data.get("organisation", ""),
        )
