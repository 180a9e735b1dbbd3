"""API for organisations and memberships. Thin: parse, authorize, call a service."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from smarterstate.authz import (
    Level,
    administrable_organisations,
    check,
    platform_admin,
    readable_organisations,
)
from smarterstate.authz.api import OrganisationScopedMixin, ReadableModelSerializer
from smarterstate.core import api as core_api
from smarterstate.core.api import valid_query
from smarterstate.core.api_schema import document_lookup

from . import services
from .models import Membership, Organisation, OrganisationType, Role


class ReadableOrganisationField(core_api.SlugRelatedField):
    """An organisation named by its slug, among those the requesting user can read.

    Organisations the user cannot read answer exactly like unknown slugs, so a
    payload cannot be used to find out which organisations exist.
    """

    default_error_messages = {
        "does_not_exist": "There is no organisation “{value}” that you can see.",
        "invalid": "Give the organisation's slug.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The organisation's slug, for example cabinet-office.")
        super().__init__(slug_field="slug", queryset=Organisation.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return readable_organisations(getattr(request, "user", None))


class OrganisationSerializer(ReadableModelSerializer):
    parent = ReadableOrganisationField(
        allow_null=True,
        required=False,
        help_text="The slug of the body this one reports to, if any.",
    )
    organisation_type = serializers.ChoiceField(choices=OrganisationType.choices)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "organisation_type", "parent", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


@document_lookup(
    "slug",
    {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    "The organisation's slug, for example cabinet-office.",
)
class OrganisationViewSet(viewsets.ModelViewSet):
    """Public bodies you can read. Superusers create, move and delete; an organisation's admins edit it."""

    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    # Any one path segment reaches the view, which answers unknown slugs with a JSON 404.
    lookup_value_regex = "[^/]+"
    write_level = Level.ADMIN
    authz_level = Level.READ

    def get_queryset(self):
        return (
            readable_organisations(self.request.user)
            .select_related("parent")
            .order_by("name")
            .distinct()
        )

    def _superuser_only(self, action: str) -> None:
        if not platform_admin(self.request.user):
            raise PermissionDenied(f"Only platform administrators can {action}.")

    def create(self, request, *args, **kwargs):
        # Refuse before validating, so others learn nothing from the payload's errors.
        self._superuser_only("create organisations")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.organisation_create(**serializer.validated_data)

    def perform_update(self, serializer):
        organisation, data = serializer.instance, serializer.validated_data
        check(self.request.user, Level.ADMIN, organisation)
        if "parent" in data and data["parent"] != organisation.parent:
            self._superuser_only("move an organisation")
        if "slug" in data and data["slug"] != organisation.slug:
            self._superuser_only("change an organisation's slug")
        serializer.instance = services.organisation_update(organisation=organisation, **data)

    def perform_destroy(self, instance):
        self._superuser_only("delete organisations")
        services.organisation_delete(organisation=instance)


class MembershipSerializer(ReadableModelSerializer):
    organisation = ReadableOrganisationField()
    username = core_api.SlugRelatedField(
        source="user",
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        error_messages={
            "does_not_exist": "There is no active user “{value}”.",
            "invalid": "Give the member's username.",
        },
        help_text="The member's username.",
    )
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "organisation", "username", "role", "created_at"]
        read_only_fields = ["id", "created_at"]
        # Checked by the view after authorization, so a refused caller learns nothing.
        validators = []


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class MembershipFilterSerializer(serializers.Serializer):
    organisation = serializers.SlugField(
        required=False,
        allow_blank=True,
        max_length=120,
        help_text="Only memberships of the organisation with this slug.",
    )


@document_lookup("id", OpenApiTypes.INT, "The membership's id.")
@extend_schema_view(
    list=extend_schema(parameters=[MembershipFilterSerializer]),
    partial_update=extend_schema(
        request=MembershipRoleSerializer, responses={200: MembershipSerializer}
    ),
)
class MembershipViewSet(
    OrganisationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Who belongs to which organisation, in which role. An organisation's admins manage them."""

    queryset = Membership.objects.select_related("organisation", "user").order_by("id")
    lookup_value_regex = "[^/]+"  # junk ids reach the view, which answers with a JSON 404
    serializer_class = MembershipSerializer
    write_level = Level.ADMIN
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "list":
            params = valid_query(MembershipFilterSerializer, self.request)
            if params.get("organisation"):
                qs = qs.filter(organisation__slug=params["organisation"])
        return qs

    def create(self, request, *args, **kwargs):
        # Refuse before validating, so a member who may not add members learns nothing from
        # the payload's errors (whether a username exists, say).
        slug = request.data.get("organisation") if hasattr(request.data, "get") else None
        if isinstance(slug, str) and "\x00" not in slug:
            named = readable_organisations(request.user).filter(slug=slug).first()
            if named is not None:
                self.check_create(named)
        if not administrable_organisations(request.user).exists():
            raise PermissionDenied("Only an organisation's admins add members.")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_create(data["organisation"])
        if data["user"].memberships.filter(organisation=data["organisation"]).exists():
            raise serializers.ValidationError(
                {"username": [f"{data['user'].username} is already a member of this organisation."]}
            )
        serializer.instance = services.membership_create(**data)

    def partial_update(self, request, *args, **kwargs):
        """Change a member's role. An organisation must keep at least one admin."""
        membership = self.get_object()
        serializer = MembershipRoleSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        role = serializer.validated_data.get("role")
        if role is not None and role != membership.role:
            membership = services.membership_update(membership=membership, role=role)
        return Response(self.get_serializer(membership).data, status=status.HTTP_200_OK)

    def perform_destroy(self, instance):
        services.membership_delete(membership=instance)


# (prefix, viewset, basename): smarterstate/api_urls.py registers every app's ROUTES.
ROUTES: list[tuple[str, type, str]] = [
    ("organisations", OrganisationViewSet, "organisation"),
    ("memberships", MembershipViewSet, "membership"),
]
