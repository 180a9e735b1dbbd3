"""API under /api/v1/commercial/: OCDS data (public to anyone signed in) and reviews (scoped).

Processes, suppliers, buyers, crunch points and imports are published data:
every signed-in user reads all of them. Indicator values for an organisation
are shown only to those who can read that organisation; buyer values are
public. Reviews belong to the buying organisation: reading needs READ on it,
writing WRITE (``OrganisationScopedMixin``).

One module a resource group: processes, parties (buyers, suppliers), indicators, crunch points,
imports and reviews (with notes); common holds what they share. ``ROUTES`` lists (prefix,
viewset, basename); smarterstate/api_urls.py registers them.
"""

from __future__ import annotations

from .crunch_points import CrunchPointViewSet
from .imports import ImportViewSet
from .indicators import IndicatorViewSet
from .parties import BuyerViewSet, SupplierViewSet
from .processes import ProcessViewSet
from .reviews import ContractReviewViewSet, ProcessNoteViewSet

ROUTES: list[tuple[str, type, str]] = [
    ("commercial/processes", ProcessViewSet, "commercial-process"),
    ("commercial/buyers", BuyerViewSet, "commercial-buyer"),
    ("commercial/suppliers", SupplierViewSet, "commercial-supplier"),
    ("commercial/indicators", IndicatorViewSet, "commercial-indicator"),
    ("commercial/crunch-points", CrunchPointViewSet, "commercial-crunch-point"),
    ("commercial/imports", ImportViewSet, "commercial-import"),
    ("commercial/reviews", ContractReviewViewSet, "commercial-review"),
    ("commercial/notes", ProcessNoteViewSet, "commercial-note"),
]
