"""Initiatives, their delivery confidence ratings and their links to other pillars' records."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check
from smarterstate.authz.api import OrganisationScopedMixin, ReadableRelatedField
from smarterstate.core.api import SlugRelatedField
from smarterstate.core.api_schema import document_lookup
from smarterstate.organisations.models import Organisation

from ..models import Confidence, ConfidenceRating, Initiative, InitiativeLink, Kind, Phase
from ..selectors import initiatives_filtered
from ..services import initiatives, links
from .common import MONEY, InlineChoiceField, InlineChoicesSerializer, ListFilteredById


class InitiativeSerializer(InlineChoicesSerializer):
    organisation = SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    parent = ReadableRelatedField(
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


# -- confidence ratings --------------------------------------------------------------------


class RatingSerializer(InlineChoicesSerializer):
    initiative = ReadableRelatedField(queryset=Initiative.objects.all())
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
    ListFilteredById,
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
    list_filter = "initiative"

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        initiative = data.pop("initiative")
        check(self.request.user, Level.WRITE, initiative.organisation)
        serializer.instance = initiatives.confidence_rating_add(
            initiative=initiative, user=self.request.user, **data
        )


# -- links ---------------------------------------------------------------------------------


class LinkSerializer(InlineChoicesSerializer):
    initiative = ReadableRelatedField(queryset=Initiative.objects.all())
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
