"""Technology lifecycle pillar URLs. Organisation pages live under /o/<org_slug>/lifecycle/ (``index`` is the
landing page the service navigation links to); the vendor catalogue (the same for everyone signed in) and the
token-protected calendar feed live under /lifecycle/."""

from django.urls import include, path

from . import views

app_name = "lifecycle"

organisation_patterns = [
    path("", views.index, name="index"),
    path("systems/", views.system_list, name="systems"),
    path("systems/add/", views.system_add, name="system-add"),
    path("systems/<int:lifecycle_system_pk>/", views.system_detail, name="system"),
    path("systems/<int:lifecycle_system_pk>/edit/", views.system_edit, name="system-edit"),
    path("systems/<int:lifecycle_system_pk>/history/", views.system_history, name="system-history"),
    path(
        "systems/<int:lifecycle_system_pk>/components/add/",
        views.component_add,
        name="component-add",
    ),
    path("systems/<int:lifecycle_system_pk>/sbom/", views.sbom_upload, name="sbom-upload"),
    path("systems/<int:lifecycle_system_pk>/assess/", views.assessment_add, name="assessment-add"),
    path("components/", views.component_list, name="components"),
    path(
        "components/<int:lifecycle_component_pk>/edit/", views.component_edit, name="component-edit"
    ),
    path(
        "components/<int:lifecycle_component_pk>/remove/",
        views.component_remove,
        name="component-remove",
    ),
    path("sbom/<int:lifecycle_sbom_pk>/", views.sbom_detail, name="sbom"),
    path("import/", views.register_upload, name="register-upload"),
    path("assessments/", views.assessment_list, name="assessments"),
    path("assessments/<int:lifecycle_assessment_pk>/", views.assessment_detail, name="assessment"),
    path("overrides/", views.override_list, name="overrides"),
    path("overrides/add/", views.override_add, name="override-add"),
    path(
        "overrides/<int:lifecycle_override_pk>/remove/",
        views.override_remove,
        name="override-remove",
    ),
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage/map/", views.mapping_set, name="mapping-set"),
    path("coverage/own-entry/", views.own_product_add, name="own-product-add"),
    path("radar/", views.radar_page, name="radar"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/new-link/", views.calendar_reset, name="calendar-reset"),
]

urlpatterns = [
    path("o/<slug:org_slug>/lifecycle/", include(organisation_patterns)),
    path("lifecycle/compare/", views.compare, name="compare"),
    path("lifecycle/catalogue/", views.product_list, name="products"),
    path(
        "lifecycle/catalogue/syncs/<int:lifecycle_snapshot_pk>/",
        views.snapshot_detail,
        name="snapshot",
    ),
    path("lifecycle/catalogue/<str:lifecycle_product>/", views.product_detail, name="product"),
    path("lifecycle/calendar/<str:lifecycle_token>.ics", views.calendar_feed, name="calendar-feed"),
]
