"""GOV.UK-style error pages."""

import logging

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def _is_api(request) -> bool:
    return request.path.startswith("/api/v1/")


def forbidden(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": str(exception or "Forbidden."), "errors": {}}, status=403)
    return render(
        request,
        "errors/403.html",
        {"page_title": "You cannot do this", "reason": str(exception or "")},
        status=403,
    )


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Not found.", "errors": {}}, status=404)
    return render(request, "errors/404.html", {"page_title": "Page not found"}, status=404)


def server_error(request):
    context = {"page_title": "Sorry, there is a problem with the service"}
    try:
        return render(request, "errors/500.html", context, status=500)
    except Exception:
        # The error may be the database itself, which the navigation and the
        # signed-in user need: show the page without them rather than fail again.
        logger.exception("The 500 page could not render with its request context")
        return HttpResponseServerError(render_to_string("errors/500.html", context))
