"""Helpers for the browser tests: axe reports and the navigation crawl."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

# Where the crawl looks for links: header, service navigation, account bar, main content.
CRAWL_REGIONS = "header, .govuk-service-navigation, .app-account-bar, main"
# Six pillars and capacity (which links to records in all of them) make about 150 shapes.
CRAWL_LIMIT = 200
# Pages of one URL pattern and query shape (say, every process page) share a
# template; checking two of each keeps the crawl bounded as data grows.
PAGES_PER_SHAPE = 2
SKIPPED_PREFIXES = (
    "/admin/",  # Django's admin: its own templates, not ours
    # Swagger UI is third-party (drf-spectacular-sidecar); its markup is not ours to fix.
    "/api/docs/",
    "/api/v1/",  # JSON and the OpenAPI schema, not HTML pages
    "/accounts/logout/",  # POST-only; a crawl must not sign itself out
    "/static/",
)


# -- accessibility ---------------------------------------------------------------


class PreloadedAxe(Axe):
    """axe-playwright-python's runner, reusing axe-core when the page already has it.

    Contexts add axe-core as an init script (conftest.new_context), so it is
    parsed as each page loads instead of being sent over on every check.
    """

    def run(self, page, context=None, options=None):
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.axe_script)
        response = page.evaluate(
            "([context, options]) => axe.run(context || document, options)",
            [context, options or AXE_OPTIONS],
        )
        return AxeResults(response)


@dataclass
class AxeReport:
    """Violations found on any number of pages, reported together."""

    pages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)  # axe-playwright-python's long form

    def check(self, axe, page, label: str | None = None) -> None:
        label = label or page.url
        self.pages.append(label)
        results = axe.run(page, options=AXE_OPTIONS)
        print(f"axe: {label}: {results.violations_count} violation(s)")
        for violation in results.response["violations"]:
            targets = "; ".join(
                " ".join(str(part) for part in node["target"]) for node in violation["nodes"]
            )
            self.problems.append(
                f"{label}\n    {violation['id']} ({violation['impact']}): {violation['help']}"
                f"\n    nodes: {targets}"
            )
            self.reports.append(results.generate_report(violation["id"]))

    def assert_clean(self) -> None:
        if self.problems:
            print("\n".join(self.reports))  # snippets and messages, in the captured output
        assert not self.problems, (
            f"{len(self.problems)} accessibility violation(s) on {len(self.pages)} page(s):\n"
            + "\n".join(self.problems)
        )


def _normalise(url: str, origin: str) -> str | None:
    """The same-origin page ``url`` names, or None when the crawl should skip it."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    if "format=" in parts.query:  # CSV/XLSX downloads
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def _shape(url: str) -> tuple:
    parts = urlsplit(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    return route, tuple(sorted(parse_qs(parts.query)))


def crawl(page, origin: str, visit: Callable, *, start: str = "/", limit: int = CRAWL_LIMIT):
    """Breadth-first over the links in the page regions people navigate by.

    ``visit(page, response)`` runs on every page reached. Returns the URLs
    visited (after redirects), in order. Each page shape's first page comes before
    any shape's second, so the limit cuts repeats, not pages of a kind not yet seen.
    """
    queue = deque([urljoin(origin, start)])
    repeats: deque[str] = deque()  # second and later pages of a shape
    seen = set(queue)
    visited: list[str] = []
    shapes: dict[tuple, int] = {}
    while (queue or repeats) and len(visited) < limit:
        url = (queue or repeats).popleft()
        response = page.goto(url, wait_until="load")
        landed = _normalise(page.url, origin) or page.url
        if landed in visited:
            continue  # redirected to a page already checked
        seen.add(landed)
        visited.append(landed)
        visit(page, response)
        hrefs = page.eval_on_selector_all(
            f":is({CRAWL_REGIONS}) a[href]", "links => links.map(link => link.href)"
        )
        for href in hrefs:
            target = _normalise(href, origin)
            if target and target not in seen:
                seen.add(target)
                shape = _shape(target)
                count = shapes.get(shape, 0)
                if count < PAGES_PER_SHAPE:
                    shapes[shape] = count + 1
                    (repeats if count else queue).append(target)
    return visited
