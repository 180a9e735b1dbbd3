"""Pieces the lifecycle API modules share: validators, flat error messages, scoped viewsets."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from rest_framework import serializers, viewsets

from smarterstate.authz.api import IsAuthenticatedMember, OrganisationScopedMixin
from smarterstate.organisations.api import ReadableOrganisationField

MAX_ID = 2**63 - 1


DATE_RANGE = [MinValueValidator(dt.date(1900, 1, 1)), MaxValueValidator(dt.date(2200, 12, 31))]


def _text(value: str) -> str:
    if "\x00" in value:
        raise serializers.ValidationError("Null characters are not allowed.")
    return value


class Catalogue(IsAuthenticatedMember):
    """Vendor data: readable by everyone signed in, no per-record organisation."""

    def has_object_permission(self, request, view, obj) -> bool:
        return True


def _choices_help(choices) -> str:
    return "One of: " + ", ".join(f"`{value}` ({label})" for value, label in choices.choices) + "."


def _choice(choices, *, allow_blank: bool = False):
    allowed = set(choices.values) | ({""} if allow_blank else set())

    def check(value):
        if value not in allowed:
            raise serializers.ValidationError(f"{value!r} is not one of {sorted(allowed)}.")

    return check


def _flat(detail, where: str = "") -> list[str]:
    """Nested list/dict errors as plain messages naming the item, as the error schema says."""
    if isinstance(detail, dict):
        return [m for key, value in detail.items() for m in _flat(value, f"{where}{key}: ")]
    if isinstance(detail, list):
        return [m for value in detail for m in _flat(value, where)]
    return [f"{where}{detail}"]


class FlatErrors:
    def run_child_validation(self, data):
        try:
            return super().run_child_validation(data)
        except serializers.ValidationError as exc:
            prefix = "item " if isinstance(self, serializers.ListField) else ""
            raise serializers.ValidationError(
                _flat({f"{prefix}{k}": v for k, v in exc.detail.items()})
            ) from exc


class FlatDictField(FlatErrors, serializers.DictField):
    pass


class OrganisationFilterSerializer(serializers.Serializer):
    organisation = ReadableOrganisationField(required=False)


def _valid(serializer_class, request) -> dict:
    params = serializer_class(data=request.query_params, context={"request": request})
    params.is_valid(raise_exception=True)
    return params.validated_data


class _Scoped(OrganisationScopedMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[^/]+"
    filter_serializer = OrganisationFilterSerializer

    def filtered(self, queryset, data):
        return queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            return queryset
        data = _valid(self.filter_serializer, self.request)
        if data.get("organisation"):
            queryset = queryset.filter(organisation=data["organisation"])
        return self.filtered(queryset, data)


class _Writable(_Scoped, viewsets.ModelViewSet):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
