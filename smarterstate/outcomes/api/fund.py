"""The innovation fund ledger."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check
from smarterstate.authz.api import OrganisationScopedMixin, ReadableRelatedField
from smarterstate.core.api import SlugRelatedField
from smarterstate.core.api_schema import document_lookup
from smarterstate.organisations.models import Organisation

from ..models import EntryKind, FundEntry, Initiative
from ..services import pilots
from .common import MONEY, InlineChoiceField, InlineChoicesSerializer


class FundEntrySerializer(InlineChoicesSerializer):
    organisation = SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    kind = InlineChoiceField(
        choices=EntryKind.choices,
        help_text="POST deposit or allocation; releases are made by stop decisions.",
    )
    amount = serializers.DecimalField(**MONEY)
    initiative = ReadableRelatedField(
        queryset=Initiative.objects.all(), required=False, allow_null=True
    )
    entry_date = serializers.DateField(required=False)

    class Meta:
        model = FundEntry
        fields = [
            "id",
            "organisation",
            "kind",
            "amount",
            "entry_date",
            "pilot",
            "initiative",
            "note",
            "balance_after",
            "created_at",
        ]
        read_only_fields = ["id", "pilot", "balance_after", "created_at"]

    def validate_kind(self, value):
        if value == EntryKind.RELEASE:
            raise serializers.ValidationError("Releases are made by stopping a pilot.")
        return value


@document_lookup("id", OpenApiTypes.INT, "The ledger entry's id.")
class FundEntryViewSet(
    OrganisationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The innovation fund ledger. POST a deposit, or an allocation to an initiative; the fund
    never goes below zero."""

    queryset = FundEntry.objects.select_related("organisation").order_by("entry_date", "id")
    serializer_class = FundEntrySerializer
    lookup_value_regex = "[^/]+"

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        self.check_create(organisation)
        kind = data.pop("kind")
        initiative = data.pop("initiative", None)
        if kind == EntryKind.ALLOCATION:
            if initiative is None:
                raise serializers.ValidationError(
                    {"initiative": ["Say which initiative it goes to."]}
                )
            check(self.request.user, Level.READ, initiative.organisation)
            serializer.instance = pilots.fund_allocate(
                organisation=organisation, initiative=initiative, user=self.request.user, **data
            )
        else:
            if initiative is not None:
                raise serializers.ValidationError(
                    {"initiative": ["A deposit goes to no initiative."]}
                )
            serializer.instance = pilots.fund_deposit(
                organisation=organisation, user=self.request.user, **data
            )
