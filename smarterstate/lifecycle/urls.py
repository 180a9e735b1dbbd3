"""Technology lifecycle pillar URLs. Organisation pages live under /o/<org_slug>/lifecycle/ (``index`` is the
landing page the service navigation links to)."""

from django.urls import include, path

from . import views

app_name = "lifecycle"

organisation_patterns = [
    path("", views.index, name="index"),
]

urlpatterns = [
    path("o/<slug:org_slug>/lifecycle/", include(organisation_patterns)),
]
