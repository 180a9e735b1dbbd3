"""Commercial pillar URLs.

Organisation pages live under /o/<org_slug>/commercial/ (``index`` is the
dashboard the service navigation links to); OCDS data is public to anyone
signed in, so process, supplier, buyer, import and mapping pages live under
/commercial/ with no organisation in the URL.
"""

from django.urls import include, path

from .views import comparison, contracts, dashboard, imports, mapping, processes, reviews, suppliers

app_name = "commercial"

organisation_patterns = [
    path("", dashboard.organisation_dashboard, name="index"),
    # ?indicator=A1 lists the processes behind one indicator; without it, the period's processes.
    path("processes/", dashboard.organisation_processes, name="org-processes"),
    path("contracts/", contracts.contract_register, name="contracts"),
    path("crunch-points/", contracts.crunch_point_list, name="crunch-points"),
    path("reviews/", reviews.review_list, name="reviews"),
    path(
        "contracts/<int:contract_pk>/reviews/",
        reviews.contract_reviews_page,
        name="contract-reviews",
    ),
    path("contracts/<int:contract_pk>/reviews/add/", reviews.review_add, name="review-add"),
    path("reviews/<int:review_pk>/edit/", reviews.review_edit, name="review-edit"),
    path("reviews/<int:review_pk>/history/", reviews.review_history, name="review-history"),
    path("processes/<int:process_pk>/notes/add/", processes.process_note_add, name="note-add"),
]

urlpatterns = [
    path("o/<slug:org_slug>/commercial/", include(organisation_patterns)),
    path("commercial/processes/", processes.process_list, name="processes"),
    # OCIDs are free text and may hold slashes: <path:> takes the rest of the URL.
    path("commercial/processes/<path:ocid>/", processes.process_detail, name="process"),
    # Every organisation's indicators side by side: central analysts' comparison.
    path("commercial/compare/", comparison.compare, name="compare"),
    path("commercial/buyers/", dashboard.buyer_list, name="buyers"),
    path("commercial/buyers/<int:party_pk>/", dashboard.buyer_dashboard, name="buyer"),
    path(
        "commercial/buyers/<int:party_pk>/processes/",
        dashboard.buyer_processes,
        name="buyer-processes",
    ),
    path("commercial/suppliers/", suppliers.supplier_list, name="suppliers"),
    path("commercial/suppliers/<int:party_pk>/", suppliers.supplier_detail, name="supplier"),
    path("commercial/imports/", imports.import_list, name="imports"),
    path("commercial/imports/upload/", imports.import_upload, name="import-upload"),
    path("commercial/imports/<int:import_pk>/", imports.import_detail, name="import"),
    path("commercial/mapping/", mapping.mapping_list, name="mapping"),
    path("commercial/mapping/<int:party_pk>/", mapping.mapping_edit, name="mapping-edit"),
]
