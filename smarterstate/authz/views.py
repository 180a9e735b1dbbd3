"""Decorators that put every HTML view under the authorization module.

Each view is wrapped by exactly one of them; the wrapper records the level on
the view (``view.authz_level``) so the URL-walking test can check it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed

from . import Level, get_organisation

SAFE_METHODS = ("GET", "HEAD")


def _needs_sign_in(request) -> bool:
    return not (request.user.is_authenticated and request.user.is_active)


def _refuse_writes_to_read_views(request, level: Level):
    """A read-level view never changes anything, so it answers only GET and HEAD."""
    if level is Level.READ and request.method not in SAFE_METHODS:
        return HttpResponseNotAllowed(SAFE_METHODS)
    return None


def requires(level: Level | str) -> Callable:
    """For views without an organisation in the URL.

    PUBLIC, AUTHENTICATED and SUPERUSER are enforced here. READ, WRITE and
    ADMIN declare a view that loads one record by id: the decorator makes sure
    the user is signed in, and the view must fetch the record with
    ``authz.get_object(user, queryset, level, ...)``, which checks its organisation.
    """
    level = Level(level)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if level is not Level.PUBLIC and _needs_sign_in(request):
                return redirect_to_login(request.get_full_path())
            if refusal := _refuse_writes_to_read_views(request, level):
                return refusal
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
            if refusal := _refuse_writes_to_read_views(request, level):
                return refusal
            org = get_organisation(request.user, org_slug, level)
            # Kept for the page's navigation, which would otherwise look it up again.
            request.organisation = org
            if request.session.get("current_org") != org.slug:
                # Written only when it changes: assigning marks the session modified, which
                # would cost a database write on every page view.
                request.session["current_org"] = org.slug
            return view(request, org, *args, **kwargs)

        wrapped.authz_level = level
        return wrapped

    return decorator
