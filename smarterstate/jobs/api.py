from rest_framework import serializers, viewsets

from smarterstate.authz.api import OrganisationScopedMixin

from .models import Job


class JobSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

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


class JobViewSet(OrganisationScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Background jobs of the organisations you can read, with progress and reports."""

    queryset = Job.objects.select_related("organisation", "created_by")
    serializer_class = JobSerializer
