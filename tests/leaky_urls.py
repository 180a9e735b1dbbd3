"""A URL configuration with deliberately broken views, to prove the authorization walk catches them."""

from django.http import HttpResponse
from django.urls import path

from smarterstate.authz import Level
from smarterstate.authz.views import requires
from smarterstate.organisations.models import Membership
from smarterstate.urls import urlpatterns as real_urlpatterns


@requires(Level.READ)
def membership_without_check(request, membership_pk):
    # The bug under test: loads a record by id without authz.get_object().
    membership = Membership.objects.get(pk=membership_pk)
    return HttpResponse(membership.user.username)


def undeclared(request):
    return HttpResponse("no level declared")


leaky_by_id = [
    *real_urlpatterns,
    path("leak/<int:membership_pk>/", membership_without_check, name="leak"),
]
undeclared_level = [*real_urlpatterns, path("undeclared/", undeclared, name="undeclared")]
