"""The homes. The project URLconf routes ``/`` and ``/o/<org>/`` here (ADR 0011), so the
organisations app and core never import capacity."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from smarterstate.authz import Level, can, readable_organisations, reads_everything
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core import views as core_views

from .. import selectors
from ..models import PeriodKind
from .shared import STATE_TAGS, decorate

TOP_DECISIONS = 8


@requires(Level.AUTHENTICATED)
def home(request):
    """Central analysts (and platform administrators) land on the cross-government
    comparison; everyone else on their organisation's home, as before."""
    user = request.user
    if not reads_everything(user):
        return core_views.home(request)
    organisations = readable_organisations(user)
    today = timezone.localdate()
    results = selectors.comparison(organisations, PeriodKind.QUARTER)
    counts = selectors.radar_counts(organisations, today)
    return render(
        request,
        "capacity/central_home.html",
        {
            "page_title": "Capacity across government",
            "results": results,
            "counts": counts[:15],
            "count_total": len(counts),
            "pillars": list(selectors.PILLARS.items()),
            "last_refresh": selectors.last_refresh(),
            "horizons": list(selectors.HORIZON_MONTHS),
        },
    )


@organisation_view(Level.READ)
def organisation_home(request, org):
    today = timezone.localdate()
    result = selectors.latest_scorecard(org, PeriodKind.QUARTER)
    open_items = selectors.radar_items(organisations=[org], today=today)
    overdue = decorate(open_items.filter(due_date__lt=today)[:TOP_DECISIONS], today)
    in_window = decorate(
        open_items.filter(due_date__gte=today, window_opens__lte=today)[:TOP_DECISIONS], today
    )
    return render(
        request,
        "capacity/organisation_home.html",
        {
            "page_title": org.name,
            "org": org,
            "result": result,
            "overdue": overdue,
            "overdue_count": open_items.filter(due_date__lt=today).count(),
            "in_window": in_window,
            "in_window_count": open_items.filter(
                due_date__gte=today, window_opens__lte=today
            ).count(),
            "freshness": selectors.freshness(org, result),
            "state_tags": STATE_TAGS,
            "children": readable_organisations(request.user).filter(parent=org).order_by("name"),
            "member_count": org.memberships.count(),
            "can_admin": can(request.user, Level.ADMIN, org),
            "recent_jobs": org.jobs.all()[:5],
            "last_refresh": selectors.last_refresh(),
        },
    )
