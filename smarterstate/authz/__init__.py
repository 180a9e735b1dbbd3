"""The one authorization module: who may read, change and administer what.

Every view and API endpoint goes through these functions. The rules:

* superusers may do everything;
* central analysts read every organisation and change none;
* a member reads their organisation; editors and admins change its data;
  admins also manage its members;
* anonymous users see only public pages.

Records belong to an organisation through a field path (``organisation`` by
default; a model may name another in ``authz_organisation_field``, following its
parents: a skill's is ``framework__organisation``). A model may also say
``authz_public = True`` (published data everyone signed in reads: OCDS) or
``authz_shared = True`` (a record with no organisation is platform-wide and everyone
signed in reads it: the DDaT framework).

A record the user cannot read answers exactly as one that does not exist: 404 for a
URL, and for an id inside a request body the same "does not exist" error, with no
name in it (``readable`` scopes the lookups of authz.api.ReadableRelatedField and
core.api.SlugRelatedField, organisations by slug too). A
record may refer only to records of its own organisation, public or shared ones
(``belongs_to`` / ``owned_by``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from smarterstate.organisations.models import Organisation


class Level(StrEnum):
    """What a view or endpoint needs. Every view declares one (see views.py)."""

    PUBLIC = "public"  # anyone, signed in or not
    AUTHENTICATED = "authenticated"  # any signed-in user; data shown is scoped by read
    READ = "read"  # read the organisation named in the URL / owning the record
    WRITE = "write"  # change it
    ADMIN = "admin"  # manage its members
    SUPERUSER = "superuser"  # platform operators


WRITE_ROLES = ("editor", "admin")


def _is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def platform_admin(user) -> bool:
    """A platform administrator (superuser): every organisation, and platform-wide records."""
    return _is_signed_in(user) and user.is_superuser


def reads_everything(user) -> bool:
    """Reads every organisation's data: platform administrators and central analysts."""
    return _is_signed_in(user) and (user.is_superuser or user.is_central_analyst)


def readable_organisations(user) -> QuerySet[Organisation]:
    from smarterstate.organisations.models import Organisation

    if not _is_signed_in(user):
        return Organisation.objects.none()
    if user.is_superuser or user.is_central_analyst:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user)


def writable_organisations(user) -> QuerySet[Organisation]:
    from smarterstate.organisations.models import Organisation

    if not _is_signed_in(user):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user, memberships__role__in=WRITE_ROLES)


def administrable_organisations(user) -> QuerySet[Organisation]:
    from smarterstate.organisations.models import Organisation

    if not _is_signed_in(user):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user, memberships__role="admin")


def organisations_for(user, level: Level | str) -> QuerySet[Organisation]:
    level = Level(level)
    if level is Level.READ:
        return readable_organisations(user)
    if level is Level.WRITE:
        return writable_organisations(user)
    if level is Level.ADMIN:
        return administrable_organisations(user)
    raise ValueError(f"organisations_for() takes read, write or admin, not {level}")


def _roles(user) -> dict[int, str]:
    """The user's roles by organisation id, read once per request (cached on the user)."""
    cache = getattr(user, "_authz_roles", None)
    if cache is None:
        cache = dict(user.memberships.values_list("organisation_id", "role"))
        user._authz_roles = cache
    return cache


def role_in(user, organisation: Organisation) -> str | None:
    """The user's membership role in the organisation, or None."""
    if not _is_signed_in(user):
        return None
    return _roles(user).get(organisation.pk)


def reads_several_organisations(user) -> bool:
    """Whether the user reads more than one organisation (and so may switch between them)."""
    if not _is_signed_in(user):
        return False
    if reads_everything(user):
        return readable_organisations(user)[:2].count() > 1
    return len(_roles(user)) > 1


def can(user, level: Level | str, organisation: Organisation | None) -> bool:
    level = Level(level)
    if level is Level.PUBLIC:
        return True
    if not _is_signed_in(user):
        return False
    if user.is_superuser or level is Level.AUTHENTICATED:
        return True
    if level is Level.SUPERUSER or organisation is None:
        return False
    role = role_in(user, organisation)
    if level is Level.READ:
        return role is not None or user.is_central_analyst
    if level is Level.WRITE:
        return role in WRITE_ROLES
    return role == "admin"


def organisation_field(model: type[Model]) -> str:
    return getattr(model, "authz_organisation_field", "organisation")


def scope(queryset: QuerySet, user, level: Level | str = Level.READ) -> QuerySet:
    """Narrow a queryset of organisation-owned records to what the user may reach."""
    level = Level(level)
    field = organisation_field(queryset.model)
    if not _is_signed_in(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    if level is Level.READ and user.is_central_analyst:
        # Every organisation's records, but not platform-wide ones (no organisation).
        return queryset.filter(**{f"{field}__isnull": False})
    return queryset.filter(**{f"{field}__in": organisations_for(user, level)})


def scope_shared(queryset: QuerySet, user) -> QuerySet:
    """Like ``scope`` (read) for models where a record with no organisation is shared with
    everyone signed in (government-wide frameworks and learning activities), not
    platform-wide."""
    if not _is_signed_in(user):
        return queryset.none()
    field = organisation_field(queryset.model)
    return queryset.filter(
        Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__in": readable_organisations(user)})
    )


def is_public(model: type[Model]) -> bool:
    return getattr(model, "authz_public", False)


def is_shared(model: type[Model]) -> bool:
    return getattr(model, "authz_shared", False)


def is_organisation_owned(model: type[Model]) -> bool:
    first = organisation_field(model).split("__")[0]
    try:
        model._meta.get_field(first)
    except FieldDoesNotExist:
        return False
    return True


def readable(queryset: QuerySet, user) -> QuerySet:
    """The records the user may read, public and shared (platform-wide) ones included.

    Ids and slugs given in request bodies are looked up here (authz.api.ReadableRelatedField,
    core.api.SlugRelatedField), so another organisation's record is indistinguishable from
    one that does not exist. Organisations named by slug are those the user reads.
    """
    model = queryset.model
    if not _is_signed_in(user):
        return queryset.none()
    if user.is_superuser or is_public(model):
        return queryset
    from smarterstate.organisations.models import Organisation

    if model is Organisation:
        return queryset.filter(pk__in=readable_organisations(user).values("pk"))
    if not is_organisation_owned(model):
        # Reference data and user accounts: the endpoint's own checks decide what may be
        # done with them (adding a member by username is refused before the username is
        # looked up, unless the user administers an organisation).
        return queryset
    field = organisation_field(model)
    if user.is_central_analyst:
        own = Q(**{f"{field}__isnull": False})
    else:
        own = Q(**{f"{field}__in": readable_organisations(user)})
    if is_shared(model):
        own |= Q(**{f"{field}__isnull": True})
    return queryset.filter(own)


def owned_by(queryset: QuerySet, organisation: Organisation) -> QuerySet:
    """The records a record of ``organisation`` may refer to (link, run on, assess…)."""
    model = queryset.model
    if is_public(model):
        return queryset
    field = organisation_field(model)
    condition = Q(**{field: organisation})
    if is_shared(model):
        condition |= Q(**{f"{field}__isnull": True})
    return queryset.filter(condition)


def belongs_to(obj: Model, organisation: Organisation) -> bool:
    """May a record of ``organisation`` refer to ``obj``? Ownership follows obj's parents."""
    if is_public(type(obj)):
        return True
    owner = organisation_of(obj)
    if owner is None:
        return is_shared(type(obj))
    return owner.pk == organisation.pk


def organisation_of(obj: Model) -> Organisation | None:
    from smarterstate.organisations.models import Organisation

    if isinstance(obj, Organisation):
        return obj
    value: Any = obj
    for part in organisation_field(type(obj)).split("__"):
        value = getattr(value, part)
        if value is None:
            return None
    return value


def check(user, level: Level | str, organisation: Organisation | None) -> None:
    """Raise 404 when the user cannot even read; 403 when they read but may not do more.

    Records with no organisation (platform-wide jobs, say) are for superusers only.
    """
    if not can(user, Level.READ, organisation):
        raise Http404("No such organisation or record.")
    if not can(user, level, organisation):
        raise PermissionDenied(f"You need {Level(level)} access to {organisation.name}.")


def get_organisation(user, slug: str, level: Level | str = Level.READ) -> Organisation:
    from smarterstate.organisations.models import Organisation

    try:
        organisation = Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404("No such organisation.") from exc
    check(user, level, organisation)
    return organisation


def get_in_organisation(queryset: QuerySet, organisation: Organisation, **lookup):
    """One record of ``organisation`` (by its ``authz_organisation_field``), for views under
    /o/<org_slug>/ whose decorator has already checked the level on ``organisation``.

    Another organisation's record answers 404, even with this organisation's slug in the URL.
    For records by id outside an organisation's URLs, use ``get_object``.
    """
    try:
        return queryset.get(**{organisation_field(queryset.model): organisation}, **lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("No such record.") from exc


def get_object(user, queryset: QuerySet, level: Level | str = Level.READ, **lookup):
    """Fetch one organisation-owned record, enforcing the level on its organisation."""
    try:
        obj = queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("No such record.") from exc
    check(user, level, organisation_of(obj))
    return obj
