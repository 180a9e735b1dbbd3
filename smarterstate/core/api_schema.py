"""How the API documents itself: the shared error body and lookups (drf-spectacular).

Kept apart from the schema views: DRF imports DEFAULT_SCHEMA_CLASS from here while
drf_spectacular.views is being imported, so this module must not import those views.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field of the request; empty unless the data was not valid.",
    )


ERROR_RESPONSES = {
    "400": "The data or a query parameter is not valid; `errors` names the fields.",
    "401": "Not signed in: send `Authorization: Token …` or a session cookie.",
    "403": "Signed in, but your role does not allow this.",
    "404": "No such record among those you can read (or no such page).",
}
BODY_ERROR_RESPONSES = {
    "415": "The request body is not JSON, form data or multipart form data.",
}


class ApiAutoSchema(AutoSchema):
    """Documents the shared error body for every operation, next to its success response."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERROR_RESPONSES)
        if self.method in ("POST", "PUT", "PATCH"):
            errors.update(BODY_ERROR_RESPONSES)
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description),
                    code,
                    direction=direction,
                )
        return responses


DETAIL_ACTIONS = ("retrieve", "update", "partial_update", "destroy")


def document_lookup(name: str, schema_type, description: str):
    """Document a viewset's path parameter precisely.

    API viewsets let any one path segment reach the view (``lookup_value_regex =
    "[^/]+"``), so junk ids get the API's JSON 404 rather than the site's HTML
    page; this keeps the documented type (integer, uuid, slug pattern) exact.
    """
    parameter = OpenApiParameter(
        name, type=schema_type, location=OpenApiParameter.PATH, description=description
    )

    def decorate(viewset):
        actions = [action for action in DETAIL_ACTIONS if hasattr(viewset, action)]
        return extend_schema_view(
            **{action: extend_schema(parameters=[parameter]) for action in actions}
        )(viewset)

    return decorate
