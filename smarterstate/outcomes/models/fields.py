"""Number formats the outcomes models share."""

from __future__ import annotations

MONEY = {"max_digits": 14, "decimal_places": 2}


MEASURE = {"max_digits": 18, "decimal_places": 4}
