"""Uploads in a browser (issue 16, items 3 and 4): a file that is plainly wrong is refused on the
form with how to fix it; an accepted one says it is being checked, not "Success", and its job
page links back to where it came from and on to what it changed."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORG = "/o/department-for-work-pensions"
SBOM = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.5",
    "components": [{"type": "library", "name": "django", "version": "5.2.1"}],
}


@pytest.mark.parametrize("width", [1280, 375])
def test_a_text_file_is_refused_on_the_sbom_form(width, world, editor_a, page_as, tmp_path):
    system = world["lifecycle_system_a"]
    notes = tmp_path / "notes.txt"
    notes.write_text("not a bill of materials\n")
    page = page_as(editor_a, javascript=False, width=width)
    page.goto(f"{ORG}/lifecycle/systems/{system.pk}/sbom/")
    page.locator("main input[type=file]").set_input_files(str(notes))
    page.locator("main form").locator("button[type=submit], input[type=submit]").last.click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "not JSON" in summary.inner_text()
    assert "Success" not in page.locator("main").inner_text()
    assert "/jobs/" not in page.url


@pytest.mark.parametrize("width", [1280, 375])
def test_an_accepted_sbom_is_being_checked_and_its_job_links_both_ways(
    width, world, editor_a, page_as, tmp_path
):
    system = world["lifecycle_system_a"]
    sbom = tmp_path / "bom.json"
    sbom.write_text(json.dumps(SBOM))
    page = page_as(editor_a, javascript=False, width=width)
    page.goto(f"{ORG}/lifecycle/systems/{system.pk}/sbom/")
    page.locator("main input[type=file]").set_input_files(str(sbom))
    page.locator("main form").locator("button[type=submit], input[type=submit]").last.click()
    assert "/jobs/" in page.url
    banner = page.locator(".govuk-notification-banner").first
    assert "being checked" in banner.inner_text()
    assert "Success" not in banner.inner_text()
    assert page.get_by_role("link", name=f"Back to {system.name}").is_visible()
    assert page.locator("meta[http-equiv=refresh]").count() == 1  # refreshes while queued

    _run_the_queued_jobs()
    page.reload()
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert "Succeeded" in page.locator("main").inner_text()
    page.get_by_role("link", name=f"See {system.name}'s components").click()
    assert page.url.endswith(f"/lifecycle/systems/{system.pk}/")
    assert page.locator("main").get_by_text("django", exact=True).count()  # maybe folded away


def _run_the_queued_jobs() -> None:
    """One batch of the database worker, with pytest's signal handlers put back after it."""
    import io
    import signal

    from django.core.management import call_command

    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    saved = {number: signal.getsignal(number) for number in signals}
    try:
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, queue_name="*",
            interval=0, verbosity=0, stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
