"""Buyers and suppliers named in published OCDS data."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from rest_framework import viewsets

from smarterstate.authz import Level
from smarterstate.authz.api import ReadableModelSerializer
from smarterstate.core.api_schema import document_lookup

from ..models import Party as PartyModel
from .common import PublishedData


class PartySerializer(ReadableModelSerializer):
    class Meta:
        model = PartyModel
        fields = ["id", "key", "name", "scheme", "identifier", "is_sme", "is_vcse"]
        read_only_fields = fields


class PartyBriefSerializer(ReadableModelSerializer):
    class Meta:
        model = PartyModel
        fields = ["id", "key", "name"]
        read_only_fields = fields


class _PartyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [PublishedData]
    authz_level = Level.AUTHENTICATED
    serializer_class = PartySerializer
    lookup_value_regex = "[^/]+"
    role_field = ""

    def get_queryset(self):
        return PartyModel.objects.filter(**{self.role_field: True}).order_by("name", "id")


@document_lookup("id", OpenApiTypes.INT, "The supplier's id.")
class SupplierViewSet(_PartyViewSet):
    """Suppliers named in awards."""

    role_field = "is_supplier"


@document_lookup("id", OpenApiTypes.INT, "The buyer's id.")
class BuyerViewSet(_PartyViewSet):
    """Buyers of contracting processes."""

    role_field = "is_buyer"
