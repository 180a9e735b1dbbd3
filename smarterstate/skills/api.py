"""API for the Skills and learning pillar under /api/v1/skills/.

``ROUTES`` lists (prefix, viewset, basename); smarterstate/api_urls.py registers them.
"""

ROUTES: list[tuple[str, type, str]] = []
