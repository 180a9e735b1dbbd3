"""ATRS transparency records and their publication."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check
from smarterstate.authz.api import (
    OrganisationScopedMixin,
    ReadableModelSerializer,
    ReadableRelatedField,
)
from smarterstate.core.api_actions import ActionViewSet
from smarterstate.core.api_schema import document_lookup

from ..models import (
    RecordStatus,
    TransparencyRecord,
    UseCase,
)
from ..services.records import (
    MAX_VALUE_LENGTH,
    export_values,
    missing_message,
    record_create,
    record_publish,
    record_update,
)
from .common import MAX_TEXT, _service, inline_choices


@extend_schema_field(
    {"type": "object", "additionalProperties": {"type": "string", "maxLength": MAX_VALUE_LENGTH}}
)
class ContentField(serializers.JSONField):
    pass


class AIRecordSerializer(ReadableModelSerializer):
    use_case = ReadableRelatedField(
        queryset=UseCase.objects.select_related("organisation"), help_text="The use case's id."
    )
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = inline_choices(RecordStatus.choices, read_only=True)
    tier = serializers.IntegerField(
        min_value=1, max_value=2, required=False, help_text="1: Tier 1 only; 2: Tier 1 and Tier 2."
    )
    content = ContentField(
        required=False,
        help_text="ATRS attribute → text, for the fields people fill. Attributes left out are kept.",
    )
    atrs = serializers.SerializerMethodField(
        help_text="The record as ATRS JSON: every v3.0 attribute and the v4.0 additions."
    )
    missing = serializers.SerializerMethodField(
        help_text="Required fields still empty, by tier; publishing is refused until none."
    )

    class Meta:
        model = TransparencyRecord
        fields = [
            "id",
            "organisation",
            "use_case",
            "status",
            "tier",
            "pretrained",
            "content",
            "internal_notes",
            "atrs",
            "missing",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "organisation",
            "status",
            "published_at",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"internal_notes": {"max_length": MAX_TEXT}}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_atrs(self, record) -> dict:
        return export_values(record, published=False)

    def validate_content(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("Give an object of ATRS attribute → text.")
        for key, text in value.items():
            if not isinstance(text, str):
                raise serializers.ValidationError(f"{key}: give text.")
            if len(text) > MAX_VALUE_LENGTH:
                raise serializers.ValidationError(f"{key}: at most {MAX_VALUE_LENGTH} characters.")
            if "\x00" in text or "\x00" in key:
                raise serializers.ValidationError(f"{key}: null characters are not allowed.")
        return value

    def get_missing(self, record) -> list[str]:
        return missing_message(record.missing)


@document_lookup("id", OpenApiTypes.INT, "The record's id.")
class RecordViewSet(
    OrganisationScopedMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """ATRS transparency records. Creating one prefills it from the register and assessments;
    ``publish`` (admins) copies it to the public page, refused while required fields are empty."""

    queryset = TransparencyRecord.objects.select_related("organisation", "use_case").order_by("id")
    serializer_class = AIRecordSerializer
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        use_case = data.pop("use_case")
        check(self.request.user, Level.WRITE, use_case.organisation)

        def create():
            record = record_create(
                use_case=use_case,
                user=self.request.user,
                tier=data.get("tier", 2),
                pretrained=data.get("pretrained", False),
            )
            if data.get("content") or data.get("internal_notes"):
                record = record_update(
                    record=record,
                    user=self.request.user,
                    content={**record.content, **data.get("content", {})},
                    internal_notes=data.get("internal_notes"),
                )
            return record

        serializer.instance = _service(create)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        use_case = data.pop("use_case", None)
        record = serializer.instance
        if use_case is not None and use_case.pk != record.use_case_id:
            raise serializers.ValidationError({"use_case": ["A record stays with its use case."]})
        content = data.get("content")
        serializer.instance = _service(
            lambda: record_update(
                record=record,
                user=self.request.user,
                content={**record.content, **content} if content is not None else None,
                tier=data.get("tier"),
                pretrained=data.get("pretrained"),
                internal_notes=data.get("internal_notes"),
            )
        )


class AIPublicationSerializer(serializers.Serializer):
    record = ReadableRelatedField(
        queryset=TransparencyRecord.objects.select_related("organisation"),
        help_text="The id of the record to publish (or publish again, after changes).",
    )


@extend_schema_view(
    create=extend_schema(request=AIPublicationSerializer, responses={201: AIRecordSerializer})
)
class PublicationViewSet(ActionViewSet):
    """Publish a transparency record: organisation admins only. Refused, with the missing
    required fields listed by tier, while any is empty. Returns the record."""

    serializer_class = AIPublicationSerializer
    result_serializer_class = AIRecordSerializer
    queryset = TransparencyRecord.objects.none()
    authz_level = Level.READ
    write_level = Level.ADMIN

    def act(self, data):
        record, user = data["record"], self.request.user
        check(user, Level.ADMIN, record.organisation)
        return _service(lambda: record_publish(record=record, user=user))
