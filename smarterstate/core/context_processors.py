from django.conf import settings
from django.urls import NoReverseMatch, reverse

from smarterstate.authz import readable_organisations, reads_several_organisations

PILLARS = [
    ("outcomes", "Outcomes"),
    ("commercial", "Commercial"),
    ("lifecycle", "Lifecycle"),
    ("skills", "Skills"),
    ("ai", "AI"),
    ("capacity", "Capacity"),
]


def pillar_url(key: str, org_slug: str) -> str:
    """A built pillar names its landing page ``<pillar>:index``; until then a placeholder."""
    try:
        return reverse(f"{key}:index", kwargs={"org_slug": org_slug})
    except NoReverseMatch:
        return reverse(f"pillars:{key}", kwargs={"org_slug": org_slug})


def navigation(request):
    """The current organisation and the service navigation built from it."""
    base = {
        "current_org": None,
        "service_navigation": [],
        "service_operator": settings.SERVICE_OPERATOR,
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return base
    org_slug = (
        request.resolver_match.kwargs.get("org_slug") if request.resolver_match else None
    ) or request.session.get("current_org")
    current = getattr(request, "organisation", None)
    if current is None or current.slug != org_slug:
        orgs = readable_organisations(user)
        current = orgs.filter(slug=org_slug).first() if org_slug else None
        if current is None:
            current = orgs.order_by("name").first()
    if current is None:
        return base
    path = request.path
    items = []
    for key, label in PILLARS:
        href = pillar_url(key, current.slug)
        items.append({"href": href, "text": label, "active": path.startswith(href)})
    return {
        **base,
        "current_org": current,
        "service_navigation": items,
        "has_several_orgs": reads_several_organisations(user),
    }
