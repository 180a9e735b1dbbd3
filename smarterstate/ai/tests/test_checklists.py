"""Checklists as versioned rows: idempotent loading, old answers never rewritten."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from smarterstate.ai.models import Checklist, ChecklistItem, Framework
from smarterstate.ai.services.checklists import CHECKLISTS_PATH, checklists_load

from .factories import make_assessment, make_use_case

pytestmark = pytest.mark.django_db


def test_it_stores_each_framework_once_with_its_items():
    report = checklists_load()
    assert set(report.values()) == {"created"}
    counts = {c.framework: c.items.count() for c in Checklist.objects.all()}
    assert counts == {
        Framework.AI_PLAYBOOK: 10,
        Framework.ICO_DPIA: 20,  # 12 "always" + 8 "consider"
        Framework.DATA_ETHICS: 8,
        Framework.AI_CYBER: 13,
    }
    assert checklists_load() == {label: "unchanged" for label in report}
    assert ChecklistItem.objects.count() == 51


def test_the_command_is_idempotent_and_reports(capsys):
    call_command("load_ai_checklists", "--json")
    first = json.loads(capsys.readouterr().out)
    call_command("load_ai_checklists", "--json")
    second = json.loads(capsys.readouterr().out)
    assert set(first.values()) == {"created"} and set(second.values()) == {"unchanged"}


def test_a_changed_version_is_refused_and_a_new_version_keeps_old_answers(tmp_path, org_a):
    checklists_load()
    use_case = make_use_case(org_a)
    old = make_assessment(use_case, answer="yes")
    data = json.loads(CHECKLISTS_PATH.read_text())
    data["ai_playbook_2025"][0] = "Reworded principle"
    changed = tmp_path / "checklists.json"
    changed.write_text(json.dumps(data))
    with pytest.raises(ValidationError, match="already stored with different items"):
        checklists_load(path=changed)
    old_texts = [a.item.text for a in old.answers.select_related("item")]
    assert "Reworded principle" not in old_texts
    assert old.answers.filter(answer="yes").count() == 10


def test_assessments_use_the_newest_version(org_a):
    checklists_load()
    first = Checklist.objects.get(framework=Framework.AI_PLAYBOOK)
    newer = Checklist.objects.create(framework=Framework.AI_PLAYBOOK, version="2026", source="test")
    ChecklistItem.objects.create(checklist=newer, key="1", position=1, text="New principle")
    use_case = make_use_case(org_a)
    assessment = make_assessment(use_case)
    assert assessment.checklist == newer
    assert first.items.count() == 10
    assert [a.item.text for a in assessment.answers.all()] == ["New principle"]


def test_a_broken_file_is_reported(tmp_path):
    broken = tmp_path / "checklists.json"
    broken.write_text("{not json")
    with pytest.raises(ValidationError, match="cannot read"):
        checklists_load(path=broken)
