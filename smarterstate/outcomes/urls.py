"""Outcomes and pilots pillar URLs. Organisation pages live under /o/<org_slug>/outcomes/ (``index`` is the
landing page the service navigation links to)."""

from django.urls import include, path

from . import views

app_name = "outcomes"

organisation_patterns = [
    path("", views.index, name="index"),
]

urlpatterns = [
    path("o/<slug:org_slug>/outcomes/", include(organisation_patterns)),
]
