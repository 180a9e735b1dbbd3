"""API for background jobs: read-only, scoped to the organisations you can read."""

from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers, viewsets

from smarterstate.authz.api import OrganisationScopedMixin
from smarterstate.core.api_schema import document_lookup

from .models import Job


class JobSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The organisation's slug; null for platform-wide jobs.",
    )
    created_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Who started the job; null if that account has gone.",
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "organisation",
            "kind",
            "description",
            "status",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
            "progress_done",
            "progress_total",
            "report",
            "error",
        ]
        read_only_fields = fields


@document_lookup("id", OpenApiTypes.UUID, "The job's id.")
class JobViewSet(OrganisationScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Background jobs of the organisations you can read, with progress and reports.

    Platform-wide jobs (no organisation) are listed for platform administrators only.
    """

    queryset = Job.objects.select_related("organisation", "created_by").order_by(
        "-created_at", "id"
    )
    lookup_value_regex = "[^/]+"  # junk ids reach the view, which answers with a JSON 404
    serializer_class = JobSerializer


# (prefix, viewset, basename): smarterstate/api_urls.py registers every app's ROUTES.
ROUTES: list[tuple[str, type, str]] = [("jobs", JobViewSet, "job")]
