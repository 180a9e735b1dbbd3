"""Skills pages under /o/<org_slug>/skills/. People's individual records are for the organisation's
editors and admins (WRITE); everything at READ level shows aggregates only."""

from .overview import index  # noqa: F401
