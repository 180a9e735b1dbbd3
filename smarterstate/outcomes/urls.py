"""Outcomes and pilots pillar URLs. Organisation pages live under /o/<org_slug>/outcomes/ (``index`` is the
portfolio dashboard the service navigation links to); the comparison across organisations is
/outcomes/compare/."""

from django.urls import include, path

from .views import dashboard, fund, gates, initiatives, outcomes, pilots

app_name = "outcomes"

organisation_patterns = [
    path("", dashboard.index, name="index"),
    path("settings/", initiatives.settings_edit, name="settings"),
    path("initiatives/", initiatives.initiative_list, name="initiatives"),
    path("initiatives/add/", initiatives.initiative_add, name="initiative-add"),
    path(
        "initiatives/<int:outcomes_initiative_pk>/",
        initiatives.initiative_detail,
        name="initiative",
    ),
    path(
        "initiatives/<int:outcomes_initiative_pk>/edit/",
        initiatives.initiative_edit,
        name="initiative-edit",
    ),
    path(
        "initiatives/<int:outcomes_initiative_pk>/rating/",
        initiatives.rating_add,
        name="rating-add",
    ),
    path(
        "initiatives/<int:outcomes_initiative_pk>/links/add/", initiatives.link_add, name="link-add"
    ),
    path(
        "initiatives/<int:outcomes_initiative_pk>/outcomes/add/",
        outcomes.outcome_add,
        name="outcome-add",
    ),
    path("initiatives/<int:outcomes_initiative_pk>/kpis/", outcomes.kpis_add, name="kpis-add"),
    path("initiatives/<int:outcomes_initiative_pk>/gates/add/", gates.gate_add, name="gate-add"),
    path("links/<int:outcomes_link_pk>/remove/", initiatives.link_remove, name="link-remove"),
    path("outcomes/", outcomes.outcome_list, name="outcomes"),
    path("outcomes/<int:outcomes_outcome_pk>/", outcomes.outcome_detail, name="outcome"),
    path("outcomes/<int:outcomes_outcome_pk>/edit/", outcomes.outcome_edit, name="outcome-edit"),
    path(
        "outcomes/<int:outcomes_outcome_pk>/measurements/add/",
        outcomes.measurement_add,
        name="measurement-add",
    ),
    path("measurements/upload/", outcomes.measurement_upload, name="measurement-upload"),
    path("gates/", gates.gate_list, name="gates"),
    path("gates/<int:outcomes_gate_pk>/", gates.gate_detail, name="gate"),
    path(
        "conditions/<int:outcomes_condition_pk>/met/",
        gates.condition_met,
        name="condition-met",
    ),
    path("pilots/", pilots.pilot_list, name="pilots"),
    path("pilots/add/", pilots.pilot_add, name="pilot-add"),
    path(
        "pilots/<int:outcomes_pilot_pk>/criteria/add/", pilots.criterion_add, name="criterion-add"
    ),
    path("pilots/<int:outcomes_pilot_pk>/decide/", pilots.pilot_decide_page, name="pilot-decide"),
    path("fund/", fund.ledger_page, name="fund"),
    path("fund/allocate/", fund.allocate, name="fund-allocate"),
    path("fund/deposit/", fund.deposit, name="fund-deposit"),
    path(
        "history/<slug:outcomes_kind>/<int:outcomes_record_pk>/",
        initiatives.history,
        name="history",
    ),
]

urlpatterns = [
    path("o/<slug:org_slug>/outcomes/", include(organisation_patterns)),
    path("outcomes/compare/", dashboard.compare, name="compare"),
]
