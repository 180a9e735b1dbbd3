"""Demo data for the AI assurance pillar (run by seed_demo, in DEMO_SEEDERS order).

A handful of realistic use cases at different phases, for DWP and HMRC (the demo
personas' organisations): assessments in every state, a DPIA-required model in
production with its DPIA recorded, and one published ATRS record. Idempotent: use
cases are found by name, and nothing is added twice.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from smarterstate.organisations.models import Organisation

from .models import AnswerChoice, Assessment, Framework, Phase, TransparencyRecord, UseCase
from .services.assessments import (
    assessment_answer,
    assessment_approve,
    assessment_create,
    assessment_submit,
)
from .services.checklists import checklists_load
from .services.records import record_create, record_publish, record_update
from .services.register import third_party_add, use_case_create, use_case_update

USE_CASES = {
    "department-for-work-pensions": [
        {
            "name": "Correspondence triage assistant",
            "purpose": "A generative AI assistant that reads incoming letters and emails and suggests "
            "which team should handle each one. Caseworkers confirm or change the suggestion.",
            "user_need": "Claimants' letters reach the right team sooner, so replies are faster.",
            "owner": "Correspondence Digital Team",
            "senior_responsible_owner": "Director of Customer Contact",
            "phase": Phase.PUBLIC_BETA,
            "kind": "generative",
            "models_used": "Large language model (hosted, pre-trained)\nRouting rules",
            "data_used": "Letters and emails from claimants, scanned and converted to text.",
            "personal_data": True,
            "special_category_data": True,
            "human_review": "A caseworker checks every suggested route before the item moves.",
            "decisions_influenced": "Which team handles a piece of correspondence.",
            "people_affected": "Claimants who write to the department.",
            "risk_level": "medium",
        },
        {
            "name": "Fraud-risk model",
            "purpose": "A predictive model that scores new benefit claims for the risk of fraud and "
            "error so that investigators review the highest-risk claims first.",
            "user_need": "Investigators spend their time on the claims most likely to be wrong.",
            "owner": "Fraud and Error Analytics",
            "senior_responsible_owner": "Director General, Fraud and Error",
            "phase": Phase.PRE_DEPLOYMENT,
            "kind": "predictive",
            "models_used": "Gradient-boosted decision trees",
            "data_used": "Claim details and past investigation outcomes.",
            "personal_data": True,
            "special_category_data": False,
            "human_review": "No claim is refused by the model: investigators review flagged claims.",
            "decisions_influenced": "Which claims are reviewed by an investigator before payment.",
            "people_affected": "People making new benefit claims.",
            "risk_level": "high",
        },
        {
            "name": "Jobcentre appointment scheduler",
            "purpose": "A rules-based tool that proposes appointment slots from work coaches' diaries.",
            "user_need": "Work coaches book appointments without double-booking.",
            "owner": "Jobcentre Digital",
            "senior_responsible_owner": "Deputy Director, Jobcentre Services",
            "phase": Phase.PRIVATE_BETA,
            "kind": "rules",
            "models_used": "Scheduling rules",
            "data_used": "Work coach diaries.",
            "personal_data": False,
            "risk_level": "low",
        },
    ],
    "hm-revenue-customs": [
        {
            "name": "Tax query chatbot",
            "purpose": "A generative chatbot on GOV.UK that answers general questions about tax.",
            "user_need": "People find answers to general tax questions without calling.",
            "owner": "Digital Customer Service",
            "senior_responsible_owner": "Director of Customer Services",
            "phase": Phase.PRIVATE_BETA,
            "kind": "generative",
            "models_used": "Large language model with retrieval from GOV.UK guidance",
            "data_used": "Published GOV.UK guidance; questions typed by users.",
            "personal_data": False,
            "risk_level": "medium",
        },
    ],
}

# Links to the other pillars' demo data, when their seeders have made it (they run first).
DEMO_LINKS = {
    "Fraud-risk model": ("Service modernisation programme", ["Claims API"]),
    "Correspondence triage assistant": (
        "Service modernisation programme",
        ["Universal Credit case portal"],
    ),
    "Tax query chatbot": ("Making Tax Digital", ["Self Assessment online"]),
}
FRAUD_DPIA = ("DPIA-2025-014", dt.date(2025, 9, 30))
EVIDENCE = "Recorded in the service assessment pack."


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _answer_all(assessment: Assessment, user, *, answer: str = AnswerChoice.YES, overrides=None):
    overrides = overrides or {}
    answers = {
        a.item_id: {
            "answer": overrides.get(a.item.key, answer),
            "evidence": EVIDENCE,
            "owner": assessment.use_case.owner,
            "notes": "",
        }
        for a in assessment.answers.select_related("item")
    }
    assessment_answer(assessment=assessment, user=user, answers=answers)


def _published_content() -> dict[str, str]:
    return {
        "region": "uk",
        "website_url": "N/A",
        "contact_email": "fraud-analytics@example.gov.uk",
        "detailed_description": "Each new claim is scored by a gradient-boosted tree model on claim "
        "details. Scores above a threshold place the claim in a review queue. The model does not "
        "decide claims and is not used for claims already in payment.",
        "frequency_and_scale_of_usage": "About 40,000 new claims a month are scored.",
        "required_training": "Investigators complete a course on the model's limits before use.",
        "appeals_and_review": "Claimants can ask for a mandatory reconsideration of any decision.",
        "system_architecture": "A batch service in the department's cloud scores claims nightly.",
        "system_level_input": "New claim records.",
        "system_level_output": "A risk score and the main reasons for it.",
        "maintenance": "Retrained and re-tested for bias every 6 months.",
        "model_version": "3.2",
        "model_task": "Score claims for the risk of fraud and error.",
        "model_input": "Claim features (no protected characteristics).",
        "model_output": "A score between 0 and 1.",
        "model_architecture": "Gradient-boosted decision trees.",
        "model_performance": "Precision at the review threshold 0.61 on held-out claims.",
        "datasets": "Three years of investigated claims, used for training and testing.",
        "data_modality": "Tabular",
        "data_quantities": "About 1.2 million claims.",
        "data_completeness_and_representativeness": "Checked against all claims by region and age.",
        "source_data_url": "N/A",
        "data_collection": "Collected when people claim, for the purpose of paying benefits.",
        "data_sharing_agreements": "None: the data stays within the department.",
        "data_access_and_storage": "Held in the department's cloud; access by named analysts only.",
        "operational_data_description": "New claim records, read nightly.",
        "operational_data_access_and_storage": "Scores kept for 2 years with the claim.",
    }


def seed(stdout=None) -> dict:
    checklists_load()
    created = 0
    for slug, cases in USE_CASES.items():
        organisation = Organisation.objects.filter(slug=slug).first()
        admin_user = _admin_of(organisation)
        if organisation is None or admin_user is None:
            continue
        for data in cases:
            if UseCase.objects.filter(organisation=organisation, name=data["name"]).exists():
                continue
            phase = data["phase"]
            use_case = use_case_create(
                organisation=organisation,
                user=admin_user,
                **{**data, "phase": Phase.PRE_DEPLOYMENT},
            )
            created += 1
            _link(use_case, admin_user)
            _assess(use_case, admin_user)
            if phase != Phase.PRE_DEPLOYMENT:
                use_case.phase = phase
                use_case.save()
    _fraud_model_to_production(stdout)
    _say(stdout, f"AI assurance: {created} use cases added.")
    return {"use_cases": created}


def _admin_of(organisation):
    User = get_user_model()
    if organisation is not None:
        admin = User.objects.filter(
            memberships__organisation=organisation, memberships__role="admin"
        ).first()
        if admin is not None:
            return admin
    return User.objects.filter(is_superuser=True).first()


def _link(use_case: UseCase, user) -> None:
    initiative_name, system_names = DEMO_LINKS.get(use_case.name, (None, []))
    org = use_case.organisation
    initiative = org.initiatives.filter(name=initiative_name).first() if initiative_name else None
    systems = list(org.systems.filter(name__in=system_names))
    if initiative is not None or systems:
        use_case_update(use_case=use_case, user=user, initiative=initiative, systems=systems)


def _assess(use_case: UseCase, user) -> None:
    screening = assessment_create(use_case=use_case, user=user, framework=Framework.ICO_DPIA)
    if use_case.name == "Fraud-risk model":
        # Profiling to decide access to a benefit: an "always" item → DPIA required.
        _answer_all(
            screening,
            user,
            answer=AnswerChoice.NO,
            overrides={"always-5": "yes", "consider-1": "yes"},
        )
        assessment_submit(assessment=screening, user=user)
        assessment_approve(assessment=screening, user=user)
        playbook = assessment_create(use_case=use_case, user=user, framework=Framework.AI_PLAYBOOK)
        _answer_all(playbook, user)
        assessment_submit(assessment=playbook, user=user)
        ethics = assessment_create(use_case=use_case, user=user, framework=Framework.DATA_ETHICS)
        _answer_all(ethics, user, overrides={"action-2": "partly"})
        cyber = assessment_create(use_case=use_case, user=user, framework=Framework.AI_CYBER)
        _answer_all(cyber, user)
        assessment_submit(assessment=cyber, user=user)
        assessment_approve(assessment=cyber, user=user)
        # An approval whose review date has passed: due again.
        Assessment.objects.filter(pk=cyber.pk).update(
            review_date=timezone.localdate() - dt.timedelta(days=10)
        )
    elif use_case.name == "Correspondence triage assistant":
        third_party_add(
            use_case=use_case,
            user=user,
            name="Hosted language model provider (demo)",
            role="Provides the pre-trained language model through an API; sees no stored data.",
        )
        _answer_all(
            screening,
            user,
            answer=AnswerChoice.NO,
            overrides={"consider-4": "yes", "consider-7": "yes"},
        )
        playbook = assessment_create(use_case=use_case, user=user, framework=Framework.AI_PLAYBOOK)
        _answer_all(playbook, user, overrides={"4": "partly"})
    else:
        _answer_all(screening, user, answer=AnswerChoice.NO)


def _fraud_model_to_production(stdout) -> None:
    """The fraud-risk model: DPIA recorded, moved to production, ATRS record published."""
    use_case = UseCase.objects.filter(
        organisation__slug="department-for-work-pensions", name="Fraud-risk model"
    ).first()
    if use_case is None or TransparencyRecord.objects.filter(use_case=use_case).exists():
        return
    admin = _admin_of(use_case.organisation)
    if admin is None:
        return
    use_case.dpia_reference, use_case.dpia_completed_on = FRAUD_DPIA
    use_case.phase = Phase.PRODUCTION
    use_case.full_clean()
    use_case.save()
    record = record_create(use_case=use_case, user=admin)
    record = record_update(
        record=record,
        user=admin,
        content={**record.content, **_published_content()},
        internal_notes="Comms team cleared the wording on 3 October.",
    )
    record_publish(record=record, user=admin)
    _say(stdout, "AI assurance: published the fraud-risk model's transparency record.")
