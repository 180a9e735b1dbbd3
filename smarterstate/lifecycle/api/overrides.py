"""An organisation's own dates for release-cycle milestones."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from smarterstate.authz.api import ReadableModelSerializer
from smarterstate.core import api as core_api
from smarterstate.core.api_schema import document_lookup
from smarterstate.organisations.models import Organisation

from ..models import (
    Cycle,
    CycleOverride,
    Milestone,
)
from ..services.register import (
    OVERRIDE_FIELDS,
    override_create,
    override_delete,
    override_update,
)
from .common import (
    DATE_RANGE,
    MAX_ID,
    OrganisationFilterSerializer,
    _choice,
    _choices_help,
    _text,
    _Writable,
)


class OverrideSerializer(ReadableModelSerializer):
    organisation = core_api.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="The organisation's slug (you need write access). Fixed once created.",
    )
    cycle = serializers.IntegerField(
        source="cycle_id",
        min_value=1,
        max_value=MAX_ID,
        help_text="The release cycle's id (see /api/v1/lifecycle/cycles/). Fixed once created.",
    )
    product = serializers.CharField(source="cycle.product.name", read_only=True)
    cycle_name = serializers.CharField(source="cycle.name", read_only=True)
    milestone = serializers.CharField(
        required=False,
        validators=[_choice(Milestone)],
        help_text=_choices_help(Milestone) + " Default `eol`. Fixed once created.",
    )
    date = serializers.DateField(
        validators=DATE_RANGE, help_text="Our date for the milestone. Fixed once created."
    )
    evidence = serializers.CharField(max_length=5000, validators=[_text])
    owner = serializers.CharField(max_length=200, validators=[_text])
    expires_on = serializers.DateField(
        validators=DATE_RANGE,
        help_text="After this date the vendor's date applies again; today or later.",
    )
    in_force = serializers.SerializerMethodField()
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = CycleOverride
        fields = [
            "id",
            "organisation",
            "cycle",
            "product",
            "cycle_name",
            *OVERRIDE_FIELDS,
            "in_force",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["id", "product", "cycle_name", "in_force", "created_by", "created_at"]

    def get_in_force(self, obj) -> bool:
        return obj.expires_on >= timezone.localdate()


class OverrideFilterSerializer(OrganisationFilterSerializer):
    in_force = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Not yet expired."
    )


@document_lookup("id", OpenApiTypes.INT, "The override's id.")
@extend_schema_view(list=extend_schema(parameters=[OverrideFilterSerializer]))
class OverrideViewSet(_Writable):
    """An organisation's own dates for release-cycle milestones (for example a negotiated
    extended-support contract), with evidence, an owner and an expiry. Shown next to the
    vendor's dates, never mixed in silently. Editors add, change (evidence, owner, expiry)
    and remove them."""

    queryset = CycleOverride.objects.select_related(
        "organisation", "cycle__product", "created_by"
    ).order_by("organisation__slug", "cycle__product__name", "cycle__name", "milestone", "id")
    serializer_class = OverrideSerializer
    filter_serializer = OverrideFilterSerializer

    def filtered(self, queryset, data):
        if data.get("in_force") is not None:
            today = timezone.localdate()
            queryset = (
                queryset.filter(expires_on__gte=today)
                if data["in_force"]
                else queryset.filter(expires_on__lt=today)
            )
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        self.check_create(organisation)
        cycle = Cycle.objects.filter(pk=data.pop("cycle_id")).first()
        if cycle is None:
            raise serializers.ValidationError(
                {"cycle": ["There is no such release cycle in the catalogue."]}
            )
        serializer.instance = override_create(
            organisation=organisation, cycle=cycle, user=self.request.user, **data
        )

    def perform_update(self, serializer):
        override = serializer.instance
        data = dict(serializer.validated_data)
        fixed = {
            "organisation": data.pop("organisation", override.organisation),
            "cycle": data.pop("cycle_id", override.cycle_id),
            "milestone": data.pop("milestone", override.milestone),
            "date": data.pop("date", override.date),
        }
        current = {
            "organisation": override.organisation,
            "cycle": override.cycle_id,
            "milestone": override.milestone,
            "date": override.date,
        }
        errors = {
            name: ["Fixed once created: remove the override and add a new one to change it."]
            for name, value in fixed.items()
            if value != current[name]
        }
        if errors:
            raise serializers.ValidationError(errors)
        serializer.instance = override_update(override=override, **data)

    def perform_destroy(self, instance):
        override_delete(override=instance)
