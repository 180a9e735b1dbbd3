"""API for the Technology lifecycle pillar under /api/v1/lifecycle/.

The catalogue (products, cycles) is vendor data: everyone signed in reads it. Systems,
components, assessments and overrides belong to an organisation and are scoped by read
access; editors of the owning organisation write them through the same services as the
pages (viewers and central analysts get 403, other organisations' records 404). The radar
is read-only.

One module a resource group: catalogue (products, cycles), systems, components,
assessments, overrides and radar; common holds what they share. ``ROUTES`` lists
(prefix, viewset, basename); smarterstate/api_urls.py registers them.
"""

from __future__ import annotations

from .assessments import AssessmentViewSet
from .catalogue import CycleViewSet, ProductViewSet
from .components import ComponentViewSet
from .overrides import OverrideViewSet
from .radar import RadarViewSet
from .systems import SystemViewSet

ROUTES: list[tuple[str, type, str]] = [
    ("lifecycle/products", ProductViewSet, "lifecycle-product"),
    ("lifecycle/cycles", CycleViewSet, "lifecycle-cycle"),
    ("lifecycle/systems", SystemViewSet, "lifecycle-system"),
    ("lifecycle/components", ComponentViewSet, "lifecycle-component"),
    ("lifecycle/assessments", AssessmentViewSet, "lifecycle-assessment"),
    ("lifecycle/overrides", OverrideViewSet, "lifecycle-override"),
    ("lifecycle/radar", RadarViewSet, "lifecycle-radar"),
]
