"""Pages fit the screen at 1,280 px and at a phone's 375 px: no table wider than its container
and no page that scrolls sideways (issue 16, items 1 and 14): the
lifecycle system page and the pages with tables, including supplier, process and ATRS pages."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORG = "/o/department-for-work-pensions"
WIDTHS = [1280, 375]

# Each table's right edge against its parent's, and the page against the viewport.
OVERFLOW = """() => {
  const problems = [];
  for (const table of document.querySelectorAll('main table')) {
    if (!table.offsetParent) continue;  // inside a closed <details>
    const box = table.getBoundingClientRect();
    const parent = table.parentElement.getBoundingClientRect();
    if (box.right > parent.right + 1) {
      const caption = table.caption ? table.caption.textContent.trim() : table.className;
      problems.push(`table "${caption}" is ${Math.round(box.width)} px in ${Math.round(parent.width)} px`);
    }
  }
  const page = document.documentElement.scrollWidth;
  if (page > window.innerWidth) problems.push(`page is ${page} px wide in a ${window.innerWidth} px window`);
  return problems;
}"""


def _pages(world) -> list[str]:
    system = world["lifecycle_system_a"]
    initiative = world["outcomes_initiative"]
    supplier = world["contract"].award.suppliers.get()
    return [
        f"{ORG}/lifecycle/systems/{system.pk}/",
        f"{ORG}/lifecycle/",
        f"{ORG}/lifecycle/systems/",
        f"{ORG}/lifecycle/components/",
        f"{ORG}/lifecycle/radar/",
        f"{ORG}/outcomes/",
        f"{ORG}/outcomes/initiatives/{initiative.pk}/",
        f"{ORG}/outcomes/pilots/",
        f"{ORG}/ai/",
        f"{ORG}/ai/use-cases/",
        f"{ORG}/skills/gaps/",
        f"{ORG}/skills/people/",
        f"{ORG}/commercial/",
        f"{ORG}/commercial/contracts/",
        f"{ORG}/commercial/crunch-points/",
        f"{ORG}/commercial/reviews/",
        f"/commercial/processes/{world['process'].ocid}/",
        f"/commercial/suppliers/{supplier.pk}/",
        f"/commercial/buyers/{world['buyer'].pk}/",
        f"{ORG}/ai/use-cases/{world['ai_use_case'].pk}/",
        f"{ORG}/ai/records/{world['ai_record'].pk}/",
        f"/ai/transparency/records/{world['ai_record'].pk}/",
        f"{ORG}/skills/campaigns/{world['skills_campaign'].pk}/",
        f"{ORG}/skills/people/{world['skills_person'].pk}/",
        f"{ORG}/skills/frameworks/{world['skills_framework'].pk}/",
        f"{ORG}/capacity/",
        "/jobs/",
    ]


def _long_sbom(system) -> None:
    """An SBOM-sized system: many components with long package names the catalogue lacks."""
    from smarterstate.lifecycle.services.register import component_create

    for number in range(12):
        component_create(
            system=system,
            name=f"@organisation-scope/very-long-package-name-without-spaces-{number:02}",
            version=f"12.0.0-beta.{number}+build.2026120512345678",
            purl=f"pkg:npm/%40organisation-scope/very-long-package-name-without-spaces-{number}",
        )


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_fit_their_container(width, world, editor_a, page_as):
    _long_sbom(world["lifecycle_system_a"])
    page = page_as(editor_a, width=width)
    problems = []
    for path in _pages(world):
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        # Open folded tables (the system page's uncovered components) so they are measured too.
        page.evaluate("() => document.querySelectorAll('main details').forEach(d => d.open = true)")
        problems += [f"{path}: {problem}" for problem in page.evaluate(OVERFLOW)]
    assert not problems, f"At {width} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_system_page_shows_at_risk_components_before_uncovered_ones(
    width, world, viewer_a, page_as
):
    system = world["lifecycle_system_a"]
    _long_sbom(system)
    page = page_as(viewer_a, javascript=False, width=width)
    page.goto(f"{ORG}/lifecycle/systems/{system.pk}/")
    details = page.locator("#uncovered-components")
    assert "12 components not in the catalogue" in details.locator("summary").inner_text()
    assert not details.locator("table").is_visible()  # folded until asked for
    status = page.locator("main table").first.locator("tbody tr").first
    assert "laravel/framework" in status.inner_text()
    assert status.get_by_text("Past end of life").is_visible()  # on screen, not scrolled away
    box = status.get_by_text("Past end of life").bounding_box()
    assert box and box["x"] + box["width"] <= width
    details.locator("summary").click()  # <details> opens without JavaScript
    assert details.locator("table").is_visible()
