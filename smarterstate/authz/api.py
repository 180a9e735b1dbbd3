"""DRF side of the authorization module: the same rules as the HTML views."""

from __future__ import annotations

from rest_framework import permissions, serializers

from . import Level, can, check, organisation_of, readable, scope


class IsAuthenticatedMember(permissions.BasePermission):
    """Default for every endpoint: signed in, then per-object checks by level.

    Safe methods need read on the record's organisation; others need the
    view's ``write_level`` (write by default, admin for memberships).
    """

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_active)

    def has_object_permission(self, request, view, obj) -> bool:
        level = (
            Level.READ
            if request.method in permissions.SAFE_METHODS
            else getattr(view, "write_level", Level.WRITE)
        )
        check(request.user, level, organisation_of(obj))
        return True


class AllowAny(permissions.AllowAny):
    """Public endpoints (schema, health). Named here so every API permission lives in one module."""


class OrganisationScopedMixin:
    """For ModelViewSets of organisation-owned records.

    Lists show only readable records; create needs write (or ``write_level``)
    on the organisation the new record names.
    """

    write_level: Level = Level.WRITE
    authz_level = Level.READ

    def get_queryset(self):
        return scope(super().get_queryset(), self.request.user, Level.READ)

    def check_create(self, organisation) -> None:
        check(self.request.user, self.write_level, organisation)

    def perform_create(self, serializer):
        organisation = serializer.validated_data.get("organisation")
        if organisation is not None:
            self.check_create(organisation)
        serializer.save()

    def perform_update(self, serializer):
        organisation = serializer.validated_data.get("organisation")
        if organisation is not None and not can(self.request.user, self.write_level, organisation):
            self.check_create(organisation)
        serializer.save()


class ReadableRelatedField(serializers.PrimaryKeyRelatedField):
    """An id inside a request body, looked up only among the records the user may read.

    Another organisation's id then fails exactly as an id that does not exist ("Invalid
    pk … object does not exist"): no 404-versus-400 oracle, and no name in the error.
    Every writable id in the API uses it (ReadableModelSerializer makes it the default).
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        return readable(queryset, getattr(request, "user", None))


class ReadableModelSerializer(serializers.ModelSerializer):
    """ModelSerializer whose generated relations (foreign keys, many-to-many) are readable-only."""

    serializer_related_field = ReadableRelatedField
