from django.shortcuts import render

from smarterstate.authz import Level
from smarterstate.authz.views import organisation_view

from .selectors import MAX_QUERY, search
from .sources import SOURCES


@organisation_view(Level.READ)
def search_page(request, org):
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    groups = search(user=request.user, organisation=org, query=query) if query else []
    return render(
        request,
        "search/results.html",
        {
            "org": org,
            "query": query,
            "groups": groups,
            "kinds": [source.phrase for source in SOURCES if source.allowed(request.user, org)],
            "page_title": f"Search results for ‘{query}’" if query else "Search",
        },
    )
