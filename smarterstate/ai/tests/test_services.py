"""The rules: DPIA screening, production needs a DPIA, sign-off, publishing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from smarterstate.ai.models import AnswerChoice, AssessmentStatus, Framework, Phase, RecordStatus
from smarterstate.ai.services.assessments import (
    answer_update,
    assessment_approve,
    assessment_return,
    assessment_submit,
    dpia_status,
)
from smarterstate.ai.services.records import (
    record_create,
    record_publish,
    record_update,
    record_withdraw,
)
from smarterstate.ai.services.register import third_party_add, use_case_update
from smarterstate.commercial.tests.factories import ContractFactory

from .factories import dpia_required, make_assessment, make_record, make_use_case

pytestmark = pytest.mark.django_db


def test_any_always_item_makes_a_dpia_required(org_a):
    use_case = make_use_case(org_a)
    assert dpia_status(use_case).label == "Not screened"
    dpia_required(use_case)
    status = dpia_status(use_case)
    assert status.required and status.label == "Required"
    assert len(status.triggers) == 1


def test_two_consider_items_make_a_dpia_likely_and_one_does_not(org_a):
    use_case = make_use_case(org_a)
    make_assessment(use_case, Framework.ICO_DPIA, answer="no", overrides={"consider-1": "yes"})
    assert dpia_status(use_case).label == "Not required"
    make_assessment(
        use_case,
        Framework.ICO_DPIA,
        answer="no",
        overrides={"consider-1": "yes", "consider-3": "partly"},
    )
    assert dpia_status(use_case).label == "Likely required"


def test_production_without_a_completed_dpia_is_refused_with_what_is_missing(org_a):
    use_case = make_use_case(org_a)
    dpia_required(use_case)
    with pytest.raises(ValidationError) as caught:
        use_case_update(use_case=use_case, user=None, phase=Phase.PRODUCTION)
    errors = caught.value.message_dict
    assert "DPIA reference" in errors["phase"][0] and "DPIA completed on" in errors["phase"][0]
    assert "dpia_reference" in errors and "dpia_completed_on" in errors
    use_case.refresh_from_db()
    assert use_case.phase == Phase.PRE_DEPLOYMENT
    use_case_update(
        use_case=use_case,
        user=None,
        phase=Phase.PRODUCTION,
        dpia_reference="DPIA-1",
        dpia_completed_on=dt.date(2025, 1, 1),
    )
    use_case.refresh_from_db()
    assert use_case.phase == Phase.PRODUCTION


def test_production_is_allowed_when_the_screening_needs_no_dpia(org_a):
    use_case = make_use_case(org_a)
    make_assessment(use_case, Framework.ICO_DPIA, answer="no")
    use_case_update(use_case=use_case, user=None, phase=Phase.PRODUCTION)


def test_approving_with_unanswered_items_is_refused_listing_them(org_a, admin_a):
    use_case = make_use_case(org_a)
    assessment = make_assessment(use_case, answer="yes", overrides={"3": "", "7": ""})
    assessment_submit(assessment=assessment, user=None)
    with pytest.raises(ValidationError) as caught:
        assessment_approve(assessment=assessment, user=admin_a)
    message = " ".join(caught.value.messages)
    assert "2 item(s) are unanswered" in message
    assert "3. You know how to use AI securely" in message
    assert "7. You are open and collaborative" in message
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_only_admins_sign_off(org_a, editor_a, admin_a):
    assessment = make_assessment(make_use_case(org_a), answer="yes")
    assessment_submit(assessment=assessment, user=editor_a)
    with pytest.raises(PermissionDenied):
        assessment_approve(assessment=assessment, user=editor_a)
    assessment_approve(assessment=assessment, user=admin_a)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPROVED
    assert assessment.signed_off_by == admin_a
    assert assessment.review_date > timezone.localdate() + dt.timedelta(days=360)
    assert not assessment.is_overdue


def test_approved_answers_are_locked_until_sent_back(org_a, admin_a):
    assessment = make_assessment(make_use_case(org_a), answer="yes")
    assessment_approve(assessment=assessment, user=admin_a, review_date=dt.date(2999, 1, 1))
    answer = assessment.answers.first()
    with pytest.raises(ValidationError, match="answers change only"):
        answer_update(item_answer=answer, user=admin_a, answer=AnswerChoice.NO)
    assessment_return(assessment=assessment, user=admin_a, notes="Check principle 1")
    answer_update(item_answer=answer, user=admin_a, answer=AnswerChoice.NO)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.NEEDS_CHANGES
    assert "Check principle 1" in assessment.notes


def test_a_past_review_date_makes_the_assessment_overdue(org_a, admin_a):
    assessment = make_assessment(make_use_case(org_a), answer="yes")
    assessment_approve(assessment=assessment, user=admin_a)
    type(assessment).objects.filter(pk=assessment.pk).update(review_date=dt.date(2020, 1, 1))
    assessment.refresh_from_db()
    assert assessment.is_overdue
    assert type(assessment).objects.overdue().count() == 1


def test_a_third_party_contract_must_be_the_organisations_own(org_a, org_b):
    use_case = make_use_case(org_a)
    theirs = ContractFactory(process__organisation=org_b)
    with pytest.raises(ValidationError) as caught:
        third_party_add(use_case=use_case, user=None, name="X Ltd", contract=theirs)
    assert "contract" in caught.value.message_dict
    ours = ContractFactory(process__organisation=org_a)
    assert (
        third_party_add(use_case=use_case, user=None, name="X Ltd", contract=ours).contract == ours
    )


def test_the_record_is_prefilled_from_the_register_and_assessments(org_a, admin_a):
    use_case = make_use_case(org_a)
    third_party_add(use_case=use_case, user=None, name="Model Supplier Ltd", role="Hosts it")
    dpia_required(use_case)
    record = record_create(use_case=use_case, user=admin_a)
    assert record.content["title"] == use_case.name
    assert record.content["organisation_name"] == org_a.name
    assert record.content["senior_responsible_owner"] == "Director of Customer Contact"
    assert record.content["external_supplier_involvement"] == "Yes"
    assert record.content["external_supplier"] == "Model Supplier Ltd"
    assert record.content["one_sentence_description"] == "Suggests which team handles each letter."
    assert "DPIA screening: required" in record.content["impact_assessment"]


def test_publishing_with_missing_fields_is_refused_listing_them_by_tier(org_a, admin_a):
    record = make_record(make_use_case(org_a))
    record_update(
        record=record,
        user=admin_a,
        content={**record.content, "contact_email": "", "model_name": ""},
    )
    with pytest.raises(ValidationError) as caught:
        record_publish(record=record, user=admin_a)
    messages = caught.value.messages
    assert any(m.startswith("Tier 1:") and "1.4 Contact email" in m for m in messages)
    assert any(m.startswith("Tier 2:") and "2.4.2.1 Model name" in m for m in messages)
    record.refresh_from_db()
    assert record.status == RecordStatus.DRAFT and record.published_content is None


def test_publishing_copies_the_content_and_later_edits_stay_private(org_a, admin_a, editor_a):
    record = make_record(make_use_case(org_a))
    with pytest.raises(PermissionDenied):
        record_publish(record=record, user=editor_a)
    record_publish(record=record, user=admin_a)
    record_update(record=record, user=editor_a, content={**record.content, "title": "New title"})
    record.refresh_from_db()
    assert record.published_content["title"] == "Correspondence triage assistant"
    assert record.has_unpublished_changes
    record_publish(record=record, user=admin_a)
    record.refresh_from_db()
    assert record.published_content["title"] == "New title"
    record_withdraw(record=record, user=admin_a)
    record.refresh_from_db()
    assert record.status == RecordStatus.DRAFT and record.published_content is None


def test_unknown_atrs_fields_and_bad_phases_are_refused(org_a):
    record = make_record(make_use_case(org_a))
    with pytest.raises(ValidationError, match="Not ATRS fields"):
        record_update(record=record, user=None, content={"favourite_colour": "blue"})
    with pytest.raises(ValidationError, match="phase"):
        record_update(record=record, user=None, content={"phase": "beta-pilot"})


def test_the_initiative_and_systems_must_be_the_organisations_own(org_a, org_b):
    from smarterstate.lifecycle.models import System
    from smarterstate.outcomes.models import Initiative

    ours = Initiative.objects.create(organisation=org_a, name="Move to digital claims")
    theirs = Initiative.objects.create(organisation=org_b, name="Making tax digital")
    our_system = System.objects.create(organisation=org_a, name="Claims platform")
    their_system = System.objects.create(organisation=org_b, name="Tax platform")
    use_case = make_use_case(org_a, initiative=ours, systems=[our_system])
    assert use_case.initiative == ours and list(use_case.systems.all()) == [our_system]
    with pytest.raises(ValidationError) as caught:
        use_case_update(use_case=use_case, user=None, initiative=theirs, systems=[their_system])
    assert set(caught.value.message_dict) == {"initiative", "systems"}
    # Ids only: another organisation's record names never appear in an error.
    assert "Tax platform" not in caught.value.message_dict["systems"][0]
    assert str(their_system.pk) in caught.value.message_dict["systems"][0]
    use_case.refresh_from_db()
    assert use_case.initiative == ours and list(use_case.systems.all()) == [our_system]
    record = record_create(use_case=use_case, user=None)
    assert record.content["system_architecture"] == "Runs on: Claims platform."
