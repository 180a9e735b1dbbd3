"""One shape for action endpoints: POST a small serializer naming a record, get the record back.

Submitting, signing off or publishing is not a field anyone may PATCH: each is its own
endpoint, with its own level. They all read the same way, so the shape lives here and a
view says only what is particular to it: the serializer it takes (``serializer_class``),
the one it answers with (``result_serializer_class``), and ``act``, which checks access to
the record and calls the service.

Each view still documents its own request and response, as
``@extend_schema_view(create=extend_schema(request=..., responses={201: ...}))``: the
schema cannot be worked out from ``act``.
"""

from __future__ import annotations

from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response


class ActionViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    result_serializer_class: type[serializers.BaseSerializer]

    def act(self, data: dict):
        """Check access, call the service and return the record it changed."""
        raise NotImplementedError

    # No docstring on create: drf-spectacular would show it in place of the view's own.
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = self.act(serializer.validated_data)
        result = self.result_serializer_class(record, context={"request": request})
        return Response(result.data, status=status.HTTP_201_CREATED)
