"""GOV.UK-style error pages."""

from django.shortcuts import render


def forbidden(request, exception=None):
    return render(
        request,
        "errors/403.html",
        {"page_title": "You cannot do this", "reason": str(exception or "")},
        status=403,
    )


def not_found(request, exception=None):
    return render(request, "errors/404.html", {"page_title": "Page not found"}, status=404)


def server_error(request):
    return render(
        request,
        "errors/500.html",
        {"page_title": "Sorry, there is a problem with the service"},
        status=500,
    )
