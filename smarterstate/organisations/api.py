"""API for organisations and memberships. Thin: parse, authorize, call a service."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from smarterstate.authz import Level, check, readable_organisations
from smarterstate.authz.api import OrganisationScopedMixin

from . import services
from .models import Membership, Organisation, OrganisationType, Role


class OrganisationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    organisation_type = serializers.ChoiceField(choices=OrganisationType.choices)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "organisation_type", "parent", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class OrganisationViewSet(viewsets.ModelViewSet):
    """Public bodies you can read. Superusers create and delete; an organisation's admins edit it."""

    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    write_level = Level.ADMIN
    authz_level = Level.READ

    def get_queryset(self):
        return (
            readable_organisations(self.request.user)
            .select_related("parent")
            .order_by("name")
            .distinct()
        )

    def _superuser_only(self) -> None:
        if not self.request.user.is_superuser:
            raise PermissionDenied(
                "Only platform administrators can create or delete organisations."
            )

    def perform_create(self, serializer):
        self._superuser_only()
        serializer.instance = services.organisation_create(**serializer.validated_data)

    def perform_update(self, serializer):
        check(self.request.user, Level.ADMIN, serializer.instance)
        if "parent" in serializer.validated_data and not self.request.user.is_superuser:
            if serializer.validated_data["parent"] != serializer.instance.parent:
                raise PermissionDenied("Only platform administrators can move an organisation.")
        services.organisation_update(organisation=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        self._superuser_only()
        instance.delete()


class MembershipSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all()
    )
    username = serializers.SlugRelatedField(
        source="user",
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
    )
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "organisation", "username", "role", "created_at"]
        read_only_fields = ["id", "created_at"]


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class MembershipViewSet(
    OrganisationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Who belongs to which organisation, in which role. An organisation's admins manage them."""

    queryset = Membership.objects.select_related("organisation", "user").order_by("id")
    write_level = Level.ADMIN
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        qs = super().get_queryset()
        organisation = self.request.query_params.get("organisation")
        if organisation:
            qs = qs.filter(organisation__slug=organisation)
        return qs

    def get_serializer_class(self):
        if self.action == "partial_update":
            return MembershipRoleSerializer
        return MembershipSerializer

    def perform_create(self, serializer):
        self.check_create(serializer.validated_data["organisation"])
        if (
            serializer.validated_data["user"]
            .memberships.filter(organisation=serializer.validated_data["organisation"])
            .exists()
        ):
            raise serializers.ValidationError(
                {"username": ["Already a member of this organisation."]}
            )
        serializer.instance = services.membership_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.membership_update(
            membership=serializer.instance, role=serializer.validated_data["role"]
        )

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response.data = MembershipSerializer(self.get_object()).data
        return response

    def perform_destroy(self, instance):
        services.membership_delete(membership=instance)
