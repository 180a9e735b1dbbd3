from django.shortcuts import render

from smarterstate.authz import Level, can, readable_organisations
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.exports import Column, export_links, export_response

from .. import selectors
from ..models import Person


@organisation_view(Level.READ)
def index(request, org):
    people = Person.objects.filter(organisation=org, active=True)
    return render(
        request,
        "skills/index.html",
        {
            "org": org,
            "page_title": "Skills and learning",
            "people_count": people.count(),
            "gaps": selectors.gap_summary(org),
            "largest_gaps": selectors.largest_gaps(org, 5),
            "campaigns": selectors.campaigns_for(org)[:5],
            "can_see_people": can(request.user, Level.WRITE, org),
        },
    )


COMPARE_COLUMNS = [
    Column("Organisation", "organisation.name"),
    Column("People", "people"),
    Column("People assessed", "assessed"),
    Column("Share assessed (%)", "assessed_share"),
    Column("Required skill levels", "required"),
    Column("Met", "met"),
    Column("Gaps", "gap"),
    Column("Coverage (%)", "coverage"),
]


@requires(Level.AUTHENTICATED)
def compare(request):
    """Central analysts compare every organisation; others see the organisations they read."""
    organisations = list(readable_organisations(request.user).order_by("name"))
    rows = selectors.comparison(organisations)
    download = export_response(request, rows, COMPARE_COLUMNS, "skills-by-organisation")
    if download:
        return download
    return render(
        request,
        "skills/compare.html",
        {
            "page_title": "Skills by organisation",
            "rows": rows,
            "export_links": export_links(request),
        },
    )
