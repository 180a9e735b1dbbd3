"""Capacity URLs: organisation pages under /o/<org_slug>/capacity/, the cross-government and
administration pages under /capacity/. The homes (``/`` and ``/o/<org_slug>/``) are routed to
views.home by the project URLconf (ADR 0011)."""

from django.urls import include, path

from .views import admin, radar, scorecard

app_name = "capacity"

organisation_patterns = [
    path("", scorecard.scorecard, name="index"),
    path("trend/", scorecard.trend_page, name="trend"),
    path("people-survey/", scorecard.survey, name="survey"),
    path("radar/", radar.radar_page, name="radar"),
    path("radar/calendar/", radar.calendar_page, name="calendar"),
    path("radar/calendar/new-link/", radar.calendar_reset, name="calendar-reset"),
    path(
        "radar/decisions/<int:capacity_decision_pk>/history/",
        radar.decision_history,
        name="decision-history",
    ),
    path("radar/<str:capacity_radar_key>/", radar.item_detail, name="radar-item"),
    path("radar/<str:capacity_radar_key>/decide/", radar.item_decide, name="radar-decide"),
    path("radar/<str:capacity_radar_key>/snooze/", radar.item_snooze, name="radar-snooze"),
    path("radar/<str:capacity_radar_key>/reopen/", radar.item_reopen, name="radar-reopen"),
]

urlpatterns = [
    path("o/<slug:org_slug>/capacity/", include(organisation_patterns)),
    path("capacity/compare/", scorecard.compare, name="compare"),
    path("capacity/radar/", radar.radar_across, name="radar-across"),
    path("capacity/calendar/<str:capacity_token>.ics", radar.calendar_feed, name="calendar-feed"),
    path("capacity/profiles/", admin.profile_list, name="profiles"),
    path("capacity/profiles/new/", admin.profile_new, name="profile-new"),
    path("capacity/profiles/<int:capacity_profile_version>/", admin.profile_detail, name="profile"),
    path("capacity/people-survey/upload/", admin.survey_upload, name="survey-upload"),
    path("capacity/people-survey/mapping/", admin.survey_mapping, name="survey-mapping"),
    path("capacity/people-survey/mapping/<int:capacity_survey_org_pk>/", admin.survey_mapping_edit, name="survey-mapping-edit"),
    path("capacity/people-survey/mapping/<int:capacity_survey_org_pk>/history/", admin.survey_mapping_history, name="survey-mapping-history"),
]  # fmt: skip
