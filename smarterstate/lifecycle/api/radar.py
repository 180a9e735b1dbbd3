"""The end-of-life radar of one organisation (read-only)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from smarterstate.authz import Level, readable_organisations
from smarterstate.authz.api import IsAuthenticatedMember
from smarterstate.organisations.api import ReadableOrganisationField

from .. import selectors
from ..models import (
    System,
)
from .common import DATE_RANGE, _valid


class RadarQuerySerializer(serializers.Serializer):
    organisation = ReadableOrganisationField(
        required=False,
        help_text="The organisation's slug; by default the first you can read, by slug.",
    )
    as_of = serializers.DateField(
        required=False, validators=DATE_RANGE, help_text="Time machine: the radar on this date."
    )


class RadarItemSerializer(serializers.Serializer):
    date = serializers.DateField()
    milestone = serializers.CharField()
    cycle_id = serializers.IntegerField()
    cycle = serializers.CharField()
    systems = serializers.IntegerField()
    components = serializers.IntegerField()
    overridden = serializers.BooleanField()


class OverdueSerializer(serializers.Serializer):
    cycle_id = serializers.IntegerField()
    cycle = serializers.CharField()
    eol_from = serializers.DateField(allow_null=True)
    eoes_from = serializers.DateField(allow_null=True)
    systems = serializers.IntegerField()
    components = serializers.IntegerField()
    overridden = serializers.BooleanField()


class SystemBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    worst = serializers.CharField(allow_null=True)
    risk_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


@extend_schema_serializer(many=False)
class RadarSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    day = serializers.DateField()
    horizon = serializers.DateField()
    upcoming = RadarItemSerializer(many=True)
    overdue = OverdueSerializer(many=True)
    red_rated = SystemBriefSerializer(many=True)
    no_plan = SystemBriefSerializer(many=True)
    summary = serializers.DictField()


class RadarViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The end-of-life radar of one organisation: milestones in the next 36 months, overdue
    cycles, red-rated systems and systems at risk with no plan (``as_of`` for a past date)."""

    permission_classes = [IsAuthenticatedMember]
    authz_level = Level.READ
    serializer_class = RadarSerializer
    pagination_class = None

    def get_queryset(self):
        return System.objects.none()

    @extend_schema(parameters=[RadarQuerySerializer], responses=RadarSerializer)
    def list(self, request, *args, **kwargs):
        data = _valid(RadarQuerySerializer, request)
        organisation = data.get("organisation") or (
            readable_organisations(request.user).order_by("slug").first()
        )
        if organisation is None:
            raise NotFound("You cannot read any organisation.")
        day = data.get("as_of") or timezone.localdate()
        estate = selectors.estate_on(organisation, day)
        radar = selectors.radar(estate)
        summary = selectors.estate_summary(estate)
        brief = lambda rows: [  # noqa: E731
            {"pk": s.pk, "name": s.name, "worst": s.worst, "risk_score": s.risk_score} for s in rows
        ]
        payload = {
            "organisation": organisation.slug,
            "day": day,
            "horizon": radar["horizon"],
            "upcoming": [item.__dict__ for item in radar["upcoming"]],
            "overdue": radar["overdue"],
            "red_rated": brief(radar["red_rated"]),
            "no_plan": brief(radar["no_plan"]),
            "summary": {
                "systems": summary["systems"],
                "components": summary["components"],
                "matched": summary["matched"],
                "red_rated": summary["red_rated"],
                "legacy": summary["legacy"],
                "no_plan": summary["no_plan"],
                "components_by_status": {c: n for c, _, n in summary["components_by_status"]},
            },
        }
        return Response(RadarSerializer(payload).data)
