from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from smarterstate.authz.api import AllowAny
from smarterstate.jobs.api import JobViewSet
from smarterstate.organisations.api import MembershipViewSet, OrganisationViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("jobs", JobViewSet, basename="job")

urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        name="api-schema",
    ),
    path("", include(router.urls)),
]
