"""The AI use-case register: use cases and their third parties."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from rest_framework import mixins, serializers, viewsets

from smarterstate.authz import Level, check
from smarterstate.authz.api import (
    OrganisationScopedMixin,
    ReadableModelSerializer,
    ReadableRelatedField,
)
from smarterstate.commercial.models import Contract, Party
from smarterstate.core.api import SlugRelatedField
from smarterstate.core.api_schema import document_lookup
from smarterstate.organisations.models import Organisation

from ..forms import EARLIEST
from ..models import (
    Kind,
    Phase,
    RiskLevel,
    ThirdParty,
    UseCase,
)
from ..services.assessments import (
    dpia_status,
)
from ..services.register import (
    USE_CASE_FIELDS,
    third_party_add,
    use_case_create,
    use_case_delete,
    use_case_update,
)
from .common import MAX_TEXT, _service, inline_choices


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
