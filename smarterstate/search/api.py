"""Search API: ``GET /api/v1/search/?organisation=<slug>&q=<words>``, the same search as the page.

Authorization as the page: read on the organisation (another organisation's slug answers 404, as if it did
not exist); people only for those who may see the people pages. ``ROUTES`` is collected by
smarterstate/api_urls.py.
"""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from smarterstate.authz import Level, get_organisation
from smarterstate.authz.api import IsAuthenticatedMember

from .selectors import MAX_QUERY, search


class HitSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(help_text="The record's page.")
    summary = serializers.CharField()


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="initiatives, systems, components, suppliers, …")
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    total = serializers.IntegerField(help_text="All matches; hits holds the first few.")
    hits = HitSerializer(many=True)


class SearchResultSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    query = serializers.CharField()
    results = GroupSerializer(many=True)


class OneObjectSchema(AutoSchema):
    """The search answers one object (grouped results), although DRF routes it as a list."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class SearchViewSet(viewsets.ViewSet):
    """Records of one organisation matching some words, grouped by kind."""

    permission_classes = [IsAuthenticatedMember]
    authz_level = Level.READ
    schema = OneObjectSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", str, description="Organisation slug."),
            OpenApiParameter("q", str, description="Words to find; none finds nothing."),
        ],
        responses=SearchResultSerializer,
    )
    def list(self, request):
        slug = request.query_params.get("organisation", "").strip()[:120]
        query = request.query_params.get("q", "").strip()[:MAX_QUERY]
        # No words (or no organisation) finds nothing, as the page's empty state: not an error.
        groups = []
        if slug:
            organisation = get_organisation(request.user, slug, Level.READ)
            groups = search(user=request.user, organisation=organisation, query=query)
        payload = {"organisation": slug, "query": query, "results": [asdict(g) for g in groups]}
        return Response(SearchResultSerializer(payload).data)


ROUTES = [("search", SearchViewSet, "search")]
