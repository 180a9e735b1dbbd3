from django.contrib import admin
from django.urls import include, path

from smarterstate.accounts import views as account_views
from smarterstate.capacity.views import home as capacity_home
from smarterstate.core import views as core_views
from smarterstate.core.api_docs import DocsView

admin.site.site_header = "Smarter State administration"
admin.site.site_title = "Smarter State"

urlpatterns = [
    # The homes are capacity's (ADR 0011): ``/`` shows central analysts the cross-government
    # comparison, and the organisation home leads with the scorecard and decisions due. They
    # come before the organisations app's own ``o/<slug>/`` pattern, which they replace.
    path("", capacity_home.home, name="home"),
    path("o/<slug:org_slug>/", capacity_home.organisation_home, name="organisation-home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", account_views.logout, name="logout"),
    path("accounts/password/", account_views.password_change, name="password-change"),
    path("", include("smarterstate.organisations.urls")),
    path("", include("smarterstate.commercial.urls")),
    path("", include("smarterstate.lifecycle.urls")),
    path("", include("smarterstate.skills.urls")),
    path("", include("smarterstate.learningrecords.urls")),
    path("", include("smarterstate.outcomes.urls")),
    path("", include("smarterstate.ai.urls")),
    path("", include("smarterstate.capacity.urls")),
    path("", include("smarterstate.search.urls")),
    path("o/<slug:org_slug>/", include("smarterstate.pillars.urls")),
    path("jobs/", include("smarterstate.jobs.urls")),
    path("xapi/", include("smarterstate.learningrecords.lrs.urls")),
    path("api/", core_views.api_guide, name="api-guide"),
    path("api/v1/", include("smarterstate.api_urls")),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler403 = "smarterstate.core.errors.forbidden"
handler404 = "smarterstate.core.errors.not_found"
handler500 = "smarterstate.core.errors.server_error"
