from django.urls import include, path

from . import views

app_name = "organisations"

organisation_patterns = [
    path("", views.organisation_home, name="home"),
    path("history/", views.organisation_history, name="history"),
    path("members/", views.member_list, name="members"),
    path("members/add/", views.member_add, name="member-add"),
    path("members/<int:membership_pk>/role/", views.member_edit, name="member-edit"),
    path("members/<int:membership_pk>/remove/", views.member_remove, name="member-remove"),
    path("members/<int:membership_pk>/history/", views.member_history, name="member-history"),
]

urlpatterns = [
    path("organisations/", views.organisation_list, name="list"),
    path("organisations/switch/", views.organisation_switch, name="switch"),
    path("organisations/import/", views.organisation_import, name="import"),
    path("o/<slug:org_slug>/", include(organisation_patterns)),
]
