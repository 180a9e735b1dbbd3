from django.shortcuts import render

from smarterstate.authz import Level, can
from smarterstate.authz.views import organisation_view

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
