"""Builders for AI assurance tests: real rows made through the services."""

from __future__ import annotations

from smarterstate.ai.models import AnswerChoice, Framework, Phase
from smarterstate.ai.services.assessments import assessment_answer, assessment_create
from smarterstate.ai.services.checklists import checklists_load
from smarterstate.ai.services.records import record_create, record_publish, record_update
from smarterstate.ai.services.register import use_case_create

FULL_CONTENT = {
    "region": "uk",
    "website_url": "N/A",
    "contact_email": "team@example.gov.uk",
    "detailed_description": "How it works.",
    "benefit": "Faster service.",
    "process_integration": "Suggests; people decide.",
    "frequency_and_scale_of_usage": "Daily.",
    "human_decisions_and_review": "Every output is checked.",
    "required_training": "A short course.",
    "system_architecture": "A web service.",
    "system_level_input": "Text.",
    "system_level_output": "A label.",
    "maintenance": "Monthly review.",
    "models": "One model.",
    "model_name": "Model",
    "model_version": "1",
    "model_task": "Classify.",
    "model_input": "Text.",
    "model_output": "Label.",
    "model_architecture": "Transformer.",
    "model_performance": "Good enough.",
    "datasets": "Letters.",
    "source_data_name": "Letters",
    "data_modality": "Text",
    "data_description": "Letters.",
    "data_quantities": "10,000.",
    "sensitive_attributes": "None",
    "data_completeness_and_representativeness": "Checked.",
    "source_data_url": "N/A",
    "data_collection": "From post.",
    "data_sharing_agreements": "None.",
    "data_access_and_storage": "Restricted.",
    "operational_data_description": "Incoming letters.",
    "operational_sensitive_attributes": "None",
    "operational_data_access_and_storage": "Restricted.",
    "impact_assessment": "DPIA done.",
    "risks_and_mitigations": "Bias: tested.",
}


def make_use_case(organisation, user=None, **overrides):
    data = {
        "name": "Correspondence triage assistant",
        "purpose": "Suggests which team handles each letter. It helps caseworkers.",
        "owner": "Correspondence team",
        "senior_responsible_owner": "Director of Customer Contact",
        "phase": Phase.PRE_DEPLOYMENT,
        "kind": "generative",
        "models_used": "Language model",
        "data_used": "Letters",
        "personal_data": True,
        "human_review": "A caseworker checks each suggestion.",
        "decisions_influenced": "Routing",
        "user_need": "Letters reach the right team.",
        "risk_level": "medium",
    } | overrides
    return use_case_create(organisation=organisation, user=user, **data)


def make_assessment(use_case, framework=Framework.AI_PLAYBOOK, *, answer=None, overrides=None):
    checklists_load()
    assessment = assessment_create(use_case=use_case, user=None, framework=framework)
    if answer is not None or overrides:
        overrides = overrides or {}
        answers = {
            a.item_id: {"answer": overrides.get(a.item.key, answer or "")}
            for a in assessment.answers.select_related("item")
        }
        assessment_answer(assessment=assessment, user=None, answers=answers)
    return assessment


def make_record(use_case, *, admin=None, published=False, **extra):
    record = record_create(use_case=use_case, user=admin)
    record = record_update(
        record=record, user=admin, content={**record.content, **FULL_CONTENT, **extra}
    )
    if published:
        record = record_publish(record=record, user=admin)
    return record


def dpia_required(use_case):
    """An ICO screening with one "always" item applying: DPIA required."""
    return make_assessment(
        use_case, Framework.ICO_DPIA, answer=AnswerChoice.NO, overrides={"always-5": "yes"}
    )
