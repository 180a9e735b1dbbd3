"""API for the Outcomes and pilots pillar under /api/v1/outcomes/.

``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py registers them.
"""

ROUTES: list[tuple[str, type, str]] = []
