"""What the cross-cutting tests in tests/ need to know about this pillar.

tests/pillar_plugins.py collects these from every pillar app:

* OBJECT_MAKERS — URL argument → a real object of organisation B (tests/test_authorization_walk.py)
* authz_world(world) — create organisation B's objects and set them as attributes on ``world``
  (it has org_a, org_b and membership_b, whose user is B's editor)
* assert_unchanged(world) — after refused writes, B's objects are as they were
* API_OPERATIONS — every API path of this pillar with its methods (tests/test_openapi.py)
* FUZZ_PATH_KEYS and fuzz_known(...) — real ids the API fuzzer may use for path parameters
* EXPECTED_PAGES — persona → URL regexes the browser crawl must reach (tests/browser/)
* browser_world(world) — data for the browser crawl; returns extra entries for its dict
"""

from __future__ import annotations

from django.utils import timezone

OBJECT_MAKERS: dict = {
    "use_case_pk": lambda w: w.ai_use_case_b.pk,
    "third_party_pk": lambda w: w.ai_third_party_b.pk,
    "assessment_pk": lambda w: w.ai_assessment_b.pk,
    # An item of B's assessment: its section page (/assessments/<pk>/tasks/<item_key>/).
    "item_key": lambda w: w.ai_answer_b.item.key,
    # B's record is published, so its public page answers everyone.
    "record_pk": lambda w: w.ai_record_b.pk,
    "ai-use-case.pk": lambda w: w.ai_use_case_b.pk,
    "ai-third-party.pk": lambda w: w.ai_third_party_b.pk,
    "ai-checklist.pk": lambda w: w.ai_assessment_b.checklist_id,
    "ai-assessment.pk": lambda w: w.ai_assessment_b.pk,
    "ai-answer.pk": lambda w: w.ai_answer_b.pk,
    "ai-record.pk": lambda w: w.ai_record_b.pk,
}
API_OPERATIONS: dict[str, set[str]] = {
    "/api/v1/ai/use-cases/": {"get", "post"},
    "/api/v1/ai/use-cases/{id}/": {"get", "patch", "delete"},
    "/api/v1/ai/third-parties/": {"get", "post"},
    "/api/v1/ai/third-parties/{id}/": {"get", "delete"},
    "/api/v1/ai/checklists/": {"get"},
    "/api/v1/ai/checklists/{id}/": {"get"},
    "/api/v1/ai/assessments/": {"get", "post"},
    "/api/v1/ai/assessments/{id}/": {"get"},
    "/api/v1/ai/answers/": {"get"},
    "/api/v1/ai/answers/{id}/": {"get", "patch"},
    "/api/v1/ai/records/": {"get", "post"},
    "/api/v1/ai/records/{id}/": {"get", "patch"},
    "/api/v1/ai/publications/": {"post"},
    "/api/v1/ai/submissions/": {"post"},
    "/api/v1/ai/sign-offs/": {"post"},
}
FUZZ_PATH_KEYS: dict[str, str] = {
    "/api/v1/ai/use-cases/": "ai_use_case",
    "/api/v1/ai/third-parties/": "ai_third_party",
    "/api/v1/ai/assessments/": "ai_assessment",
    "/api/v1/ai/answers/": "ai_answer",
    "/api/v1/ai/records/": "ai_record",
}
EXPECTED_PAGES: dict[str, list[str]] = {
    "viewer_a": [
        "/o/department-for-work-pensions/ai/",
        "/o/department-for-work-pensions/ai/use-cases/",
        r"/o/department-for-work-pensions/ai/use-cases/\d+/",
        r"/o/department-for-work-pensions/ai/use-cases/\d+/history/",
        "/o/department-for-work-pensions/ai/assessments/",
        r"/o/department-for-work-pensions/ai/assessments/\d+/",
        "/o/department-for-work-pensions/ai/records/",
        r"/o/department-for-work-pensions/ai/records/\d+/",
        "/ai/transparency/department-for-work-pensions/",
        r"/ai/transparency/records/\d+/",
        "/ai/compare/",
    ],
    # The crawl takes each kind of page once before any twice, so edit pages are reached
    # within its 150-page limit.
    "editor_a": [
        "/o/department-for-work-pensions/ai/use-cases/add/",
        r"/o/department-for-work-pensions/ai/use-cases/\d+/edit/",
        r"/o/department-for-work-pensions/ai/use-cases/\d+/third-parties/add/",
        r"/o/department-for-work-pensions/ai/use-cases/\d+/assessments/add/",
        r"/o/department-for-work-pensions/ai/assessments/\d+/tasks/",
        r"/o/department-for-work-pensions/ai/assessments/\d+/tasks/[\w-]+/",
        r"/o/department-for-work-pensions/ai/assessments/\d+/check/",
        r"/o/department-for-work-pensions/ai/records/\d+/edit/",
    ],
}


def _objects(organisation, user, *, name: str, contract=None, supplier=None):
    from smarterstate.ai.models import RecordStatus, TransparencyRecord
    from smarterstate.ai.services.register import third_party_add

    from .factories import make_assessment, make_record, make_use_case

    use_case = make_use_case(organisation, user, name=name)
    third_party = third_party_add(
        use_case=use_case,
        user=user,
        name="" if supplier else "Model Supplier Ltd",
        role="Hosts the model",
        party=supplier,
        contract=contract,
    )
    assessment = make_assessment(use_case)
    record = make_record(use_case)
    # Published directly: the walker's world has no admin of B to sign it off.
    TransparencyRecord.objects.filter(pk=record.pk).update(
        status=RecordStatus.PUBLISHED,
        published_content=record.content,
        published_at=timezone.now(),
    )
    record.refresh_from_db()
    return use_case, third_party, assessment, record


def authz_world(world) -> None:
    user = world.membership_b.user
    use_case, third_party, assessment, record = _objects(
        world.org_b,
        user,
        name="Revenue risk model",
        contract=getattr(world, "contract_b", None),
        supplier=getattr(world, "supplier_b", None),
    )
    world.ai_use_case_b = use_case
    world.ai_third_party_b = third_party
    world.ai_assessment_b = assessment
    world.ai_answer_b = assessment.answers.order_by("pk").first()
    world.ai_record_b = record


def assert_unchanged(world) -> None:
    from smarterstate.ai.models import Answer, Assessment, ThirdParty, TransparencyRecord, UseCase

    use_case = UseCase.objects.get(pk=world.ai_use_case_b.pk)
    assert use_case.name == "Revenue risk model"
    assert use_case.phase == world.ai_use_case_b.phase
    assert ThirdParty.objects.filter(pk=world.ai_third_party_b.pk).exists()
    assessment = Assessment.objects.get(pk=world.ai_assessment_b.pk)
    assert assessment.status == "draft"
    assert Answer.objects.get(pk=world.ai_answer_b.pk).answer == ""
    record = TransparencyRecord.objects.get(pk=world.ai_record_b.pk)
    assert record.status == "published"
    assert record.content == world.ai_record_b.content
    assert record.published_content == world.ai_record_b.published_content


def fuzz_known(*, org_a, org_b, users) -> dict[str, list]:
    known: dict[str, list] = {}
    for organisation, user, name in (
        (org_a, users["editor_a"], "Claims triage model"),
        (org_b, users["editor_b"], "Revenue risk model"),
    ):
        use_case, third_party, assessment, record = _objects(organisation, user, name=name)
        known.setdefault("ai_use_case", []).append(use_case.pk)
        known.setdefault("ai_third_party", []).append(third_party.pk)
        known.setdefault("ai_assessment", []).append(assessment.pk)
        known.setdefault("ai_answer", []).append(assessment.answers.order_by("pk").first().pk)
        known.setdefault("ai_record", []).append(record.pk)
    return known


def browser_world(world: dict) -> dict:
    from smarterstate.ai.services.records import record_publish
    from smarterstate.ai.services.register import third_party_add

    from .factories import dpia_required, make_assessment, make_record, make_use_case

    org_a, admin_a = world["org_a"], world["admin_a"]
    triage = make_use_case(org_a, admin_a)
    third_party_add(
        use_case=triage, user=admin_a, name="Model Supplier Ltd", role="Hosts the model"
    )
    make_assessment(triage, answer="yes")
    dpia_required(triage)
    record = make_record(triage)
    record_publish(record=record, user=admin_a)
    fraud = make_use_case(
        org_a, admin_a, name="Fraud-risk model", kind="predictive", risk_level="high"
    )
    make_assessment(fraud)
    return {"ai_use_case": triage, "ai_record": record, "ai_fraud": fraud}
