from django.urls import include, path
from rest_framework.routers import SimpleRouter

from smarterstate.ai import api as ai_api
from smarterstate.capacity import api as capacity_api
from smarterstate.commercial.api import (
    BuyerViewSet,
    ContractReviewViewSet,
    CrunchPointViewSet,
    ImportViewSet,
    IndicatorViewSet,
    ProcessNoteViewSet,
    ProcessViewSet,
    SupplierViewSet,
)
from smarterstate.core.api_docs import SchemaView
from smarterstate.jobs.api import JobViewSet
from smarterstate.lifecycle import api as lifecycle_api
from smarterstate.organisations.api import MembershipViewSet, OrganisationViewSet
from smarterstate.outcomes import api as outcomes_api
from smarterstate.skills import api as skills_api

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
router.register("commercial/notes", ProcessNoteViewSet, basename="commercial-note")
# Each later pillar lists its routes in its api.ROUTES.
for pillar_api in (lifecycle_api, skills_api, outcomes_api, ai_api, capacity_api):
    for prefix, viewset, basename in pillar_api.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]
