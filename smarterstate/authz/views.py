"""Decorators that put every HTML view under the authorization module.

Each view is wrapped by exactly one of them; the wrapper records the level on
the view (``view.authz_level``) so the URL-walking test can check it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from . import Level, get_organisation


def _needs_sign_in(request) -> bool:
    return not (request.user.is_authenticated and request.user.is_active)


def requires(level: Level | str) -> Callable:
    """For views without an organisation in the URL: public, any signed-in user, or superuser."""
    level = Level(level)
    if level in (Level.READ, Level.WRITE, Level.ADMIN):
        raise ValueError("Use organisation_view() for organisation levels")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if level is not Level.PUBLIC and _needs_sign_in(request):
                return redirect_to_login(request.get_full_path())
            if level is Level.SUPERUSER and not request.user.is_superuser:
                raise PermissionDenied("Only platform administrators can do this.")
            return view(request, *args, **kwargs)

        wrapped.authz_level = level
        return wrapped

    return decorator


def organisation_view(level: Level | str) -> Callable:
    """For views under /o/<org_slug>/: resolves the organisation at the level asked.

    The view receives ``org`` (an Organisation) in place of ``org_slug``.
    Views that also load records by id must fetch them with
    ``authz.get_object(..., organisation=org)`` or a queryset filtered by org.
    """
    level = Level(level)

    def decorator(view):
        @wraps(view)
        def wrapped(request, org_slug: str, *args, **kwargs):
            if _needs_sign_in(request):
                return redirect_to_login(request.get_full_path())
            org = get_organisation(request.user, org_slug, level)
            request.session["current_org"] = org.slug
            return view(request, org, *args, **kwargs)

        wrapped.authz_level = level
        return wrapped

    return decorator
