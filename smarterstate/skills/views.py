from django.shortcuts import render

from smarterstate.authz import Level
from smarterstate.authz.views import organisation_view


@organisation_view(Level.READ)
def index(request, org):
    return render(request, "skills/index.html", {"org": org, "page_title": "Skills and learning"})
