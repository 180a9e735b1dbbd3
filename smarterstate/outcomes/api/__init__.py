"""API for the Outcomes and pilots pillar under /api/v1/outcomes/.

Every record belongs to an organisation: lists show what the user may read; writes need
WRITE on the record's organisation (``OrganisationScopedMixin``) and go through the same
services as the pages, so the rules (outcome first, gates, decisions, a fund never below
zero) answer 400 with the field named. Measurements are ingested with POST
/api/v1/outcomes/measurements/ (one a request; re-sending the same value changes nothing).

One module a resource group, as the pages' views: initiatives (with ratings and links),
outcomes (with measurements), gates, pilots (with decisions) and fund; common holds what
they share. ``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py
registers them.
"""

from __future__ import annotations

from .fund import FundEntryViewSet
from .gates import GateReviewViewSet
from .initiatives import InitiativeViewSet, LinkViewSet, RatingViewSet
from .outcomes import MeasurementViewSet, OutcomeViewSet
from .pilots import PilotDecisionViewSet, PilotViewSet

ROUTES: list[tuple[str, type, str]] = [
    ("outcomes/initiatives", InitiativeViewSet, "outcomes-initiative"),
    ("outcomes/ratings", RatingViewSet, "outcomes-rating"),
    ("outcomes/outcomes", OutcomeViewSet, "outcomes-outcome"),
    ("outcomes/measurements", MeasurementViewSet, "outcomes-measurement"),
    ("outcomes/gate-reviews", GateReviewViewSet, "outcomes-gate"),
    ("outcomes/pilots", PilotViewSet, "outcomes-pilot"),
    ("outcomes/pilot-decisions", PilotDecisionViewSet, "outcomes-decision"),
    ("outcomes/fund-entries", FundEntryViewSet, "outcomes-fund-entry"),
    ("outcomes/links", LinkViewSet, "outcomes-link"),
]
