"""API for the Outcomes and pilots pillar under /api/v1/outcomes/.

Every record belongs to an organisation: lists show what the user may read; writes need
WRITE on the record's organisation (``OrganisationScopedMixin``) and go through the same
services as the pages, so the rules (outcome first, gates, decisions, a fund never below
zero) answer 400 with the field named. Measurements are ingested with POST
/api/v1/outcomes/measurements/ (one a request; re-sending the same value changes nothing).

``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py registers them.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check
from smarterstate.authz.api import OrganisationScopedMixin
from smarterstate.core.api import SlugRelatedField
from smarterstate.core.api_schema import document_lookup
from smarterstate.organisations.models import Organisation

from .models import (
    Confidence,
    ConfidenceRating,
    Decision,
    EntryKind,
    FundEntry,
    GateReview,
    Initiative,
    InitiativeLink,
    Kind,
    Measurement,
    MeasurementSource,
    Outcome,
    Phase,
    Pilot,
    PilotDecision,
    PilotDecisionRecord,
)
from .selectors import initiatives_filtered
from .services import gates, initiatives, links, outcomes, pilots


class InlineChoiceField(serializers.ChoiceField):
    """A choice field documented with its enum inline, not as a named component.

    Other pillars have fields called phase, kind or decision with other choices, and this
    pillar uses one choice set under several names (phase, from_phase, to_phase): named enum
    components would collide and drf-spectacular warns. Inline enums never do.
    """


class InlineChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = InlineChoiceField

    def map_serializer_field(self, auto_schema, direction):
        values = list(self.target.choices)
        if self.target.allow_blank and "" not in values:
            values.append("")
        kind = "integer" if values and all(isinstance(v, int) for v in values) else "string"
        # Wrapped in allOf so drf-spectacular's enum post-processing leaves it inline.
        return {"allOf": [{"type": kind, "enum": values}]}


MAX_ID = 2**63 - 1
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
MEASURE = {"max_digits": 18, "decimal_places": 4}


def _id_filter(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit() or int(value) > MAX_ID:
        raise serializers.ValidationError({name: ["Give an id (a whole number)."]})
    return int(value)


# -- initiatives ---------------------------------------------------------------------------


class _Serializer(serializers.ModelSerializer):
    serializer_choice_field = InlineChoiceField


class InitiativeSerializer(_Serializer):
    organisation = SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.all(), allow_null=True, required=False
    )
    kind = InlineChoiceField(
        choices=Kind.choices,
        help_text="Pilots are listed here but started with POST /api/v1/outcomes/pilots/.",
    )
    phase = InlineChoiceField(
        choices=Phase.choices,
        required=False,
        help_text="Set on creation only; afterwards a gate review changes it.",
    )
    budget = serializers.DecimalField(**MONEY, required=False)
    spend = serializers.DecimalField(**MONEY, required=False)
    flagged = serializers.BooleanField(
        read_only=True, help_text="No outcome with both a baseline and a target (outcome first)."
    )
    delivery_confidence = InlineChoiceField(
        choices=Confidence.choices,
        allow_blank=True,
        read_only=True,
        help_text="The latest rating; empty when not rated.",
    )

    class Meta:
        model = Initiative
        fields = [
            "id",
            "organisation",
            "parent",
            "kind",
            "name",
            "description",
            "senior_responsible_owner",
            "team",
            "phase",
            "budget",
            "spend",
            "start_date",
            "end_date",
            "delivery_confidence",
            "confidence_date",
            "flagged",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "delivery_confidence",
            "confidence_date",
            "flagged",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"description": {"max_length": 10_000}}


class InitiativeFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200, help_text="Name contains.")
    kind = InlineChoiceField(required=False, choices=Kind.choices)
    phase = InlineChoiceField(required=False, choices=Phase.choices)
    confidence = InlineChoiceField(required=False, choices=Confidence.choices)
    flagged = serializers.BooleanField(
        required=False,
        default=None,
        allow_null=True,
        help_text="Only those with no measurable outcome.",
    )
    organisation = serializers.SlugField(required=False, max_length=100)


@document_lookup("id", OpenApiTypes.INT, "The initiative's id.")
@extend_schema_view(list=extend_schema(parameters=[InitiativeFilterSerializer]))
class InitiativeViewSet(OrganisationScopedMixin, viewsets.ModelViewSet):
    """Programmes, projects, services and pilots. The phase changes only through a gate review."""

    queryset = Initiative.objects.select_related("organisation").order_by("name", "id")
    serializer_class = InitiativeSerializer
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            return queryset
        params = InitiativeFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        if data.get("organisation"):
            queryset = queryset.filter(organisation__slug=data["organisation"])
        return initiatives_filtered(queryset, data)

    def _check_parent(self, data):
        parent = data.get("parent")
        if parent is not None:
            check(self.request.user, Level.READ, parent.organisation)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        self.check_create(organisation)
        self._check_parent(data)
        serializer.instance = initiatives.initiative_create(
            organisation=organisation, user=self.request.user, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation", None)
        if organisation is not None and organisation != serializer.instance.organisation:
            raise serializers.ValidationError(
                {"organisation": ["An initiative stays with its organisation."]}
            )
        self._check_parent(data)
        serializer.instance = initiatives.initiative_update(
            initiative=serializer.instance, user=self.request.user, **data
        )

    def perform_destroy(self, instance):
        initiatives.initiative_delete(initiative=instance, user=self.request.user)


# -- confidence ratings ----------------------------------------------------------------------


class RatingSerializer(_Serializer):
    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.all())
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    rated_on = serializers.DateField(required=False)

    class Meta:
        model = ConfidenceRating
        fields = [
            "id",
            "initiative",
            "organisation",
            "rating",
            "scale",
            "rated_on",
            "note",
            "created_at",
        ]
        read_only_fields = ["id", "organisation", "scale", "created_at"]
        extra_kwargs = {"note": {"max_length": 5000}}


@document_lookup("id", OpenApiTypes.INT, "The rating's id.")
class RatingViewSet(
    OrganisationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Delivery confidence ratings, on the organisation's five- or three-point scale.
    ``?initiative=<id>`` filters."""

    queryset = ConfidenceRating.objects.select_related("organisation").order_by("-rated_on", "-id")
    serializer_class = RatingSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        queryset = super().get_queryset()
        initiative = _id_filter(self.request, "initiative") if self.action == "list" else None
        return queryset.filter(initiative_id=initiative) if initiative else queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        initiative = data.pop("initiative")
        check(self.request.user, Level.WRITE, initiative.organisation)
        serializer.instance = initiatives.confidence_rating_add(
            initiative=initiative, user=self.request.user, **data
        )


# -- outcomes and measurements -----------------------------------------------------------------


class OutcomeSerializer(_Serializer):
    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.all())
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
            "name",
            "measure",
            "unit",
            "direction",
            "benefit_type",
            "kpi",
            "owner",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
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
class OutcomeViewSet(OrganisationScopedMixin, viewsets.ModelViewSet):
    """Outcomes (benefit profiles) with baseline, target, latest measurement and realisation %.
    ``?initiative=<id>`` filters."""

    queryset = Outcome.objects.select_related("organisation").order_by(
        "initiative_id", "name", "id"
    )
    serializer_class = OutcomeSerializer
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = super().get_queryset()
        initiative = _id_filter(self.request, "initiative") if self.action == "list" else None
        return queryset.filter(initiative_id=initiative) if initiative else queryset

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


class MeasurementSerializer(_Serializer):
    outcome = serializers.PrimaryKeyRelatedField(queryset=Outcome.objects.all())
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

    def get_queryset(self):
        queryset = super().get_queryset()
        outcome = _id_filter(self.request, "outcome") if self.action == "list" else None
        return queryset.filter(outcome_id=outcome) if outcome else queryset

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


# -- gates -----------------------------------------------------------------------------------


class ConditionSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    owner = serializers.CharField(max_length=200)
    due_date = serializers.DateField()
    met = serializers.BooleanField(read_only=True)


class PointSerializer(serializers.Serializer):
    point = serializers.IntegerField(min_value=1, max_value=14)
    met = serializers.BooleanField()
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _messages(detail, prefix: str = "") -> list[str]:
    """Nested errors (one per condition or point) as flat messages naming the item."""
    if isinstance(detail, dict):
        return [m for key, value in detail.items() for m in _messages(value, f"{prefix}{key}: ")]
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [f"{prefix}{item}" for item in detail]
        return [
            m
            for index, item in enumerate(detail, start=1)
            if item
            for m in _messages(item, f"{prefix}item {index}: ")
        ]
    return [f"{prefix}{detail}"]


class GateReviewSerializer(_Serializer):
    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.all())
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    decision = InlineChoiceField(choices=Decision.choices)
    review_date = serializers.DateField(required=False)
    conditions = ConditionSerializer(many=True, required=False)
    points = PointSerializer(many=True, required=False, help_text="Service Standard assessment.")

    class Meta:
        model = GateReview
        fields = [
            "id",
            "initiative",
            "organisation",
            "from_phase",
            "to_phase",
            "review_date",
            "panel",
            "decision",
            "notes",
            "conditions",
            "points",
            "created_at",
        ]
        read_only_fields = ["id", "organisation", "from_phase", "created_at"]
        extra_kwargs = {"notes": {"max_length": 10_000}}

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict):
                detail = {
                    key: _messages(value) if key in ("conditions", "points") else value
                    for key, value in detail.items()
                }
            raise serializers.ValidationError(detail) from exc


@document_lookup("id", OpenApiTypes.INT, "The gate review's id.")
class GateReviewViewSet(
    OrganisationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Phase gate reviews. A go (with or without conditions) moves the initiative to ``to_phase``;
    it needs a measurable outcome, and for services the 14 Service Standard points."""

    queryset = (
        GateReview.objects.select_related("organisation")
        .prefetch_related("conditions", "points")
        .order_by("-review_date", "-id")
    )
    serializer_class = GateReviewSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        queryset = super().get_queryset()
        initiative = _id_filter(self.request, "initiative") if self.action == "list" else None
        return queryset.filter(initiative_id=initiative) if initiative else queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        initiative = data.pop("initiative")
        check(self.request.user, Level.WRITE, initiative.organisation)
        serializer.instance = gates.gate_review_create(
            initiative=initiative,
            user=self.request.user,
            conditions=[dict(c) for c in data.pop("conditions", [])],
            points=[dict(p) for p in data.pop("points", [])],
            **data,
        )


# -- pilots, decisions and the fund ----------------------------------------------------------


class PilotSerializer(_Serializer):
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


class DecisionSerializer(_Serializer):
    pilot = serializers.PrimaryKeyRelatedField(queryset=Pilot.objects.all())
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


class FundEntrySerializer(_Serializer):
    organisation = SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    kind = InlineChoiceField(
        choices=EntryKind.choices,
        help_text="POST deposit or allocation; releases are made by stop decisions.",
    )
    amount = serializers.DecimalField(**MONEY)
    initiative = serializers.PrimaryKeyRelatedField(
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


# -- links -----------------------------------------------------------------------------------


class LinkSerializer(_Serializer):
    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.all())
    kind = serializers.CharField(
        max_length=60,
        source="kind_label",
        help_text="What is linked, by model label: commercial.Process, commercial.Contract, "
        "lifecycle.System, ai.UseCase, skills.Skill (when installed).",
    )
    identifier = serializers.CharField(
        max_length=255, write_only=True, help_text="The record's id (a process's OCID also works)."
    )

    class Meta:
        model = InitiativeLink
        fields = [
            "id",
            "initiative",
            "kind",
            "identifier",
            "object_id",
            "label",
            "note",
            "created_at",
        ]
        read_only_fields = ["id", "object_id", "label", "created_at"]


@document_lookup("id", OpenApiTypes.INT, "The link's id.")
class LinkViewSet(
    OrganisationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Links from initiatives to contracts, processes, systems, AI use cases and skills."""

    queryset = InitiativeLink.objects.select_related("content_type").order_by("id")
    serializer_class = LinkSerializer
    lookup_value_regex = "[^/]+"

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        initiative = data.pop("initiative")
        check(self.request.user, Level.WRITE, initiative.organisation)
        serializer.instance = links.link_create(
            initiative=initiative,
            kind=data.pop("kind_label"),
            identifier=data.pop("identifier"),
            note=data.get("note", ""),
            user=self.request.user,
        )

    def perform_destroy(self, instance):
        links.link_delete(link=instance, user=self.request.user)


ROUTES: list[tuple[str, type, str]] = [
    ("outcomes/initiatives", InitiativeViewSet, "outcomes-initiative"),
    ("outcomes/ratings", RatingViewSet, "outcomes-rating"),
    ("outcomes/outcomes", OutcomeViewSet, "outcomes-outcome"),
    ("outcomes/measurements", MeasurementViewSet, "outcomes-measurement"),
    ("outcomes/gate-reviews", GateReviewViewSet, "outcomes-gate"),
    ("outcomes/pilots", PilotViewSet, "outcomes-pilot"),
    ("outcomes/pilot-decisions", PilotDecisionViewSet, "outcomes-decision"),
    ("outcomes/fund-entries", FundEntryViewSet, "outcomes-fund-entry"),
    ("outcomes/links", LinkViewSet, "outcomes-link"),
]
