"""Pieces the AI API modules share: limits and inline enums."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MAX_TEXT = 10_000


def inline_choices(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented inline, so its enum does not clash with other pillars' names."""

    @extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)
