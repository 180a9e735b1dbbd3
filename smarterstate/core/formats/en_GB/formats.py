"""British formats, but dates in forms are shown as the hints ask for them: 2025-04-01.

Django's en-GB prefills date fields as 04/12/2026 while every hint says "For example,
2025-04-01"; both forms are still accepted when typed."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
