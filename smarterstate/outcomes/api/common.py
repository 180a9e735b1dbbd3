"""Pieces the Outcomes API modules share: inline choice enums, number formats, id filters."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from smarterstate.authz.api import ReadableModelSerializer


class InlineChoiceField(serializers.ChoiceField):
    """A choice field documented with its enum inline, not as a named component.

    Other pillars have fields called phase, kind or decision with other choices, and this
    pillar uses one choice set under several names (phase, from_phase, to_phase): named enum
    components would collide and drf-spectacular warns. Inline enums never do.
    """


class InlineChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = InlineChoiceField

    def map_serializer_field(self, auto_schema, direction):
        values = list(self.target.choices)
        if self.target.allow_blank and "" not in values:
            values.append("")
        kind = "integer" if values and all(isinstance(v, int) for v in values) else "string"
        # Wrapped in allOf so drf-spectacular's enum post-processing leaves it inline.
        return {"allOf": [{"type": kind, "enum": values}]}


MAX_ID = 2**63 - 1
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
MEASURE = {"max_digits": 18, "decimal_places": 4}


def _id_filter(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit() or int(value) > MAX_ID:
        raise serializers.ValidationError({name: ["Give an id (a whole number)."]})
    return int(value)


# Model choice fields as InlineChoiceFields. No docstring: drf-spectacular would give it to
# every subclass without its own as the component's description.
class InlineChoicesSerializer(ReadableModelSerializer):
    serializer_choice_field = InlineChoiceField


class ListFilteredById:
    """``?<list_filter>=<id>`` narrows the list to the records of one initiative or outcome."""

    list_filter: str

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            return queryset
        value = _id_filter(self.request, self.list_filter)
        return queryset.filter(**{f"{self.list_filter}_id": value}) if value else queryset
