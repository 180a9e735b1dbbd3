from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from smarterstate.authz import Level, readable_organisations
from smarterstate.authz.views import requires


@requires(Level.AUTHENTICATED)
def home(request):
    """Send people to their current organisation's home, or let them pick one."""
    orgs = readable_organisations(request.user)
    current = request.session.get("current_org")
    org = orgs.filter(slug=current).first() if current else None
    if org is None and orgs.count() == 1:
        org = orgs.first()
    if org is not None:
        return HttpResponseRedirect(reverse("organisations:home", kwargs={"org_slug": org.slug}))
    return render(request, "core/home.html", {"page_title": "Home", "organisations": orgs[:50]})


@requires(Level.PUBLIC)
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and uptime checks)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@requires(Level.AUTHENTICATED)
def api_guide(request):
    return render(request, "core/api_guide.html", {"page_title": "Use the API"})
