"""The xAPI endpoint: /xapi/<resource>. No trailing slashes, as xAPI clients append resource names."""

from __future__ import annotations

from django.urls import path

from ..models import DocumentKind
from . import documents, resources, statements
from .http import endpoint

app_name = "xapi"

urlpatterns = [
    path("about", endpoint("about", {"GET": resources.about}, authenticated=False), name="about"),
    path(
        "statements",
        endpoint(
            "statements",
            {"GET": statements.get, "PUT": statements.put, "POST": statements.post},
            consistent_through=True,
        ),  # fmt: skip
        name="statements",
    ),
    path("agents", endpoint("agents", {"GET": resources.agents}), name="agents"),
    path("activities", endpoint("activities", {"GET": resources.activities}), name="activities"),
    path(
        "agents/profile",
        endpoint("agents/profile", documents.handlers(DocumentKind.AGENT_PROFILE)),
        name="agent-profile",
    ),  # fmt: skip
    path(
        "activities/profile",
        endpoint("activities/profile", documents.handlers(DocumentKind.ACTIVITY_PROFILE)),
        name="activity-profile",
    ),  # fmt: skip
    path(
        "activities/state",
        endpoint("activities/state", documents.handlers(DocumentKind.STATE)),
        name="activity-state",
    ),  # fmt: skip
]
