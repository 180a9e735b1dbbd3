"""Shared API pieces: errors as JSON with field messages, a safe slug reference field, id limits
and query-parameter checks."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from smarterstate.authz import readable


def exception_handler(exc, context):
    """DRF's handler, plus model ValidationErrors from services as 400 with field messages.

    Every error body is ``{"detail": "...", "errors": {field: [messages]}}``.
    """
    if isinstance(exc, DjangoValidationError):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        if NON_FIELD_ERRORS in errors:  # Django's "__all__", as DRF names it
            errors["non_field_errors"] = errors.pop(NON_FIELD_ERRORS)
        return Response(
            {"detail": "The data is not valid.", "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        response.data = {"detail": "The data is not valid.", "errors": data}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"]), "errors": {}}
    return response


NUL_MESSAGE = "Null characters are not allowed."
# The largest id the databases store (a signed 64-bit integer); larger id filters are refused.
MAX_ID = 2**63 - 1


def valid_query(serializer_class, request) -> dict:
    """The request's query parameters, checked by a filter serializer (400 when invalid)."""
    params = serializer_class(data=request.query_params, context={"request": request})
    params.is_valid(raise_exception=True)
    return params.validated_data


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's SlugRelatedField, taking only strings without NUL characters, and looking the
    slug up only among the records the requesting user may read (``authz.readable``).

    PostgreSQL text cannot hold NUL: a lookup with one fails in the database
    driver with a DataError, which DRF's related fields do not catch (its
    uniqueness validators do), so the request would fail with a 500. Lists and
    objects would be looked up as their text ("['a']"); they are refused too.

    Another organisation's slug (or record) then fails exactly as a slug that does not exist: no 404-versus-400 oracle (tests/test_authorization_bodies.py).
    """

    def get_queryset(self):
        request = self.context.get("request")
        return readable(super().get_queryset(), getattr(request, "user", None))

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if "\x00" in data:
            raise serializers.ValidationError(NUL_MESSAGE, code="null_characters_not_allowed")
        return super().to_internal_value(data)
