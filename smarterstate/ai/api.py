"""API for the AI assurance pillar under /api/v1/ai/.

Use cases, third parties, assessments, answers and transparency records belong to
an organisation: reading needs READ on it, writing WRITE (``OrganisationScopedMixin``);
publishing a record is a sign-off, for its admins. Checklists are reference data
every signed-in user reads. The same services as the pages enforce the rules.

``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py registers them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check
from smarterstate.authz.api import (
    IsAuthenticatedMember,
    OrganisationScopedMixin,
    ReadableModelSerializer,
    ReadableRelatedField,
)
from smarterstate.commercial.models import Contract, Party
from smarterstate.core.api import SlugRelatedField
from smarterstate.core.api_actions import ActionViewSet
from smarterstate.core.api_schema import document_lookup
from smarterstate.organisations.models import Organisation

from .forms import EARLIEST
from .models import (
    Answer,
    AnswerChoice,
    Assessment,
    AssessmentStatus,
    Checklist,
    ChecklistItem,
    Framework,
    Kind,
    Phase,
    RecordStatus,
    RiskLevel,
    ThirdParty,
    TransparencyRecord,
    UseCase,
)
from .services.assessments import (
    answer_update,
    assessment_approve,
    assessment_create,
    assessment_return,
    assessment_submit,
    dpia_status,
)
from .services.records import (
    MAX_VALUE_LENGTH,
    export_values,
    missing_message,
    record_create,
    record_publish,
    record_update,
)
from .services.register import (
    USE_CASE_FIELDS,
    third_party_add,
    use_case_create,
    use_case_delete,
    use_case_update,
)

MAX_TEXT = 10_000


@extend_schema_field(
    {"type": "object", "additionalProperties": {"type": "string", "maxLength": MAX_VALUE_LENGTH}}
)
class ContentField(serializers.JSONField):
    pass


def inline_choices(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented inline, so its enum does not clash with other pillars' names."""

    @extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


class AIUseCaseSerializer(ReadableModelSerializer):
    organisation = SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="The organisation's slug (you need write access to it). Fixed once created.",
    )
    phase = inline_choices(Phase.choices, required=False)
    kind = inline_choices(Kind.choices, required=False)
    risk_level = inline_choices(RiskLevel.choices, required=False)
    dpia_screening = serializers.SerializerMethodField(
        help_text="The latest ICO DPIA screening: Not screened, Not required, Likely required, Required."
    )

    class Meta:
        model = UseCase
        fields = [
            "id",
            "organisation",
            *USE_CASE_FIELDS,
            "systems",
            "dpia_screening",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "dpia_screening", "created_at", "updated_at"]
        extra_kwargs = {
            name: {"max_length": MAX_TEXT}
            for name in (
                "purpose",
                "user_need",
                "models_used",
                "data_used",
                "human_review",
                "decisions_influenced",
                "people_affected",
            )
        } | {
            "dpia_completed_on": {"validators": [EARLIEST]},
            "initiative": {
                "help_text": "The id of one of the organisation's initiatives (Outcomes)."
            },
            "systems": {"help_text": "Ids of the organisation's systems it runs on (Lifecycle)."},
        }
        # Names are unique per organisation; the service's full_clean reports clashes.
        validators: list = []

    def get_dpia_screening(self, use_case) -> str:
        return dpia_status(use_case).label


class AIThirdPartySerializer(ReadableModelSerializer):
    use_case = ReadableRelatedField(
        queryset=UseCase.objects.select_related("organisation"), help_text="The use case's id."
    )
    party = ReadableRelatedField(
        queryset=Party.objects.all(),
        required=False,
        allow_null=True,
        help_text="The supplier's id in procurement data (/api/v1/commercial/suppliers/).",
    )
    contract = ReadableRelatedField(
        queryset=Contract.objects.select_related("process"),
        required=False,
        allow_null=True,
        help_text="One of the organisation's contracts.",
    )

    class Meta:
        model = ThirdParty
        fields = ["id", "use_case", "name", "role", "companies_house_number", "party", "contract"]
        read_only_fields = ["id"]
        extra_kwargs = {"role": {"max_length": MAX_TEXT}, "name": {"required": False}}


class AIChecklistItemSerializer(ReadableModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "key", "position", "group", "text"]


class AIChecklistSerializer(ReadableModelSerializer):
    items = AIChecklistItemSerializer(many=True, read_only=True)
    framework = inline_choices(Framework.choices, read_only=True)

    class Meta:
        model = Checklist
        fields = ["id", "framework", "version", "source", "loaded_at", "items"]


class AIAnswerSerializer(ReadableModelSerializer):
    item = AIChecklistItemSerializer(read_only=True)
    answer = inline_choices(
        [("", "Not answered"), *AnswerChoice.choices], required=False, allow_blank=True
    )

    class Meta:
        model = Answer
        fields = ["id", "assessment", "item", "answer", "evidence", "owner", "notes", "updated_at"]
        read_only_fields = ["id", "assessment", "item", "updated_at"]
        extra_kwargs = {"evidence": {"max_length": MAX_TEXT}, "notes": {"max_length": MAX_TEXT}}


class AIAssessmentSerializer(ReadableModelSerializer):
    use_case = ReadableRelatedField(
        queryset=UseCase.objects.select_related("organisation"), help_text="The use case's id."
    )
    status = inline_choices(AssessmentStatus.choices, read_only=True)
    framework = inline_choices(
        Framework.choices,
        write_only=True,
        help_text="Which framework to assess against; the newest checklist version is used.",
    )
    checklist = AIChecklistSerializer(read_only=True)
    signed_off_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "use_case",
            "framework",
            "checklist",
            "status",
            "owner",
            "notes",
            "signed_off_by",
            "signed_off_at",
            "review_date",
            "answers",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "checklist",
            "status",
            "notes",
            "signed_off_by",
            "signed_off_at",
            "review_date",
            "answers",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "item": {"type": "integer"},
                    "answer": {"type": "string"},
                },
            },
        }
    )
    def get_answers(self, assessment) -> list:
        return [
            {"id": a.pk, "item": a.item_id, "answer": a.answer} for a in assessment.answers.all()
        ]


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


@document_lookup("id", OpenApiTypes.INT, "The use case's id.")
class UseCaseViewSet(OrganisationScopedMixin, viewsets.ModelViewSet):
    """The AI use-case register. ``?organisation=<slug>`` filters."""

    queryset = (
        UseCase.objects.select_related("organisation")
        .prefetch_related("systems")
        .order_by("organisation__name", "name", "id")
    )
    serializer_class = AIUseCaseSerializer
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = super().get_queryset()
        slug = self.request.query_params.get("organisation")
        if slug:
            queryset = queryset.filter(organisation__slug=slug.replace("\x00", ""))
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        self.check_create(organisation)
        serializer.instance = _service(
            lambda: use_case_create(organisation=organisation, user=self.request.user, **data)
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation", None)
        if organisation is not None and organisation.pk != serializer.instance.organisation_id:
            raise serializers.ValidationError(
                {"organisation": ["A use case stays with its organisation."]}
            )
        serializer.instance = _service(
            lambda: use_case_update(use_case=serializer.instance, user=self.request.user, **data)
        )

    def perform_destroy(self, instance):
        use_case_delete(use_case=instance, user=self.request.user)


@document_lookup("id", OpenApiTypes.INT, "The third party's id.")
class ThirdPartyViewSet(
    OrganisationScopedMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Third parties of use cases, linked to suppliers and contracts when present."""

    queryset = ThirdParty.objects.select_related(
        "use_case__organisation", "party", "contract"
    ).order_by("id")
    serializer_class = AIThirdPartySerializer
    lookup_value_regex = "[^/]+"

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        use_case = data.pop("use_case")
        check(self.request.user, Level.WRITE, use_case.organisation)
        serializer.instance = _service(
            lambda: third_party_add(use_case=use_case, user=self.request.user, **data)
        )


class ReferenceData(IsAuthenticatedMember):
    """Checklists are platform-wide reference data: everyone signed in reads them (read-only)."""

    def has_object_permission(self, request, view, obj) -> bool:
        return True


@document_lookup("id", OpenApiTypes.INT, "The checklist's id.")
class ChecklistViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklist versions (reference data: every signed-in user reads them)."""

    queryset = Checklist.objects.prefetch_related("items").order_by("framework", "version", "id")
    serializer_class = AIChecklistSerializer
    permission_classes = [ReferenceData]
    authz_level = Level.AUTHENTICATED
    lookup_value_regex = "[^/]+"


@document_lookup("id", OpenApiTypes.INT, "The assessment's id.")
class AssessmentViewSet(
    OrganisationScopedMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Assessments of use cases against a framework's checklist. Answer items through
    /api/v1/ai/answers/; sign-off is on the organisation's pages."""

    queryset = (
        Assessment.objects.select_related("use_case__organisation", "checklist", "signed_off_by")
        .prefetch_related("checklist__items", "answers")
        .order_by("-created_at", "-id")
    )
    serializer_class = AIAssessmentSerializer
    lookup_value_regex = "[^/]+"

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        use_case = data.pop("use_case")
        check(self.request.user, Level.WRITE, use_case.organisation)
        serializer.instance = _service(
            lambda: assessment_create(
                use_case=use_case,
                user=self.request.user,
                framework=data["framework"],
                owner=data.get("owner", ""),
            )
        )


@document_lookup("id", OpenApiTypes.INT, "The answer's id.")
class AnswerViewSet(
    OrganisationScopedMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Answers to checklist items. Change them while the assessment is draft or needs changes."""

    queryset = Answer.objects.select_related("assessment__use_case__organisation", "item").order_by(
        "assessment_id", "item__position", "id"
    )
    serializer_class = AIAnswerSerializer
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = _service(
            lambda: answer_update(item_answer=serializer.instance, user=self.request.user, **data)
        )


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


class AISubmissionSerializer(serializers.Serializer):
    assessment = ReadableRelatedField(
        queryset=Assessment.objects.select_related("use_case__organisation"),
        help_text="The id of the assessment to submit for sign-off.",
    )


class AISignOffSerializer(serializers.Serializer):
    assessment = ReadableRelatedField(
        queryset=Assessment.objects.select_related("use_case__organisation"),
        help_text="The id of the assessment to sign off or send back.",
    )
    decision = inline_choices(
        [("approve", "Approve"), ("return", "Needs changes")],
        help_text="approve (every item must be answered) or return (needs changes).",
    )
    review_date = serializers.DateField(
        required=False,
        allow_null=True,
        validators=[EARLIEST],
        help_text="When it is due again (approve only); 12 months on if not given.",
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)


@extend_schema_view(
    create=extend_schema(request=AISubmissionSerializer, responses={201: AIAssessmentSerializer})
)
class SubmissionViewSet(ActionViewSet):
    """Submit an assessment for sign-off (the organisation's editors). Returns the assessment."""

    serializer_class = AISubmissionSerializer
    result_serializer_class = AIAssessmentSerializer
    queryset = Assessment.objects.none()
    authz_level = Level.READ
    write_level = Level.WRITE

    def act(self, data):
        assessment, user = data["assessment"], self.request.user
        check(user, Level.WRITE, assessment.use_case.organisation)
        return _service(lambda: assessment_submit(assessment=assessment, user=user))


@extend_schema_view(
    create=extend_schema(request=AISignOffSerializer, responses={201: AIAssessmentSerializer})
)
class SignOffViewSet(ActionViewSet):
    """Sign off (approve) an assessment or send it back: the organisation's admins only.
    Approval is refused, with the unanswered items listed, while any item is unanswered."""

    serializer_class = AISignOffSerializer
    result_serializer_class = AIAssessmentSerializer
    queryset = Assessment.objects.none()
    authz_level = Level.READ
    write_level = Level.ADMIN

    def act(self, data):
        assessment, user = data["assessment"], self.request.user
        check(user, Level.ADMIN, assessment.use_case.organisation)
        if data["decision"] == "approve":
            return _service(
                lambda: assessment_approve(
                    assessment=assessment, user=user, review_date=data.get("review_date")
                )
            )
        return _service(
            lambda: assessment_return(assessment=assessment, user=user, notes=data.get("notes", ""))
        )


ROUTES: list[tuple[str, type, str]] = [
    ("ai/use-cases", UseCaseViewSet, "ai-use-case"),
    ("ai/third-parties", ThirdPartyViewSet, "ai-third-party"),
    ("ai/checklists", ChecklistViewSet, "ai-checklist"),
    ("ai/assessments", AssessmentViewSet, "ai-assessment"),
    ("ai/answers", AnswerViewSet, "ai-answer"),
    ("ai/records", RecordViewSet, "ai-record"),
    ("ai/publications", PublicationViewSet, "ai-publication"),
    ("ai/submissions", SubmissionViewSet, "ai-submission"),
    ("ai/sign-offs", SignOffViewSet, "ai-sign-off"),
]
