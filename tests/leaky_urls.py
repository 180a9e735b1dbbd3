"""A URL configuration with deliberately broken views, to prove the authorization walk catches them."""

from django.http import HttpResponse
from django.urls import include, path
from rest_framework import mixins, serializers, viewsets
from rest_framework.routers import SimpleRouter

from smarterstate import authz
from smarterstate.authz import Level
from smarterstate.authz.views import requires
from smarterstate.organisations.models import Membership
from smarterstate.outcomes.models import Initiative
from smarterstate.urls import urlpatterns as real_urlpatterns


@requires(Level.READ)
def membership_without_check(request, membership_pk):
    # The bug under test: loads a record by id without authz.get_object().
    membership = Membership.objects.get(pk=membership_pk)
    return HttpResponse(membership.user.username)


def undeclared(request):
    return HttpResponse("no level declared")


leaky_by_id = [
    *real_urlpatterns,
    path("leak/<int:membership_pk>/", membership_without_check, name="leak"),
]
undeclared_level = [*real_urlpatterns, path("undeclared/", undeclared, name="undeclared")]


# Ids in request bodies. The bug under test in both: the id is looked up among every
# organisation's records (a plain PrimaryKeyRelatedField, not authz's ReadableRelatedField).
class LeakyNoteSerializer(serializers.Serializer):
    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.all())
    text = serializers.CharField(required=False)

    def validate_initiative(self, initiative):
        # ... and the refusal names the other organisation's record.
        if not authz.can(self.context["request"].user, Level.WRITE, initiative.organisation):
            raise serializers.ValidationError(f"Not your organisation's: {initiative.name}")
        return initiative


class OracleNoteSerializer(serializers.Serializer):
    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.all())
    text = serializers.CharField(required=False)


class LeakyNoteViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    authz_level = Level.WRITE
    serializer_class = LeakyNoteSerializer

    def perform_create(self, serializer):
        pass


class OracleNoteViewSet(LeakyNoteViewSet):
    serializer_class = OracleNoteSerializer

    def perform_create(self, serializer):
        # ... found, then refused: 404 for another organisation's id, 400 for a missing one.
        authz.check(
            self.request.user, Level.WRITE, serializer.validated_data["initiative"].organisation
        )


leaky_api = SimpleRouter()
leaky_api.register("leak-names", LeakyNoteViewSet, basename="leak-names")
leaky_api.register("leak-oracle", OracleNoteViewSet, basename="leak-oracle")
leaky_body_ids = [*real_urlpatterns, path("api/v1/", include(leaky_api.urls))]
