"""Sent empty, the forms people met (issue 16, item 2) answer with a GOV.UK error summary that
names each field and links to it, never "This field is required." once per field; and no
radio offers "---------" (item 5)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORG = "/o/department-for-work-pensions"


def _forms(world) -> dict[str, str]:
    from smarterstate.outcomes.models import Pilot

    initiative = world["outcomes_initiative"]
    pilot = Pilot.objects.filter(organisation=world["org_a"]).first()
    return {
        "add initiative": f"{ORG}/outcomes/initiatives/add/",
        "add outcome": f"{ORG}/outcomes/initiatives/{initiative.pk}/outcomes/add/",
        "pilot decision": f"{ORG}/outcomes/pilots/{pilot.pk}/decide/",
        "register AI use case": f"{ORG}/ai/use-cases/add/",
        "start assessment": f"{ORG}/ai/use-cases/{world['ai_use_case'].pk}/assessments/add/",
        "SBOM with no file": f"{ORG}/lifecycle/systems/{world['lifecycle_system_a'].pk}/sbom/",
    }


@pytest.mark.parametrize("width", [1280, 375])
def test_empty_forms_name_each_missing_field_and_link_to_it(width, world, editor_a, page_as):
    page = page_as(editor_a, width=width)
    problems = []
    for name, path in _forms(world).items():
        assert page.goto(path).status == 200, path
        if page.get_by_label("---------").count():  # item 5: no dashes offered as a choice
            problems.append(f"{name}: offers '---------'")
        # The browser's own checks would stop the empty form: the server's answer is tested.
        page.evaluate(
            "() => document.querySelectorAll('main form').forEach(f => f.noValidate = true)"
        )
        page.locator("main form").last.locator(
            "button[type=submit], input[type=submit]"
        ).last.click()
        summary = page.locator(".govuk-error-summary")
        if not summary.count():
            problems.append(f"{name}: no error summary")
            continue
        assert summary.is_visible()
        links = summary.locator("a")
        texts = links.all_inner_texts()
        if not texts or "This field is required." in summary.inner_text():
            problems.append(f"{name}: {texts or summary.inner_text()}")
        if len(texts) != len(set(texts)):
            problems.append(f"{name}: repeated messages {texts}")
        for link in links.all():
            target = (link.get_attribute("href") or "").lstrip("#")
            if not target or not page.locator(f"[id='{target}']").count():
                problems.append(f"{name}: '{link.inner_text()}' leads nowhere ({target})")
    assert not problems, "\n".join(problems)
