"""One field's value from OCDS data: dates, amounts, text, the method category, call-offs, the
main CPV code, notice types. Pure: no database."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from smarterstate.commercial.models import MethodCategory

MAX_AMOUNT = Decimal("1e18")  # DecimalField(max_digits=20, decimal_places=2)


def parse_datetime(value: Any) -> datetime | None:
    """An OCDS date-time (or bare date) as an aware datetime; None when absent or unparseable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # More than 6 fractional digits (.NET writes 7) is not ISO-parseable before Python 3.11.
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if parsed.year < 1900:  # placeholder dates such as 0001-01-01
        return None
    return parsed


def parse_amount(value: Any) -> tuple[Decimal | None, str]:
    """``(amount, currency)`` from an OCDS Value object."""
    if not isinstance(value, Mapping):
        return None, ""
    currency = str(value.get("currency") or "")[:3].upper()
    amount = value.get("amount")
    if amount is None or isinstance(amount, bool):
        return None, currency
    try:
        number = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None, currency
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        return None, currency
    return number, currency


def clean_text(value: Any, limit: int | None = None) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text[:limit] if limit else text


def _letters(value: Any) -> str:
    """Lower-case letters only: "Open procedu    re" (mangled upstream) → "openprocedure"."""
    return re.sub(r"[^a-z]", "", clean_text(value).casefold())


def dict_items(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


# procurementMethodDetails phrases (letters only) that mean a direct award whatever
# procurementMethod says: Contracts Finder "Single tender action", "Direct award", "Other - Direct
# Award from a Framework Contract"; Portugal "Ajuste Direto". "Negotiated procedure without prior
# publication" stays "limited", as the OCDS codelist puts it.
_DIRECT_PHRASES = ("directaward", "singletenderaction", "ajustedireto", "directcalloff")


_SELECTIVE_PHRASES = (
    "restricted",
    "competitivedialogue",
    "competitiveprocedurewithnegotiation",
    "innovationpartnership",
    "furthercompetition",
    "competitiveflexible",
)


_LIMITED_PHRASES = ("withoutpriorpublication", "competitivequotation", "limited")


_CALL_OFF_PHRASES = ("framework", "dynamicpurchasing", "calloff", "dynamicmarket")


def method_category(method: str, details: str, notice_types: Iterable[str]) -> str:
    """open / selective / limited / direct, or "" when nothing says.

    1. A UK5 transparency notice (published before a direct award) or direct-award wording in
       procurementMethodDetails → direct.
    2. Else procurementMethod, which uses the same four-value codelist.
    3. Else inferred from the details wording (procurementMethod is missing in ~20% of
       Contracts Finder notices and in OCDS 1.0 data).
    """
    letters = _letters(details)
    if "UK5" in notice_types or any(phrase in letters for phrase in _DIRECT_PHRASES):
        return MethodCategory.DIRECT
    method = (method or "").strip().casefold()
    if method in {"open", "selective", "limited", "direct"}:
        return method
    if "openprocedure" in letters:
        return MethodCategory.OPEN
    if any(phrase in letters for phrase in _SELECTIVE_PHRASES):
        return MethodCategory.SELECTIVE
    if any(phrase in letters for phrase in _LIMITED_PHRASES):
        return MethodCategory.LIMITED
    return MethodCategory.UNKNOWN


def is_call_off(details: str, techniques: Mapping[str, Any]) -> bool:
    """Framework agreement or dynamic purchasing system (A4).

    tender.techniques.hasFrameworkAgreement / hasDynamicPurchasingSystem, or the details text
    naming a framework, DPS, dynamic market or call-off ("Call-off from a framework agreement").
    Per docs/domain.md §2 (A4) this includes tenders that set a framework up, not only call-offs
    from one.
    """
    if techniques.get("hasFrameworkAgreement") is True:
        return True
    if techniques.get("hasDynamicPurchasingSystem") is True:
        return True
    letters = _letters(details)
    return any(phrase in letters for phrase in _CALL_OFF_PHRASES)


def cpv_of(tender: Mapping[str, Any]) -> str:
    """The main CPV code without its check digit: tender.classification, else the first item's."""
    candidates = [as_mapping(tender.get("classification"))]
    candidates += [
        as_mapping(item.get("classification")) for item in dict_items(tender.get("items"))
    ]
    for classification in candidates:
        scheme = clean_text(classification.get("scheme")).upper()
        code = clean_text(classification.get("id")).strip()
        if code and scheme in {"CPV", "OCDS-CPV", ""} and code[:2].isdigit():
            return code.split("-")[0][:20]
    return ""


def documents_of(data: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    """Every document in a compiled release, wherever it sits."""
    yield from dict_items(as_mapping(data.get("planning")).get("documents"))
    yield from dict_items(as_mapping(data.get("tender")).get("documents"))
    for award in dict_items(data.get("awards")):
        yield from dict_items(award.get("documents"))
    for contract in dict_items(data.get("contracts")):
        yield from dict_items(contract.get("documents"))
        yield from dict_items(as_mapping(contract.get("implementation")).get("documents"))


def notice_type(document: Mapping[str, Any]) -> str:
    return clean_text(document.get("noticeType")).strip().upper()
