"""Parse one compiled release into plain rows: no database access.

The field rules (method category, call-offs, tender start, original values, KPIs) are explained
in the package docstring and next to each helper.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson

from smarterstate.commercial.models import MethodCategory
from smarterstate.commercial.ocds.release import parse_date
from smarterstate.commercial.parties import govuk_slug, party_identity, scale_flags

MAX_AMOUNT = Decimal("1e18")  # DecimalField(max_digits=20, decimal_places=2)
INVALID_AWARD_STATUSES = {"cancelled", "unsuccessful", "pending"}
PLANNING_TAGS = {"planning", "planningUpdate"}

# --------------------------------------------------------------------------- small parsers


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


def _text(value: Any, limit: int | None = None) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text[:limit] if limit else text


def _letters(value: Any) -> str:
    """Lower-case letters only: "Open procedu    re" (mangled upstream) → "openprocedure"."""
    return re.sub(r"[^a-z]", "", _text(value).casefold())


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _obj(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


# --------------------------------------------------------------------------- field rules

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
    Per DOMAIN.md A4 this includes tenders that set a framework up, not only call-offs from one.
    """
    if techniques.get("hasFrameworkAgreement") is True:
        return True
    if techniques.get("hasDynamicPurchasingSystem") is True:
        return True
    letters = _letters(details)
    return any(phrase in letters for phrase in _CALL_OFF_PHRASES)


def cpv_of(tender: Mapping[str, Any]) -> str:
    """The main CPV code without its check digit: tender.classification, else the first item's."""
    candidates = [_obj(tender.get("classification"))]
    candidates += [_obj(item.get("classification")) for item in _dicts(tender.get("items"))]
    for classification in candidates:
        scheme = _text(classification.get("scheme")).upper()
        code = _text(classification.get("id")).strip()
        if code and scheme in {"CPV", "OCDS-CPV", ""} and code[:2].isdigit():
            return code.split("-")[0][:20]
    return ""


def _documents(data: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    """Every document in a compiled release, wherever it sits."""
    yield from _dicts(_obj(data.get("planning")).get("documents"))
    yield from _dicts(_obj(data.get("tender")).get("documents"))
    for award in _dicts(data.get("awards")):
        yield from _dicts(award.get("documents"))
    for contract in _dicts(data.get("contracts")):
        yield from _dicts(contract.get("documents"))
        yield from _dicts(_obj(contract.get("implementation")).get("documents"))


def _notice_type(document: Mapping[str, Any]) -> str:
    return _text(document.get("noticeType")).strip().upper()


# --------------------------------------------------------------------------- one process


class _Draft:
    """Everything parsed from one compiled release, before ids are known."""

    __slots__ = ("ocid", "process", "buyer_key", "lots", "awards", "contracts", "amendments")

    def __init__(self, ocid: str) -> None:
        self.ocid = ocid
        self.process: dict[str, Any] = {}
        self.buyer_key: str | None = None
        self.lots: list[dict[str, Any]] = []
        # award dicts carry "supplier_keys"; contract dicts carry "award_ref".
        self.awards: list[dict[str, Any]] = []
        self.contracts: list[dict[str, Any]] = []
        self.amendments: list[dict[str, Any]] = []


class _PartyBook:
    """Parties seen in a chunk, merged by key (flags OR-ed, SME/VCSE last known wins)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.slugs: dict[str, str] = {}

    def add(self, party: Mapping[str, Any], *, buyer: bool = False, supplier: bool = False) -> str:
        key, scheme, ident = party_identity(party)
        name = _text(party.get("name") or _obj(party.get("identifier")).get("legalName"), 500)
        is_sme, is_vcse = scale_flags(party)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = {
                "name": name or key.removeprefix("name:"),
                "scheme": scheme,
                "identifier": ident,
                "is_sme": None,
                "is_vcse": None,
                "is_buyer": False,
                "is_supplier": False,
            }
        elif name and not row["name"]:
            row["name"] = name
        if is_sme is not None:
            row["is_sme"] = is_sme
        if is_vcse is not None:
            row["is_vcse"] = is_vcse
        row["is_buyer"] |= buyer
        row["is_supplier"] |= supplier
        if buyer:
            slug = govuk_slug(party)
            if slug:
                self.slugs[key] = slug
        return key


_EARLIEST = datetime.min.replace(tzinfo=UTC)


def by_date(items: Iterable[Any], date_of: Callable[[Any], datetime | None]) -> list[Any]:
    """Items (given in the order they were stored) in date order; ties keep stored order.

    Releases whose date could not be parsed go last, the same on every database.
    """
    return sorted(items, key=lambda item: (date_of(item) is None, date_of(item) or _EARLIEST))


def needs_history(data: Mapping[str, Any], release_count: int) -> bool:
    """First-published values can differ from the compiled release only with several releases
    and an award or contract to compare."""
    return release_count > 1 and bool(data.get("awards") or data.get("contracts"))


def _first_values(releases: Iterable[bytes | str | Mapping[str, Any]]) -> tuple[dict, dict, dict]:
    """First published award values and contract values/end dates, from releases (JSON text or
    parsed) in date order."""
    award_value: dict[str, tuple[Decimal | None, str]] = {}
    contract_value: dict[str, tuple[Decimal | None, str]] = {}
    contract_end: dict[str, datetime | None] = {}
    award_end: dict[str, datetime | None] = {}
    for item in releases:
        if isinstance(item, Mapping):
            release = item
        else:
            try:
                release = orjson.loads(item)
            except orjson.JSONDecodeError:
                continue
            if not isinstance(release, Mapping):
                continue
        for award in _dicts(release.get("awards")):
            award_id = _text(award.get("id"))
            amount, currency = parse_amount(award.get("value"))
            if amount is not None and award_id not in award_value:
                award_value[award_id] = (amount, currency)
            end = parse_datetime(_obj(award.get("contractPeriod")).get("endDate"))
            if end is not None and award_id not in award_end:
                award_end[award_id] = end
        for contract in _dicts(release.get("contracts")):
            contract_id = _text(contract.get("id"))
            amount, currency = parse_amount(contract.get("value"))
            if amount is not None and contract_id not in contract_value:
                contract_value[contract_id] = (amount, currency)
            end = parse_datetime(_obj(contract.get("period")).get("endDate"))
            if end is not None and contract_id not in contract_end:
                contract_end[contract_id] = end
    return award_value, contract_value, {"contract": contract_end, "award": award_end}


def parse_compiled(
    ocid: str,
    data: Mapping[str, Any],
    releases: list[tuple[datetime | None, list[str]]],
    parties: _PartyBook,
    firsts: tuple[dict, dict, dict] | None = None,
) -> _Draft:
    """Turn one compiled release (plus its releases' dates and tags) into a draft."""
    draft = _Draft(ocid)
    tender = _obj(data.get("tender"))
    party_by_id = {_text(p.get("id")): p for p in _dicts(data.get("parties"))}

    buyer_ref = _obj(data.get("buyer")) or _obj(tender.get("procuringEntity"))
    if not buyer_ref:
        buyer_ref = next((p for p in party_by_id.values() if "buyer" in (p.get("roles") or [])), {})
    if buyer_ref:
        full = party_by_id.get(_text(buyer_ref.get("id"))) or buyer_ref
        if not full.get("name") and buyer_ref.get("name"):
            full = {**full, "name": buyer_ref["name"]}
        draft.buyer_key = parties.add(full, buyer=True)

    documents = list(_documents(data))
    notice_types = sorted({t for t in (_notice_type(d) for d in documents) if t})
    details = _text(tender.get("procurementMethodDetails"))
    method = _text(tender.get("procurementMethod"), 40)

    # Release dates and tags (the compiled release keeps only the latest tag).
    dates = [d for d, _ in releases if d is not None]
    first_tender_release = next(
        (d for d, tags in releases if d and any(str(t).startswith("tender") for t in tags)), None
    )
    planning_dates = [d for d, tags in releases if d and PLANNING_TAGS & set(tags or [])]

    tender_start, source = None, ""
    for candidate, label in (
        (
            parse_datetime(_obj(tender.get("tenderPeriod")).get("startDate")),
            "tenderPeriod.startDate",
        ),
        (parse_datetime(tender.get("datePublished")), "tender.datePublished"),
        (first_tender_release, "release tagged tender"),
    ):
        if candidate is not None:
            tender_start, source = candidate, label
            break

    prior = None
    if tender_start is not None:
        # A6: a planning release, or a UK2 preliminary market engagement notice (or the
        # pre-Act Contracts Finder equivalent, documentType marketEngagementNotice), dated
        # before the tender started.
        engagement_dates = list(planning_dates)
        for document in documents:
            if (
                _notice_type(document) == "UK2"
                or document.get("documentType") == "marketEngagementNotice"
            ):
                published = parse_datetime(document.get("datePublished"))
                if published:
                    engagement_dates.append(published)
        prior = any(d < tender_start for d in engagement_dates)

    cpv = cpv_of(tender)
    tender_amount, tender_currency = parse_amount(tender.get("value"))

    # Lots
    seen_lots: set[str] = set()
    for index, lot in enumerate(_dicts(tender.get("lots"))):
        lot_id = _text(lot.get("id"), 255) or f"#{index}"
        if lot_id in seen_lots:
            continue
        seen_lots.add(lot_id)
        amount, currency = parse_amount(lot.get("value"))
        draft.lots.append(
            {
                "lot_id": lot_id,
                "title": _text(lot.get("title")),
                "status": _text(lot.get("status"), 40),
                "value": amount,
                "currency": currency,
            }
        )

    award_firsts, contract_firsts, end_firsts = firsts or ({}, {}, {"contract": {}, "award": {}})

    # Awards
    awards_by_id: dict[str, dict[str, Any]] = {}
    for index, award in enumerate(_dicts(data.get("awards"))):
        award_id = _text(award.get("id"), 255) or f"#{index}"
        if award_id in awards_by_id:
            continue
        amount, currency = parse_amount(award.get("value"))
        supplier_keys = []
        for ref in _dicts(award.get("suppliers")):
            full = party_by_id.get(_text(ref.get("id"))) or ref
            if not full.get("name") and ref.get("name"):
                full = {**full, "name": ref["name"]}
            key = parties.add(full, supplier=True)
            if key not in supplier_keys:
                supplier_keys.append(key)
        period = _obj(award.get("contractPeriod"))
        row = {
            "award_id": award_id,
            "title": _text(award.get("title") or award.get("description")),
            "status": _text(award.get("status"), 40),
            "date": parse_datetime(award.get("date")),
            "value": amount,
            "currency": currency,
            "supplier_keys": supplier_keys,
            "_period_start": parse_datetime(period.get("startDate")),
            "_period_end": parse_datetime(period.get("endDate")),
            "_period_max": parse_datetime(period.get("maxExtentDate")),
        }
        awards_by_id[award_id] = row
        draft.awards.append(row)

    valid_awards = [a for a in draft.awards if a["status"].casefold() not in INVALID_AWARD_STATUSES]
    award_dates = [a["date"] for a in valid_awards if a["date"]]
    first_award_date = min(award_dates) if award_dates else None
    # awarded_value: valid awards in the currency of the first valued award (mixed currencies
    # within one process are rare and cannot be summed).
    valued = [a for a in valid_awards if a["value"] is not None]
    awarded_value = None
    if valued:
        currency = valued[0]["currency"]
        awarded_value = sum((a["value"] for a in valued if a["currency"] == currency), Decimal(0))

    # Contracts
    uk10_by_contract: dict[str, int] = defaultdict(int)
    linked_awards: set[str] = set()
    seen_contracts: set[str] = set()
    for index, contract in enumerate(_dicts(data.get("contracts"))):
        contract_id = _text(contract.get("id"), 255) or f"#{index}"
        if contract_id in seen_contracts:
            continue
        seen_contracts.add(contract_id)
        award_ref = _text(contract.get("awardID"))
        linked_awards.add(award_ref)
        amount, currency = parse_amount(contract.get("value"))
        period = _obj(contract.get("period"))
        amendments = _dicts(contract.get("amendments"))
        for document in _dicts(contract.get("documents")) + _dicts(
            _obj(contract.get("implementation")).get("documents")
        ):
            if _notice_type(document) == "UK10":
                uk10_by_contract[contract_id] += 1
        metrics = contract.get("agreedMetrics")
        if isinstance(metrics, list):
            kpi_count = len(metrics)
        elif contract.get("noAgreedMetricsRationale"):
            kpi_count = 0
        else:
            kpi_count = None
        award = awards_by_id.get(award_ref)
        # L4 baseline: the award's first published value, else the contract's first value.
        original_value, _ = award_firsts.get(award_ref, (None, ""))
        if original_value is None and award and award["value"] is not None:
            original_value = award["value"]
        if original_value is None:
            original_value = contract_firsts.get(contract_id, (amount, currency))[0]
        original_end = end_firsts["contract"].get(contract_id) or parse_datetime(
            period.get("endDate")
        )
        draft.contracts.append(
            {
                "contract_id": contract_id,
                "award_ref": award_ref if award else None,
                "title": _text(contract.get("title") or contract.get("description")),
                "status": _text(contract.get("status"), 40),
                "date_signed": parse_datetime(contract.get("dateSigned")),
                "period_start": parse_datetime(period.get("startDate")),
                "period_end": parse_datetime(period.get("endDate")),
                "max_extent_date": parse_datetime(period.get("maxExtentDate")),
                "original_period_end": original_end,
                "value": amount,
                "original_value": original_value,
                "currency": currency,
                # contracts[].amendments and UK10 change notices usually describe the same
                # changes (a UK10 notice publishes the amendment), so take the larger count
                # rather than the sum.
                "amendment_count": max(len(amendments), uk10_by_contract[contract_id]),
                "kpi_count": kpi_count,
                "from_award": False,
            }
        )
        for amendment in amendments:
            draft.amendments.append(
                {
                    "contract_ref": contract_id,
                    "amendment_id": _text(amendment.get("id"), 255),
                    "date": parse_datetime(amendment.get("date")),
                    "description": _text(amendment.get("description")),
                    "rationale": _text(amendment.get("rationale")),
                    "source": "contract",
                }
            )
        if not amendments:
            for document in _dicts(contract.get("documents")):
                if _notice_type(document) == "UK10":
                    draft.amendments.append(
                        {
                            "contract_ref": contract_id,
                            "amendment_id": _text(document.get("id"), 255),
                            "date": parse_datetime(document.get("datePublished")),
                            "description": _text(
                                document.get("description") or document.get("title")
                            ),
                            "rationale": "",
                            "source": "UK10 notice",
                        }
                    )

    # Awards without a contract become contract rows (see module docstring).
    for award in valid_awards:
        if award["award_id"] in linked_awards:
            continue
        if award["_period_end"] is None and award["value"] is None:
            continue
        award_id = award["award_id"]
        draft.contracts.append(
            {
                "contract_id": f"award:{award_id}"[:255],
                "award_ref": award_id,
                "title": award["title"],
                "status": "",
                "date_signed": None,
                "period_start": award["_period_start"],
                "period_end": award["_period_end"],
                "max_extent_date": award["_period_max"],
                "original_period_end": end_firsts["award"].get(award_id) or award["_period_end"],
                "value": award["value"],
                "original_value": award_firsts.get(award_id, (award["value"], ""))[0],
                "currency": award["currency"],
                "amendment_count": 0,
                "kpi_count": None,
                "from_award": True,
            }
        )

    for origin, holder in (("tender", tender), *(("award", a) for a in _dicts(data.get("awards")))):
        for amendment in _dicts(holder.get("amendments")):
            draft.amendments.append(
                {
                    "contract_ref": None,
                    "amendment_id": _text(amendment.get("id"), 255),
                    "date": parse_datetime(amendment.get("date")),
                    "description": _text(amendment.get("description")),
                    "rationale": _text(amendment.get("rationale")),
                    "source": origin,
                }
            )

    number_of_tenderers = tender.get("numberOfTenderers")
    if not isinstance(number_of_tenderers, int) or isinstance(number_of_tenderers, bool):
        try:
            number_of_tenderers = (
                int(number_of_tenderers) if number_of_tenderers is not None else None
            )
        except (TypeError, ValueError):
            number_of_tenderers = None
    if number_of_tenderers is not None and number_of_tenderers < 0:
        number_of_tenderers = None

    draft.process = {
        "title": _text(tender.get("title") or data.get("title")),
        "description": _text(tender.get("description") or data.get("description")),
        "status": _text(tender.get("status"), 40),
        "procurement_method": method,
        "procurement_method_details": details,
        "method_category": method_category(method, details, notice_types),
        "is_call_off": is_call_off(details, _obj(tender.get("techniques"))),
        "main_cpv": cpv,
        "cpv_division": cpv[:2],
        "tender_value": tender_amount,
        "tender_currency": tender_currency,
        "tender_start": tender_start,
        "tender_start_source": source,
        "tender_end": parse_datetime(_obj(tender.get("tenderPeriod")).get("endDate")),
        "number_of_tenderers": number_of_tenderers,
        "notice_types": notice_types,
        "has_prior_engagement": prior,
        "first_release_date": min(dates) if dates else parse_datetime(data.get("date")),
        "last_release_date": max(dates) if dates else parse_datetime(data.get("date")),
        "release_count": len(releases),
        "awarded_value": awarded_value,
        "first_award_date": first_award_date,
        "reference_date": first_award_date
        or tender_start
        or (min(dates) if dates else parse_datetime(data.get("date"))),
    }
    return draft


def parse_release_group(
    ocid: str,
    data: Mapping[str, Any],
    releases: list[Mapping[str, Any]],
    parties: _PartyBook,
) -> _Draft:
    """``parse_compiled`` for a compiled release and its releases (parsed, in stored order), as a
    worker has them after merging: what the database path reads back, taken from the releases."""
    dated = by_date(((parse_date(r.get("date")), r) for r in releases), lambda pair: pair[0])
    facts = [(date, list(release.get("tag") or [])) for date, release in dated]
    firsts = (
        _first_values(release for _, release in dated)
        if needs_history(data, len(releases))
        else None
    )
    return parse_compiled(ocid, data, facts, parties, firsts)
