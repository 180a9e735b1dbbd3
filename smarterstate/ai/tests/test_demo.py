"""The demo seed: realistic use cases, assessments in every state, one published record."""

import pytest

from smarterstate.ai import demo
from smarterstate.ai.models import (
    AssessmentStatus,
    Phase,
    RecordStatus,
    TransparencyRecord,
    UseCase,
)
from smarterstate.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def test_it_seeds_once_and_publishes_one_record():
    organisations_demo.seed()
    first = demo.seed()
    assert first["use_cases"] == 4
    assert demo.seed()["use_cases"] == 0
    fraud = UseCase.objects.get(name="Fraud-risk model")
    assert fraud.phase == Phase.PRODUCTION and fraud.has_completed_dpia
    record = TransparencyRecord.objects.get()
    assert record.status == RecordStatus.PUBLISHED and not record.missing
    statuses = set(fraud.assessments.values_list("status", flat=True))
    assert {
        AssessmentStatus.APPROVED,
        AssessmentStatus.SUBMITTED,
        AssessmentStatus.DRAFT,
    } <= statuses
    assert fraud.assessments.overdue().count() == 1
    assert set(UseCase.objects.values_list("phase", flat=True)) >= {
        Phase.PRODUCTION,
        Phase.PUBLIC_BETA,
        Phase.PRIVATE_BETA,
    }
