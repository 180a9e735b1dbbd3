"""Skills and learning pillar URLs. Organisation pages live under /o/<org_slug>/skills/ (``index`` is the
landing page the service navigation links to)."""

from django.urls import include, path

from . import views
from .views import frameworks, gaps, learning, overview, people, privacy

app_name = "skills"

organisation_patterns = [
    path("", views.index, name="index"),
    path("frameworks/", frameworks.framework_list, name="frameworks"),
    path("frameworks/add/", frameworks.framework_add, name="framework-add"),
    path("frameworks/<int:framework_pk>/", frameworks.framework_detail, name="framework"),
    path("frameworks/<int:framework_pk>/skills/add/", frameworks.skill_add, name="skill-add"),
    path("roles/<int:role_pk>/", frameworks.role_detail, name="role"),
    path("role-levels/<int:role_level_pk>/", frameworks.role_level_detail, name="role-level"),
    path("people/", people.person_list, name="people"),
    path("people/upload/", people.people_upload, name="people-upload"),
    path("people/<int:person_pk>/", people.person_detail, name="person"),
    path("people/<int:person_pk>/erase/", privacy.person_erase_page, name="person-erase"),
    path(
        "people/<int:person_pk>/subject-access/",
        privacy.person_subject_access_page,
        name="person-subject-access",
    ),
    path("gaps/", gaps.gap_analysis, name="gaps"),
    path("activities/", learning.activity_list, name="activities"),
    path("training/upload/", people.training_upload, name="training-upload"),
    path("campaigns/", learning.campaign_list, name="campaigns"),
    path("campaigns/add/", learning.campaign_add, name="campaign-add"),
    path("campaigns/<int:campaign_pk>/", learning.campaign_detail, name="campaign"),
]

urlpatterns = [
    path("o/<slug:org_slug>/skills/", include(organisation_patterns)),
    path("skills/compare/", overview.compare, name="compare"),
]
