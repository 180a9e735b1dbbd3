"""API for the Technology lifecycle pillar under /api/v1/lifecycle/.

The catalogue (products, cycles) is vendor data: everyone signed in reads it. Systems,
components, assessments and overrides belong to an organisation and are scoped by read
access; editors of the owning organisation write them through the same services as the
pages (viewers and central analysts get 403, other organisations' records 404). The radar
is read-only.
``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py registers them.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from smarterstate.authz import Level, can, readable_organisations
from smarterstate.authz.api import (
    IsAuthenticatedMember,
    OrganisationScopedMixin,
    ReadableModelSerializer,
)
from smarterstate.commercial.models import Contract
from smarterstate.core import api as core_api
from smarterstate.core.api_schema import document_lookup
from smarterstate.organisations.api import ReadableOrganisationField
from smarterstate.organisations.models import Organisation

from . import selectors
from .models import (
    IMPACT_CRITERIA,
    LIKELIHOOD_CRITERIA,
    Assessment,
    Component,
    Criticality,
    Cycle,
    CycleOverride,
    Hosting,
    Milestone,
    Phase,
    Product,
    System,
)
from .services.assessments import assessment_create, assessment_update, proposals_for
from .services.register import (
    COMPONENT_FIELDS,
    OVERRIDE_FIELDS,
    SYSTEM_FIELDS,
    component_create,
    component_delete,
    component_update,
    override_create,
    override_delete,
    override_update,
    system_create,
    system_delete,
    system_update,
)

MAX_ID = 2**63 - 1
DATE_RANGE = [MinValueValidator(dt.date(1900, 1, 1)), MaxValueValidator(dt.date(2200, 12, 31))]


def _text(value: str) -> str:
    if "\x00" in value:
        raise serializers.ValidationError("Null characters are not allowed.")
    return value


class Catalogue(IsAuthenticatedMember):
    """Vendor data: readable by everyone signed in, no per-record organisation."""

    def has_object_permission(self, request, view, obj) -> bool:
        return True


# -- serializers -------------------------------------------------------------------------


class CycleSerializer(ReadableModelSerializer):
    product = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Cycle
        fields = [
            "id",
            "product",
            "name",
            "label",
            "codename",
            *Cycle.LIFECYCLE_FIELDS,
            "latest_name",
            "latest_date",
            "removed",
        ]
        read_only_fields = fields


class ProductSerializer(ReadableModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "name", "label", "category", "tags", "aliases", "identifiers", "links"]
        read_only_fields = fields


def _choices_help(choices) -> str:
    return "One of: " + ", ".join(f"`{value}` ({label})" for value, label in choices.choices) + "."


def _choice(choices, *, allow_blank: bool = False):
    allowed = set(choices.values) | ({""} if allow_blank else set())

    def check(value):
        if value not in allowed:
            raise serializers.ValidationError(f"{value!r} is not one of {sorted(allowed)}.")

    return check


def _flat(detail, where: str = "") -> list[str]:
    """Nested list/dict errors as plain messages naming the item, as the error schema says."""
    if isinstance(detail, dict):
        return [m for key, value in detail.items() for m in _flat(value, f"{where}{key}: ")]
    if isinstance(detail, list):
        return [m for value in detail for m in _flat(value, where)]
    return [f"{where}{detail}"]


class FlatErrors:
    def run_child_validation(self, data):
        try:
            return super().run_child_validation(data)
        except serializers.ValidationError as exc:
            prefix = "item " if isinstance(self, serializers.ListField) else ""
            raise serializers.ValidationError(
                _flat({f"{prefix}{k}": v for k, v in exc.detail.items()})
            ) from exc


class FlatDictField(FlatErrors, serializers.DictField):
    pass


class ContractIdsField(FlatErrors, serializers.ListField):
    child = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return [contract.pk for contract in value.all()]

    def to_internal_value(self, data):
        ids = list(dict.fromkeys(super().to_internal_value(data)))
        contracts = list(Contract.objects.filter(pk__in=ids))
        missing = sorted(set(ids) - {c.pk for c in contracts})
        if missing:
            raise serializers.ValidationError(f"There are no contracts with ids {missing}.")
        return contracts


class SystemSerializer(ReadableModelSerializer):
    organisation = core_api.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="The owning organisation's slug (you need write access). Fixed once created.",
    )
    # Plain strings rather than enums: "phase" is another pillar's enum name too, and
    # hosting may be blank.
    criticality = serializers.CharField(
        required=False,
        validators=[_choice(Criticality)],
        help_text=_choices_help(Criticality),
    )
    hosting = serializers.CharField(
        required=False,
        allow_blank=True,
        validators=[_choice(Hosting, allow_blank=True)],
        help_text=_choices_help(Hosting) + " Empty if not recorded.",
    )
    phase = serializers.CharField(
        required=False, validators=[_choice(Phase)], help_text=_choices_help(Phase)
    )
    successor = serializers.IntegerField(
        source="successor_id",
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="The id of the system that replaces it: another system of the same "
        "organisation (no loops). Null for none.",
    )
    contracts = ContractIdsField(
        required=False,
        help_text="Ids of linked contracts (commercial pillar; any published contract "
        "everyone signed in can read). Replaces the whole list.",
    )

    class Meta:
        model = System
        fields = [
            "id",
            "organisation",
            *SYSTEM_FIELDS,
            "contracts",
            "risk_score",
            "red_rated",
            "legacy",
            "remediation_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "risk_score",
            "red_rated",
            "legacy",
            "remediation_date",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "annual_cost": {"min_value": 0},
            **{
                name: {"validators": DATE_RANGE}
                for name in (
                    "plan_date",
                    "phase_in_date",
                    "active_date",
                    "phase_out_date",
                    "end_of_life_date",
                )
            },
        }
        # Uniqueness of the name per organisation is checked by the service (a 400 with the
        # field named), not by a serializer validator.
        validators: list = []


class ComponentSerializer(ReadableModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    system = serializers.IntegerField(
        source="system_id",
        min_value=1,
        max_value=MAX_ID,
        help_text="The system's id (you need write access to its organisation). Fixed once created.",
    )
    product = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    cycle = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Component
        fields = [
            "id",
            "organisation",
            "system",
            *COMPONENT_FIELDS,
            "product",
            "cycle",
            "match_note",
            "source",
        ]
        read_only_fields = ["id", "organisation", "product", "cycle", "match_note", "source"]


CRITERIA = (*LIKELIHOOD_CRITERIA, *IMPACT_CRITERIA)


def _evidence_keys(value: dict) -> dict:
    unknown = sorted(set(value) - set(CRITERIA))
    if unknown:
        raise serializers.ValidationError(f"Unknown criteria {unknown}; use {', '.join(CRITERIA)}.")
    return value


class AssessmentSerializer(ReadableModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    system = serializers.IntegerField(
        source="system_id",
        min_value=1,
        max_value=MAX_ID,
        help_text="The system's id (you need write access to its organisation). Fixed once created.",
    )
    assessor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    assessed_on = serializers.DateField(
        required=False, validators=DATE_RANGE, help_text="Default: today."
    )
    evidence = FlatDictField(
        child=serializers.CharField(max_length=2000, allow_blank=True, validators=[_text]),
        required=False,
        validators=[_evidence_keys],
        help_text='{criterion: evidence text}, e.g. {"l3": "Two COBOL developers left"}. '
        "On update, merged with the evidence already recorded (empty text removes it).",
    )
    proposals = serializers.DictField(
        read_only=True,
        help_text="L1 and L2 as proposed from the catalogue and contract data: "
        "{code: [score, reason]}.",
    )
    remediation_date = serializers.DateField(required=False, allow_null=True, validators=DATE_RANGE)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "organisation",
            "system",
            "assessed_on",
            "assessor",
            *LIKELIHOOD_CRITERIA,
            *IMPACT_CRITERIA,
            "evidence",
            "proposals",
            "likelihood",
            "impact",
            "risk",
            "red_rated",
            "legacy",
            "risk_owner",
            "legacy_owner",
            "funding",
            "remediation_date",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "organisation",
            "assessor",
            "proposals",
            "likelihood",
            "impact",
            "risk",
            "red_rated",
            "legacy",
            "created_at",
        ]
        extra_kwargs = {
            "l1": {
                "required": False,
                "help_text": "1–6. If left out, the score proposed from data is used "
                "(with its reason as evidence); an error if there is no proposal.",
            },
            "l2": {
                "required": False,
                "help_text": "1–6. If left out, the score proposed from the linked contracts "
                "is used (with its reason as evidence); an error if there is no proposal.",
            },
        }


class OverrideSerializer(ReadableModelSerializer):
    organisation = core_api.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="The organisation's slug (you need write access). Fixed once created.",
    )
    cycle = serializers.IntegerField(
        source="cycle_id",
        min_value=1,
        max_value=MAX_ID,
        help_text="The release cycle's id (see /api/v1/lifecycle/cycles/). Fixed once created.",
    )
    product = serializers.CharField(source="cycle.product.name", read_only=True)
    cycle_name = serializers.CharField(source="cycle.name", read_only=True)
    milestone = serializers.CharField(
        required=False,
        validators=[_choice(Milestone)],
        help_text=_choices_help(Milestone) + " Default `eol`. Fixed once created.",
    )
    date = serializers.DateField(
        validators=DATE_RANGE, help_text="Our date for the milestone. Fixed once created."
    )
    evidence = serializers.CharField(max_length=5000, validators=[_text])
    owner = serializers.CharField(max_length=200, validators=[_text])
    expires_on = serializers.DateField(
        validators=DATE_RANGE,
        help_text="After this date the vendor's date applies again; today or later.",
    )
    in_force = serializers.SerializerMethodField()
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = CycleOverride
        fields = [
            "id",
            "organisation",
            "cycle",
            "product",
            "cycle_name",
            *OVERRIDE_FIELDS,
            "in_force",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["id", "product", "cycle_name", "in_force", "created_by", "created_at"]

    def get_in_force(self, obj) -> bool:
        return obj.expires_on >= timezone.localdate()


class ProductFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=100, help_text="Name or label contains.", validators=[_text]
    )
    purl = serializers.CharField(
        required=False,
        max_length=1000,
        help_text="A base purl (pkg:type/namespace/name) the product is identified by.",
        validators=[_text],
    )


class CycleFilterSerializer(serializers.Serializer):
    product = serializers.CharField(
        required=False, max_length=100, help_text="Product name.", validators=[_text]
    )


class OrganisationFilterSerializer(serializers.Serializer):
    organisation = ReadableOrganisationField(required=False)


class SystemFilterSerializer(OrganisationFilterSerializer):
    q = serializers.CharField(
        required=False, max_length=200, help_text="Name contains.", validators=[_text]
    )
    phase = serializers.ChoiceField(
        required=False, choices=Phase.values, help_text=_choices_help(Phase)
    )
    red_rated = serializers.BooleanField(required=False, allow_null=True, default=None)


class ComponentFilterSerializer(OrganisationFilterSerializer):
    system = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    matched = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Matched to a release cycle."
    )


class RadarQuerySerializer(serializers.Serializer):
    organisation = ReadableOrganisationField(
        required=False,
        help_text="The organisation's slug; by default the first you can read, by slug.",
    )
    as_of = serializers.DateField(
        required=False, validators=DATE_RANGE, help_text="Time machine: the radar on this date."
    )


class RadarItemSerializer(serializers.Serializer):
    date = serializers.DateField()
    milestone = serializers.CharField()
    cycle_id = serializers.IntegerField()
    cycle = serializers.CharField()
    systems = serializers.IntegerField()
    components = serializers.IntegerField()
    overridden = serializers.BooleanField()


class OverdueSerializer(serializers.Serializer):
    cycle_id = serializers.IntegerField()
    cycle = serializers.CharField()
    eol_from = serializers.DateField(allow_null=True)
    eoes_from = serializers.DateField(allow_null=True)
    systems = serializers.IntegerField()
    components = serializers.IntegerField()
    overridden = serializers.BooleanField()


class SystemBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    worst = serializers.CharField(allow_null=True)
    risk_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


@extend_schema_serializer(many=False)
class RadarSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    day = serializers.DateField()
    horizon = serializers.DateField()
    upcoming = RadarItemSerializer(many=True)
    overdue = OverdueSerializer(many=True)
    red_rated = SystemBriefSerializer(many=True)
    no_plan = SystemBriefSerializer(many=True)
    summary = serializers.DictField()


def _valid(serializer_class, request) -> dict:
    params = serializer_class(data=request.query_params, context={"request": request})
    params.is_valid(raise_exception=True)
    return params.validated_data


# -- viewsets ------------------------------------------------------------------------------


@document_lookup("id", OpenApiTypes.INT, "The product's id.")
@extend_schema_view(list=extend_schema(parameters=[ProductFilterSerializer]))
class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """Products of the endoflife.date catalogue."""

    permission_classes = [Catalogue]
    authz_level = Level.AUTHENTICATED
    serializer_class = ProductSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        products = Product.objects.order_by("name", "id")
        if self.action != "list":
            return products
        data = _valid(ProductFilterSerializer, self.request)
        if data.get("q"):
            products = products.filter(Q(name__icontains=data["q"]) | Q(label__icontains=data["q"]))
        if data.get("purl"):
            from .services.matching import CatalogueIndex

            product_id = CatalogueIndex.load().match(purl=data["purl"]).product_id
            products = products.filter(pk=product_id or 0)
        return products


@document_lookup("id", OpenApiTypes.INT, "The release cycle's id.")
@extend_schema_view(list=extend_schema(parameters=[CycleFilterSerializer]))
class CycleViewSet(viewsets.ReadOnlyModelViewSet):
    """Release cycles with their end of active support, end of life and extended support."""

    permission_classes = [Catalogue]
    authz_level = Level.AUTHENTICATED
    serializer_class = CycleSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        cycles = Cycle.objects.select_related("product").order_by("product__name", "position", "id")
        if self.action != "list":
            return cycles
        data = _valid(CycleFilterSerializer, self.request)
        if data.get("product"):
            cycles = cycles.filter(product__name=data["product"])
        return cycles


class _Scoped(OrganisationScopedMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[^/]+"
    filter_serializer = OrganisationFilterSerializer

    def filtered(self, queryset, data):
        return queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            return queryset
        data = _valid(self.filter_serializer, self.request)
        if data.get("organisation"):
            queryset = queryset.filter(organisation=data["organisation"])
        return self.filtered(queryset, data)


class _Writable(_Scoped, viewsets.ModelViewSet):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


@document_lookup("id", OpenApiTypes.INT, "The system's id.")
@extend_schema_view(list=extend_schema(parameters=[SystemFilterSerializer]))
class SystemViewSet(_Writable):
    """Systems (business applications and services) of the organisations you can read.
    Editors of the owning organisation create, change and delete them."""

    queryset = System.objects.select_related("organisation").prefetch_related("contracts")
    queryset = queryset.order_by("organisation__slug", "name", "id")
    serializer_class = SystemSerializer
    filter_serializer = SystemFilterSerializer

    def filtered(self, queryset, data):
        if data.get("q"):
            queryset = queryset.filter(name__icontains=data["q"])
        if data.get("phase"):
            queryset = queryset.filter(phase=data["phase"])
        if data.get("red_rated") is not None:
            queryset = queryset.filter(red_rated=data["red_rated"])
        return queryset

    @staticmethod
    def _successor(data: dict, organisation) -> None:
        if "successor_id" not in data:
            return
        successor_id = data.pop("successor_id")
        successor = None
        if successor_id is not None:
            # Looked up in the organisation only, so other organisations' ids reveal nothing.
            successor = System.objects.filter(pk=successor_id, organisation=organisation).first()
            if successor is None:
                raise serializers.ValidationError(
                    {"successor": ["The successor must be a system of the same organisation."]}
                )
        data["successor"] = successor

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        self.check_create(organisation)
        self._successor(data, organisation)
        serializer.instance = system_create(organisation=organisation, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation", None)
        system = serializer.instance
        if organisation is not None and organisation.pk != system.organisation_id:
            raise serializers.ValidationError(
                {"organisation": ["A system stays with its organisation."]}
            )
        self._successor(data, system.organisation)
        serializer.instance = system_update(system=system, **data)

    def perform_destroy(self, instance):
        system_delete(system=instance)


@document_lookup("id", OpenApiTypes.INT, "The component's id.")
@extend_schema_view(list=extend_schema(parameters=[ComponentFilterSerializer]))
class ComponentViewSet(_Writable):
    """Components of systems, with the catalogue product and release cycle they match
    (matched when written). Editors of the system's organisation write them."""

    queryset = Component.objects.select_related("organisation", "product").order_by(
        "system_id", "name", "id"
    )
    serializer_class = ComponentSerializer
    filter_serializer = ComponentFilterSerializer

    def filtered(self, queryset, data):
        if data.get("system"):
            queryset = queryset.filter(system_id=data["system"])
        if data.get("matched") is not None:
            queryset = queryset.filter(cycle__isnull=not data["matched"])
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        system = System.objects.filter(pk=data.pop("system_id")).select_related("organisation")
        system = system.first()
        if system is None or not can(self.request.user, Level.READ, system.organisation):
            raise serializers.ValidationError({"system": ["There is no such system you can see."]})
        self.check_create(system.organisation)
        serializer.instance = component_create(system=system, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        system_id = data.pop("system_id", None)
        if system_id is not None and system_id != serializer.instance.system_id:
            raise serializers.ValidationError({"system": ["A component stays with its system."]})
        serializer.instance = component_update(component=serializer.instance, **data)

    def perform_destroy(self, instance):
        component_delete(component=instance)


@document_lookup("id", OpenApiTypes.INT, "The assessment's id.")
@extend_schema_view(list=extend_schema(parameters=[OrganisationFilterSerializer]))
class AssessmentViewSet(_Writable):
    """Legacy IT Risk Assessments (LITRAF), newest first. Editors of the system's
    organisation record them (L1 and L2 default to the scores proposed from data) and
    correct them; scores, red rating and the system's flags are worked out by the service,
    and every change is kept in the history."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Assessment.objects.select_related("organisation", "assessor").order_by(
        "-assessed_on", "-id"
    )
    serializer_class = AssessmentSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        system = System.objects.filter(pk=data.pop("system_id")).select_related("organisation")
        system = system.first()
        if system is None or not can(self.request.user, Level.READ, system.organisation):
            raise serializers.ValidationError({"system": ["There is no such system you can see."]})
        self.check_create(system.organisation)
        evidence = dict(data.get("evidence") or {})
        missing = [code for code in ("l1", "l2") if code not in data]
        if missing:
            proposals = proposals_for(system, data.get("assessed_on") or timezone.localdate())
            errors = {}
            for code in missing:
                if code in proposals:
                    score, reason = proposals[code]
                    data[code] = score
                    evidence.setdefault(code, f"Proposed from data: {reason}")
                else:
                    errors[code] = [
                        "This field is required: there is no score proposed from data "
                        + ("(no matched components)." if code == "l1" else "(no linked contracts).")
                    ]
            if errors:
                raise serializers.ValidationError(errors)
        data["evidence"] = evidence
        serializer.instance = assessment_create(system=system, user=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        assessment = serializer.instance
        system_id = data.pop("system_id", None)
        if system_id is not None and system_id != assessment.system_id:
            raise serializers.ValidationError({"system": ["An assessment stays with its system."]})
        serializer.instance = assessment_update(assessment=assessment, **data)


class OverrideFilterSerializer(OrganisationFilterSerializer):
    in_force = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Not yet expired."
    )


@document_lookup("id", OpenApiTypes.INT, "The override's id.")
@extend_schema_view(list=extend_schema(parameters=[OverrideFilterSerializer]))
class OverrideViewSet(_Writable):
    """An organisation's own dates for release-cycle milestones (for example a negotiated
    extended-support contract), with evidence, an owner and an expiry. Shown next to the
    vendor's dates, never mixed in silently. Editors add, change (evidence, owner, expiry)
    and remove them."""

    queryset = CycleOverride.objects.select_related(
        "organisation", "cycle__product", "created_by"
    ).order_by("organisation__slug", "cycle__product__name", "cycle__name", "milestone", "id")
    serializer_class = OverrideSerializer
    filter_serializer = OverrideFilterSerializer

    def filtered(self, queryset, data):
        if data.get("in_force") is not None:
            today = timezone.localdate()
            queryset = (
                queryset.filter(expires_on__gte=today)
                if data["in_force"]
                else queryset.filter(expires_on__lt=today)
            )
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        self.check_create(organisation)
        cycle = Cycle.objects.filter(pk=data.pop("cycle_id")).first()
        if cycle is None:
            raise serializers.ValidationError(
                {"cycle": ["There is no such release cycle in the catalogue."]}
            )
        serializer.instance = override_create(
            organisation=organisation, cycle=cycle, user=self.request.user, **data
        )

    def perform_update(self, serializer):
        override = serializer.instance
        data = dict(serializer.validated_data)
        fixed = {
            "organisation": data.pop("organisation", override.organisation),
            "cycle": data.pop("cycle_id", override.cycle_id),
            "milestone": data.pop("milestone", override.milestone),
            "date": data.pop("date", override.date),
        }
        current = {
            "organisation": override.organisation,
            "cycle": override.cycle_id,
            "milestone": override.milestone,
            "date": override.date,
        }
        errors = {
            name: ["Fixed once created: remove the override and add a new one to change it."]
            for name, value in fixed.items()
            if value != current[name]
        }
        if errors:
            raise serializers.ValidationError(errors)
        serializer.instance = override_update(override=override, **data)

    def perform_destroy(self, instance):
        override_delete(override=instance)


class RadarViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The end-of-life radar of one organisation: milestones in the next 36 months, overdue
    cycles, red-rated systems and systems at risk with no plan (``as_of`` for a past date)."""

    permission_classes = [IsAuthenticatedMember]
    authz_level = Level.READ
    serializer_class = RadarSerializer
    pagination_class = None

    def get_queryset(self):
        return System.objects.none()

    @extend_schema(parameters=[RadarQuerySerializer], responses=RadarSerializer)
    def list(self, request, *args, **kwargs):
        data = _valid(RadarQuerySerializer, request)
        organisation = data.get("organisation") or (
            readable_organisations(request.user).order_by("slug").first()
        )
        if organisation is None:
            raise NotFound("You cannot read any organisation.")
        day = data.get("as_of") or timezone.localdate()
        estate = selectors.estate_on(organisation, day)
        radar = selectors.radar(estate)
        summary = selectors.estate_summary(estate)
        brief = lambda rows: [  # noqa: E731
            {"pk": s.pk, "name": s.name, "worst": s.worst, "risk_score": s.risk_score} for s in rows
        ]
        payload = {
            "organisation": organisation.slug,
            "day": day,
            "horizon": radar["horizon"],
            "upcoming": [item.__dict__ for item in radar["upcoming"]],
            "overdue": radar["overdue"],
            "red_rated": brief(radar["red_rated"]),
            "no_plan": brief(radar["no_plan"]),
            "summary": {
                "systems": summary["systems"],
                "components": summary["components"],
                "matched": summary["matched"],
                "red_rated": summary["red_rated"],
                "legacy": summary["legacy"],
                "no_plan": summary["no_plan"],
                "components_by_status": {c: n for c, _, n in summary["components_by_status"]},
            },
        }
        return Response(RadarSerializer(payload).data)


ROUTES: list[tuple[str, type, str]] = [
    ("lifecycle/products", ProductViewSet, "lifecycle-product"),
    ("lifecycle/cycles", CycleViewSet, "lifecycle-cycle"),
    ("lifecycle/systems", SystemViewSet, "lifecycle-system"),
    ("lifecycle/components", ComponentViewSet, "lifecycle-component"),
    ("lifecycle/assessments", AssessmentViewSet, "lifecycle-assessment"),
    ("lifecycle/overrides", OverrideViewSet, "lifecycle-override"),
    ("lifecycle/radar", RadarViewSet, "lifecycle-radar"),
]
