"""Capacity API under /api/v1/capacity/: people survey results, scorecards, profiles, the radar
and decisions. Lists also answer ``?format=csv`` and ``?format=xlsx`` with the same filters.

Authorization as everywhere (smarterstate.authz): lists are scoped to readable organisations
(central analysts read all), recording a decision needs write on the item's organisation.
``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py registers them.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError

from smarterstate.accounts.models import User
from smarterstate.authz import Level, check, readable_organisations, scope
from smarterstate.authz.api import OrganisationScopedMixin, SignedIn
from smarterstate.core.exports import Column, export_response
from smarterstate.organisations.models import Organisation

from . import selectors
from .models import (
    ComponentResult,
    Horizon,
    PeriodKind,
    RadarDecision,
    RadarItem,
    RadarKind,
    ScorecardProfile,
    ScorecardResult,
    SurveyResult,
)
from .services.radar import radar_decision_record, radar_snooze

EXPORT_MEDIA = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", *EXPORT_MEDIA],
    description="json (default), or csv / xlsx to download the whole filtered list.",
)


def _list_responses(serializer) -> dict:
    return {
        (200, "application/json"): serializer(many=True),
        **{(200, media): OpenApiTypes.BINARY for media in EXPORT_MEDIA.values()},
    }


class ExportableListMixin:
    """``?format=csv|xlsx`` on a list: the filtered rows as a download (not paginated)."""

    export_columns: list[Column] = []
    export_name = "export"

    def perform_content_negotiation(self, request, force=False):
        if request.query_params.get("format") in EXPORT_MEDIA:
            force = True  # our own downloads, not a DRF renderer
        return super().perform_content_negotiation(request, force)

    def list(self, request, *args, **kwargs):
        if request.query_params.get("format") in EXPORT_MEDIA:
            rows = self.filter_queryset(self.get_queryset())
            return export_response(request._request, rows, self.export_columns, self.export_name)
        return super().list(request, *args, **kwargs)


def _organisation_filter(queryset, request, field: str = "organisation"):
    slug = request.query_params.get("organisation")
    if slug:
        queryset = queryset.filter(**{f"{field}__slug": slug[:120]})
    return queryset


# -- people survey --------------------------------------------------------------------------


class SurveyResultSerializer(serializers.ModelSerializer):
    survey_code = serializers.CharField(source="survey_organisation.code", read_only=True)
    survey_name = serializers.CharField(source="survey_organisation.name", read_only=True)
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        source="survey_organisation.organisation", slug_field="slug", read_only=True
    )

    class Meta:
        model = SurveyResult
        fields = ["id", "year", "survey_code", "survey_name", "organisation", "measure_id", "code",
                  "value", "status"]  # fmt: skip


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("organisation", str, description="Organisation slug."),
            OpenApiParameter("year", int),
            OpenApiParameter(
                "measure", str, description="Harmonised measure id, e.g. cul.try_new_ideas."
            ),
            FORMAT_PARAMETER,
        ],
        responses=_list_responses(SurveyResultSerializer),
    )
)
class PeopleSurveyViewSet(ExportableListMixin, viewsets.ReadOnlyModelViewSet):
    """Published survey scores (0–100) by harmonised measure: your organisations' rows and the
    Civil Service benchmarks (CS_MEDIAN, CS_MEAN)."""

    serializer_class = SurveyResultSerializer
    # Read-only; the queryset holds only what the user may read (see get_queryset).
    permission_classes = [SignedIn]
    authz_level = Level.READ
    export_name = "people-survey"
    export_columns = [
        Column("Year", "year"), Column("Survey code", "survey_organisation.code"),
        Column("Survey name", "survey_organisation.name"), Column("Measure", "measure_id"),
        Column("Published code", "code"), Column("Value", "value"), Column("Status", "status"),
    ]  # fmt: skip

    def get_queryset(self):
        results = SurveyResult.objects.select_related(
            "survey_organisation", "survey_organisation__organisation"
        ).order_by("year", "survey_organisation__code", "measure_id")
        mine = scope(results, self.request.user, Level.READ)
        benchmarks = results.filter(survey_organisation__kind="benchmark")
        return results.filter(Q(pk__in=mine.values("pk")) | Q(pk__in=benchmarks.values("pk")))

    def filter_queryset(self, queryset):
        params = self.request.query_params
        queryset = _organisation_filter(queryset, self.request, "survey_organisation__organisation")
        year = params.get("year", "")
        if year:
            if not year.isdigit() or len(year) > 4:
                raise DRFValidationError({"year": ["A year, such as 2024."]})
            queryset = queryset.filter(year=int(year))
        if params.get("measure"):
            queryset = queryset.filter(measure_id=params["measure"][:80])
        return queryset


# -- scorecards and profiles -----------------------------------------------------------------


class CapacityComponentSerializer(serializers.ModelSerializer):
    coverage = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = ComponentResult
        fields = ["code", "pillar", "raw_value", "unit", "polarity", "lower", "upper", "weight",
                  "score", "covered", "eligible", "coverage", "as_of", "source", "missing_reason"]  # fmt: skip


class ScorecardSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    profile_version = serializers.IntegerField(source="profile.version", read_only=True)
    components = CapacityComponentSerializer(many=True, read_only=True)

    class Meta:
        model = ScorecardResult
        fields = ["id", "organisation", "period_kind", "period_label", "period_start", "period_end",
                  "as_of", "profile_version", "overall", "overall_reason", "weight_with_data",
                  "pillars", "engagement_index", "engagement_year", "rank", "rank_low", "rank_high",
                  "ranked", "breaks", "components", "computed_at"]  # fmt: skip


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("organisation", str, description="Organisation slug."),
            OpenApiParameter("period", str, enum=list(PeriodKind.values)),
            OpenApiParameter("period_start", OpenApiTypes.DATE),
            FORMAT_PARAMETER,
        ],
        responses=_list_responses(ScorecardSerializer),
    )
)
class ScorecardViewSet(ExportableListMixin, OrganisationScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Stored scorecards (computed by the refresh), each citing its profile version."""

    serializer_class = ScorecardSerializer
    queryset = ScorecardResult.objects.select_related("organisation", "profile").prefetch_related("components").order_by("organisation__name", "-period_start")  # fmt: skip
    export_name = "capacity-scorecards"
    export_columns = [
        Column("Organisation", "organisation.name"), Column("Period", "period_label"),
        Column("Overall", "overall"), Column("Why no overall", "overall_reason"),
        Column("Weight with data", "weight_with_data"), Column("Rank", "rank"),
        Column("Rank low", "rank_low"), Column("Rank high", "rank_high"),
        Column("Profile version", "profile.version"),
    ]  # fmt: skip

    def filter_queryset(self, queryset):
        params = self.request.query_params
        queryset = _organisation_filter(queryset, self.request)
        period = params.get("period", "")
        if period:
            if period not in PeriodKind.values:
                raise DRFValidationError({"period": [f"One of {', '.join(PeriodKind.values)}."]})
            queryset = queryset.filter(period_kind=period)
        if params.get("period_start"):
            field = serializers.DateField()
            try:
                queryset = queryset.filter(
                    period_start=field.to_internal_value(params["period_start"])
                )
            except serializers.ValidationError as exc:
                raise DRFValidationError({"period_start": exc.detail}) from exc
        return queryset


class ScorecardProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScorecardProfile
        fields = ["id", "version", "name", "notes", "components", "overall_threshold", "created_at"]


class ProfileViewSet(viewsets.ReadOnlyModelViewSet):
    """Scorecard profiles: the method, by version (newest first). Changed on the web by
    platform administrators, always as a new version."""

    serializer_class = ScorecardProfileSerializer
    # Read-only; the scorecard method is published to everyone signed in.
    permission_classes = [SignedIn]
    queryset = ScorecardProfile.objects.order_by("-version")
    authz_level = Level.AUTHENTICATED


# -- the radar -------------------------------------------------------------------------------


class CapacityRadarItemSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    state = serializers.SerializerMethodField()
    horizon = serializers.SerializerMethodField()

    class Meta:
        model = RadarItem
        fields = ["id", "organisation", "key", "kind", "subject", "url", "due_date", "lead_days",
                  "window_opens", "options", "state", "horizon", "owner", "money", "risk",
                  "readiness", "crunch", "source", "as_of", "snoozed_until"]  # fmt: skip

    def get_state(self, item) -> str:
        return selectors.state_of(item, timezone.localdate())

    def get_horizon(self, item) -> str:
        return selectors.horizon_of(item, timezone.localdate())


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("organisation", str, description="Organisation slug."),
            OpenApiParameter("kind", str, enum=list(RadarKind.values)),
            OpenApiParameter("horizon", str, enum=list(Horizon.values)),
            OpenApiParameter(
                "state",
                str,
                enum=[*selectors.STATES, "all"],
                description="Open items (not decided or snoozed) when not given.",
            ),  # fmt: skip
            OpenApiParameter("owner", str, description="Part of the owner's name."),
            FORMAT_PARAMETER,
        ],
        responses=_list_responses(CapacityRadarItemSerializer),
    )
)
class RadarViewSet(ExportableListMixin, OrganisationScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Decisions falling due, from every pillar (stored by the refresh)."""

    serializer_class = CapacityRadarItemSerializer
    queryset = RadarItem.objects.select_related("organisation").order_by("due_date", "pk")
    export_name = "decisions-due"
    export_columns = [
        Column("Organisation", "organisation.name"), Column("Kind", "get_kind_display"),
        Column("Subject", "subject"), Column("Due", "due_date"), Column("Window opens", "window_opens"),
        Column("Owner", "owner"), Column("Money at stake (£)", "money"), Column("Risk", "risk"),
        Column("Readiness", "readiness"), Column("Source", "source"), Column("As of", "as_of"),
    ]  # fmt: skip

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = self.request.query_params
        errors = {}
        for name, allowed in (("kind", RadarKind.values), ("horizon", Horizon.values),
                              ("state", [*selectors.STATES, "all"])):  # fmt: skip
            if params.get(name) and params[name] not in allowed:
                errors[name] = [f"One of {', '.join(allowed)}."]
        if errors:
            raise DRFValidationError(errors)
        # The filters narrow the scoped queryset itself (no ``pk IN (subquery)``).
        queryset = selectors.radar_items(
            items=queryset, kind=params.get("kind", ""), horizon=params.get("horizon", ""),
            owner=params.get("owner", "")[:200], state=params.get("state", ""), today=timezone.localdate(),
        )  # fmt: skip
        return _organisation_filter(queryset, self.request)


class RadarDecisionSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(
        queryset=RadarItem.objects.all(), write_only=True, help_text="The radar item's id."
    )
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    decided_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = RadarDecision
        fields = ["id", "item", "organisation", "key", "kind", "subject", "due_date", "action",
                  "option", "note", "evidence_url", "snooze_until", "decided_by", "decided_at"]  # fmt: skip
        read_only_fields = ["key", "kind", "subject", "due_date", "decided_by", "decided_at"]
        extra_kwargs = {
            "action": {
                "help_text": "decided (give option) or snoozed (give snooze_until and note)."
            },
        }


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("organisation", str, description="Organisation slug."),
            FORMAT_PARAMETER,
        ],
        responses=_list_responses(RadarDecisionSerializer),
    )
)
class DecisionViewSet(
    ExportableListMixin, OrganisationScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):  # fmt: skip
    """Decisions and snoozes recorded on radar items; create one through the same service as
    the web page (editors and admins of the item's organisation)."""

    serializer_class = RadarDecisionSerializer
    queryset = RadarDecision.objects.select_related("organisation", "decided_by").order_by(
        "-decided_at", "-pk"
    )
    export_name = "radar-decisions"
    export_columns = [
        Column("Organisation", "organisation.name"), Column("Kind", "get_kind_display"),
        Column("Subject", "subject"), Column("Due", "due_date"), Column("Action", "get_action_display"),
        Column("Option", "option"), Column("Note", "note"), Column("Evidence", "evidence_url"),
        Column("Snoozed until", "snooze_until"), Column("By", "decided_by.username"), Column("When", "decided_at"),
    ]  # fmt: skip

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if hasattr(serializer, "fields") and "item" in serializer.fields:
            serializer.fields["item"].queryset = RadarItem.objects.filter(
                organisation__in=readable_organisations(self.request.user)
            )
        return serializer

    def filter_queryset(self, queryset):
        return _organisation_filter(queryset, self.request)

    def perform_create(self, serializer):
        data = serializer.validated_data
        item = data["item"]
        check(self.request.user, Level.WRITE, item.organisation)
        if data.get("action") == "snoozed":
            if not data.get("snooze_until"):
                raise DRFValidationError({"snooze_until": ["Give the date to snooze until."]})
            decision = radar_snooze(item=item, user=self.request.user, until=data["snooze_until"],
                                    reason=data.get("note", ""))  # fmt: skip
        elif data.get("action") == "decided":
            decision = radar_decision_record(
                item=item, user=self.request.user, option=data.get("option", ""),
                note=data.get("note", ""), evidence_url=data.get("evidence_url", ""),
            )  # fmt: skip
        else:
            raise DRFValidationError({"action": ["decided or snoozed."]})
        serializer.instance = decision


ROUTES: list[tuple[str, type, str]] = [
    ("capacity/people-survey", PeopleSurveyViewSet, "capacity-people-survey"),
    ("capacity/scorecards", ScorecardViewSet, "capacity-scorecard"),
    ("capacity/profiles", ProfileViewSet, "capacity-profile"),
    ("capacity/radar", RadarViewSet, "capacity-radar"),
    ("capacity/decisions", DecisionViewSet, "capacity-decision"),
]
