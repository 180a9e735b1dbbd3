"""AI assurance pillar URLs.

Organisation pages live under /o/<org_slug>/ai/ (``index`` is the dashboard the
service navigation links to). The public ATRS pages live under /ai/transparency/
and need no sign-in: they show published records only.
"""

from django.urls import include, path

from .views import assessment_sections, assessments, dashboard, records, register

app_name = "ai"

organisation_patterns = [
    path("", dashboard.index, name="index"),
    path("use-cases/", register.use_case_list, name="use-cases"),
    path("use-cases/add/", register.use_case_add, name="use-case-add"),
    path("use-cases/<int:use_case_pk>/", register.use_case_detail, name="use-case"),
    path("use-cases/<int:use_case_pk>/edit/", register.use_case_edit, name="use-case-edit"),
    path(
        "use-cases/<int:use_case_pk>/history/", register.use_case_history, name="use-case-history"
    ),
    path(
        "use-cases/<int:use_case_pk>/third-parties/add/",
        register.third_party_add_view,
        name="third-party-add",
    ),
    path(
        "third-parties/<int:third_party_pk>/remove/",
        register.third_party_remove_view,
        name="third-party-remove",
    ),
    path(
        "use-cases/<int:use_case_pk>/assessments/add/",
        assessments.assessment_start,
        name="assessment-add",
    ),
    path("use-cases/<int:use_case_pk>/record/add/", records.record_start, name="record-add"),
    path("assessments/", assessments.assessment_list, name="assessments"),
    path("assessments/<int:assessment_pk>/", assessments.assessment_detail, name="assessment"),
    path(
        "assessments/<int:assessment_pk>/answer/",
        assessments.assessment_answer_view,
        name="assessment-answer",
    ),
    # The answers as a GOV.UK task list: one page per checklist item, then check and submit.
    # GET on the single page above redirects to the task list; POSTing it still saves.
    path(
        "assessments/<int:assessment_pk>/tasks/",
        assessment_sections.assessment_tasks,
        name="assessment-tasks",
    ),
    path(
        "assessments/<int:assessment_pk>/tasks/<slug:item_key>/",
        assessment_sections.assessment_section,
        name="assessment-section",
    ),
    path(
        "assessments/<int:assessment_pk>/check/",
        assessment_sections.assessment_check,
        name="assessment-check",
    ),
    path(
        "assessments/<int:assessment_pk>/submit/",
        assessments.assessment_submit_view,
        name="assessment-submit",
    ),
    path(
        "assessments/<int:assessment_pk>/sign-off/",
        assessments.assessment_decide,
        name="assessment-decide",
    ),
    path(
        "assessments/<int:assessment_pk>/history/",
        assessments.assessment_history,
        name="assessment-history",
    ),
    path("records/", records.record_list, name="records"),
    path("records/<int:record_pk>/", records.record_detail, name="record"),
    path("records/<int:record_pk>/edit/", records.record_edit, name="record-edit"),
    path("records/<int:record_pk>/publish/", records.record_publish_view, name="record-publish"),
    # ?format=json (default) or ?format=csv: the working copy as ATRS attributes.
    path("records/<int:record_pk>/export/", records.record_export, name="record-export"),
    path("records/<int:record_pk>/history/", records.record_history, name="record-history"),
]

urlpatterns = [
    path("o/<slug:org_slug>/ai/", include(organisation_patterns)),
    path("ai/compare/", dashboard.compare, name="compare"),
    path("ai/transparency/<slug:org_slug>/", records.public_records, name="public-records"),
    path("ai/transparency/records/<int:record_pk>/", records.public_record, name="public-record"),
]
