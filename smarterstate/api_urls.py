from django.urls import include, path
from rest_framework.routers import SimpleRouter

from smarterstate.commercial.api import (
    BuyerViewSet,
    ContractReviewViewSet,
    CrunchPointViewSet,
    ImportViewSet,
    IndicatorViewSet,
    ProcessViewSet,
    SupplierViewSet,
)
from smarterstate.core.api_docs import SchemaView
from smarterstate.jobs.api import JobViewSet
from smarterstate.organisations.api import MembershipViewSet, OrganisationViewSet

router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("jobs", JobViewSet, basename="job")
router.register("commercial/processes", ProcessViewSet, basename="commercial-process")
router.register("commercial/buyers", BuyerViewSet, basename="commercial-buyer")
router.register("commercial/suppliers", SupplierViewSet, basename="commercial-supplier")
router.register("commercial/indicators", IndicatorViewSet, basename="commercial-indicator")
router.register("commercial/crunch-points", CrunchPointViewSet, basename="commercial-crunch-point")
router.register("commercial/imports", ImportViewSet, basename="commercial-import")
router.register("commercial/reviews", ContractReviewViewSet, basename="commercial-review")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]
