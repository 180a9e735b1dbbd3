"""Assessments of use cases, their answers, submission and sign-off."""

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

from ..forms import EARLIEST
from ..models import (
    Answer,
    AnswerChoice,
    Assessment,
    AssessmentStatus,
    Framework,
    UseCase,
)
from ..services.assessments import (
    answer_update,
    assessment_approve,
    assessment_create,
    assessment_return,
    assessment_submit,
)
from .checklists import AIChecklistItemSerializer, AIChecklistSerializer
from .common import MAX_TEXT, _service, inline_choices


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
