"""Learning Record Store pages, under the skills pillar (/o/<org_slug>/skills/learning-records/)."""

from django.urls import include, path

from . import views

app_name = "learningrecords"

organisation_patterns = [
    path("platforms/", views.platform_list, name="platforms"),
    path("platforms/add/", views.platform_add, name="platform-add"),
    path("platforms/<int:platform_pk>/", views.platform_detail, name="platform"),
    path("platforms/<int:platform_pk>/revoke/", views.platform_revoke_view, name="platform-revoke"),
    path("statements/", views.statement_list, name="statements"),
    path("learners/", views.identity_list, name="identities"),
    path("learners/<int:identity_pk>/map/", views.identity_map_view, name="identity-map"),
]

urlpatterns = [path("o/<slug:org_slug>/skills/learning-records/", include(organisation_patterns))]
