"""Pieces the AI API modules share: inline enums and service errors as 400s."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MAX_TEXT = 10_000


def inline_choices(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented inline, so its enum does not clash with other pillars' names."""

    @extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


def _service(call):
    """Run a service, turning its model ValidationError into the API's 400."""
    try:
        return call()
    except DjangoValidationError as exc:
        raise serializers.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        ) from exc
    except TypeError as exc:  # unknown fields: a programming error surfaced as a 400
        raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from exc
