"""API for the AI assurance pillar under /api/v1/ai/.

``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py registers them.
"""

ROUTES: list[tuple[str, type, str]] = []
