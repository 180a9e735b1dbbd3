"""Pilots and their scale, iterate or stop decisions."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check
from smarterstate.authz.api import OrganisationScopedMixin, ReadableRelatedField
from smarterstate.core.api import SlugRelatedField
from smarterstate.core.api_schema import document_lookup
from smarterstate.organisations.models import Organisation

from ..models import Pilot, PilotDecision, PilotDecisionRecord
from ..services import pilots
from .common import MONEY, InlineChoiceField, InlineChoicesSerializer


class PilotSerializer(InlineChoicesSerializer):
    organisation = SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    name = serializers.CharField(max_length=255, source="initiative.name")
    budget = serializers.DecimalField(**MONEY, source="initiative.budget", required=False)
    spend = serializers.DecimalField(**MONEY, source="initiative.spend", read_only=True)
    from_fund = serializers.DecimalField(
        **MONEY, write_only=True, required=False, help_text="Also allocate this from the fund."
    )
    overdue = serializers.SerializerMethodField(help_text="Past its time-box with no decision.")
    decision = InlineChoiceField(
        choices=PilotDecision.choices,
        allow_blank=True,
        read_only=True,
        help_text="The latest decision; empty while awaiting one.",
    )

    class Meta:
        model = Pilot
        fields = [
            "id",
            "organisation",
            "initiative",
            "name",
            "hypothesis",
            "timebox_start",
            "timebox_end",
            "budget",
            "spend",
            "from_fund",
            "decision",
            "decided_on",
            "released",
            "overdue",
        ]
        read_only_fields = ["id", "initiative", "decision", "decided_on", "released", "overdue"]
        extra_kwargs = {"hypothesis": {"max_length": 5000}}

    def get_overdue(self, pilot) -> bool:
        return pilot.is_overdue(timezone.localdate())


class PilotFilterSerializer(serializers.Serializer):
    state = InlineChoiceField(
        required=False,
        choices=["open", "overdue", *PilotDecision.values],
        help_text="open (running), overdue (past the time-box, no decision), or a decision.",
    )


@document_lookup("id", OpenApiTypes.INT, "The pilot's id.")
@extend_schema_view(list=extend_schema(parameters=[PilotFilterSerializer]))
class PilotViewSet(
    OrganisationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Pilots: time-boxed, budgeted hypotheses. Decide with POST /api/v1/outcomes/pilot-decisions/."""

    queryset = Pilot.objects.select_related("organisation", "initiative").order_by(
        "timebox_end", "id"
    )
    serializer_class = PilotSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            return queryset
        params = PilotFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        state = params.validated_data.get("state")
        if state == "open":
            return queryset.open()
        if state == "overdue":
            return queryset.overdue(timezone.localdate())
        return queryset.filter(decision=state) if state else queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        self.check_create(organisation)
        initiative = data.pop("initiative", {})
        serializer.instance = pilots.pilot_create(
            organisation=organisation,
            user=self.request.user,
            name=initiative.get("name", ""),
            budget=initiative.get("budget", 0),
            **data,
        )


# -- decisions -----------------------------------------------------------------------------


class DecisionSerializer(InlineChoicesSerializer):
    pilot = ReadableRelatedField(queryset=Pilot.objects.all())
    decided_on = serializers.DateField(required=False)
    funding = serializers.DecimalField(
        **MONEY, write_only=True, required=False, help_text="From the fund (scale or iterate)."
    )

    class Meta:
        model = PilotDecisionRecord
        fields = [
            "id",
            "pilot",
            "decision",
            "decided_on",
            "evidence",
            "new_timebox_end",
            "funding",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"evidence": {"max_length": 10_000}}


@document_lookup("id", OpenApiTypes.INT, "The decision's id.")
class PilotDecisionViewSet(
    OrganisationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Scale, iterate or stop decisions. Stop releases the unspent budget to the innovation fund."""

    queryset = PilotDecisionRecord.objects.select_related("pilot__organisation").order_by(
        "-decided_on", "-id"
    )
    serializer_class = DecisionSerializer
    lookup_value_regex = "[^/]+"

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        pilot = data.pop("pilot")
        check(self.request.user, Level.WRITE, pilot.organisation)
        serializer.instance = pilots.pilot_decide(pilot=pilot, user=self.request.user, **data)
