"""API for the Technology lifecycle pillar under /api/v1/lifecycle/.

``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py registers them.
"""

ROUTES: list[tuple[str, type, str]] = []
