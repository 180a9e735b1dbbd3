from django.urls import include, path
from rest_framework.routers import SimpleRouter

from smarterstate.core.api_docs import SchemaView
from smarterstate.jobs.api import JobViewSet
from smarterstate.organisations.api import MembershipViewSet, OrganisationViewSet

router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("jobs", JobViewSet, basename="job")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]
