"""The endoflife.date catalogue: products and their release cycles (read-only vendor data)."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from smarterstate.authz import Level
from smarterstate.authz.api import ReadableModelSerializer, SignedIn
from smarterstate.core.api import valid_query
from smarterstate.core.api_schema import document_lookup

from ..models import (
    Cycle,
    Product,
)
from .common import _text


class CycleSerializer(ReadableModelSerializer):
    product = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Cycle
        fields = [
            "id",
            "product",
            "name",
            "label",
            "codename",
            *Cycle.LIFECYCLE_FIELDS,
            "latest_name",
            "latest_date",
            "removed",
        ]
        read_only_fields = fields


class ProductSerializer(ReadableModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "name", "label", "category", "tags", "aliases", "identifiers", "links"]
        read_only_fields = fields


class ProductFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=100, help_text="Name or label contains.", validators=[_text]
    )
    purl = serializers.CharField(
        required=False,
        max_length=1000,
        help_text="A base purl (pkg:type/namespace/name) the product is identified by.",
        validators=[_text],
    )


class CycleFilterSerializer(serializers.Serializer):
    product = serializers.CharField(
        required=False, max_length=100, help_text="Product name.", validators=[_text]
    )


@document_lookup("id", OpenApiTypes.INT, "The product's id.")
@extend_schema_view(list=extend_schema(parameters=[ProductFilterSerializer]))
class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """Products of the endoflife.date catalogue."""

    permission_classes = [SignedIn]
    authz_level = Level.AUTHENTICATED
    serializer_class = ProductSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        # The vendor catalogue: organisations' own lifecycle entries are not listed.
        products = Product.objects.filter(organisation__isnull=True).order_by("name", "id")
        if self.action != "list":
            return products
        data = valid_query(ProductFilterSerializer, self.request)
        if data.get("q"):
            products = products.filter(Q(name__icontains=data["q"]) | Q(label__icontains=data["q"]))
        if data.get("purl"):
            from ..services.matching import CatalogueIndex

            product_id = CatalogueIndex.load().match(purl=data["purl"]).product_id
            products = products.filter(pk=product_id or 0)
        return products


@document_lookup("id", OpenApiTypes.INT, "The release cycle's id.")
@extend_schema_view(list=extend_schema(parameters=[CycleFilterSerializer]))
class CycleViewSet(viewsets.ReadOnlyModelViewSet):
    """Release cycles with their end of active support, end of life and extended support."""

    permission_classes = [SignedIn]
    authz_level = Level.AUTHENTICATED
    serializer_class = CycleSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        cycles = (
            Cycle.objects.filter(product__organisation__isnull=True)
            .select_related("product")
            .order_by("product__name", "position", "id")
        )
        if self.action != "list":
            return cycles
        data = valid_query(CycleFilterSerializer, self.request)
        if data.get("product"):
            cycles = cycles.filter(product__name=data["product"])
        return cycles
