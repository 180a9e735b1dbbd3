"""Skills and learning pillar URLs. Organisation pages live under /o/<org_slug>/skills/ (``index`` is the
landing page the service navigation links to)."""

from django.urls import include, path

from . import views

app_name = "skills"

organisation_patterns = [
    path("", views.index, name="index"),
]

urlpatterns = [
    path("o/<slug:org_slug>/skills/", include(organisation_patterns)),
]
