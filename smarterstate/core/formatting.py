"""How numbers read on pages: money with its currency, percentages, plain numbers.

Pure helpers (the template filters in core/templatetags/formatting.py wrap them), so that
"173000000.0" reads "£173,000,000" and "70.4000" reads "70.4%" everywhere.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# Currencies whose symbol goes before the amount; any other code follows it ("1,200 CHF").
SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value, places: int | None = None) -> str:
    """Thousands separated; ``places`` decimals, or none for whole numbers and two otherwise."""
    number = _decimal(value)
    if number is None:
        return ""
    if places is None:
        places = 0 if number == number.to_integral_value() else 2
    return f"{number:,.{places}f}"


def format_money(value, currency: str | None = "GBP", places: int | None = None) -> str:
    """ "£173,000,000", "€1,234.50", "1,200 CHF"; "" when there is no amount. A blank currency
    is shown as the amount alone rather than guessed."""
    number = _decimal(value)
    if number is None:
        return ""
    code = (currency or "").strip().upper()
    sign = "-" if number < 0 else ""
    amount = format_number(abs(number), places)
    if code in SYMBOLS:
        return f"{sign}{SYMBOLS[code]}{amount}"
    return f"{sign}{amount} {code}".strip()


def format_percent(value, places: int = 1) -> str:
    """A percentage already on the 0–100 scale: 70.4000 → "70.4%", 50 → "50%"."""
    number = _decimal(value)
    if number is None:
        return ""
    text = f"{number:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"
