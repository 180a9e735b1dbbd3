"""Parse one compiled release into a draft of plain rows: no database access.

The field rules (method category, call-offs, tender start, original values, KPIs) are explained
in the package docstring and next to each helper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import orjson

from smarterstate.commercial.ocds.release import parse_date

from ..indicators.rules import INVALID_AWARD_STATUSES
from .drafts import Draft, PartyBook
from .values import (
    as_mapping,
    clean_text,
    cpv_of,
    dict_items,
    documents_of,
    is_call_off,
    method_category,
    notice_type,
    parse_amount,
    parse_datetime,
)

PLANNING_TAGS = {"planning", "planningUpdate"}


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


def first_values(releases: Iterable[bytes | str | Mapping[str, Any]]) -> tuple[dict, dict, dict]:
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
        for award in dict_items(release.get("awards")):
            award_id = clean_text(award.get("id"))
            amount, currency = parse_amount(award.get("value"))
            if amount is not None and award_id not in award_value:
                award_value[award_id] = (amount, currency)
            end = parse_datetime(as_mapping(award.get("contractPeriod")).get("endDate"))
            if end is not None and award_id not in award_end:
                award_end[award_id] = end
        for contract in dict_items(release.get("contracts")):
            contract_id = clean_text(contract.get("id"))
            amount, currency = parse_amount(contract.get("value"))
            if amount is not None and contract_id not in contract_value:
                contract_value[contract_id] = (amount, currency)
            end = parse_datetime(as_mapping(contract.get("period")).get("endDate"))
            if end is not None and contract_id not in contract_end:
                contract_end[contract_id] = end
    return award_value, contract_value, {"contract": contract_end, "award": award_end}


def parse_compiled(
    ocid: str,
    data: Mapping[str, Any],
    releases: list[tuple[datetime | None, list[str]]],
    parties: PartyBook,
    firsts: tuple[dict, dict, dict] | None = None,
) -> Draft:
    """Turn one compiled release (plus its releases' dates and tags) into a draft.

    ``firsts`` are the first published award and contract values and end dates
    (``first_values``), when the releases can differ from the compiled release.
    """
    draft = Draft(ocid)
    tender = as_mapping(data.get("tender"))
    party_by_id = {clean_text(p.get("id")): p for p in dict_items(data.get("parties"))}
    draft.buyer_key = _buyer_key(data, tender, party_by_id, parties)
    documents = list(documents_of(data))
    tender_start, source = _tender_start(tender, releases)
    draft.lots = _lots(tender)
    draft.awards = _awards(data, party_by_id, parties)
    firsts = firsts or ({}, {}, {"contract": {}, "award": {}})
    contracts, amendments, linked_awards = _contracts(data, draft.awards, firsts)
    valid_awards = [a for a in draft.awards if a["status"].casefold() not in INVALID_AWARD_STATUSES]
    draft.contracts = contracts + _contracts_from_awards(valid_awards, linked_awards, firsts)
    draft.amendments = amendments + _tender_and_award_amendments(data, tender)
    draft.process = _process(data, tender, releases, documents, valid_awards, tender_start, source)
    return draft


def _buyer_key(
    data: Mapping[str, Any],
    tender: Mapping[str, Any],
    party_by_id: dict[str, Mapping[str, Any]],
    parties: PartyBook,
) -> str | None:
    """The buyer: ``buyer``, else the tender's procuring entity, else the party with the buyer
    role; its full party entry when there is one, with the reference's name if it has none."""
    buyer_ref = as_mapping(data.get("buyer")) or as_mapping(tender.get("procuringEntity"))
    if not buyer_ref:
        buyer_ref = next((p for p in party_by_id.values() if "buyer" in (p.get("roles") or [])), {})
    if not buyer_ref:
        return None
    full = party_by_id.get(clean_text(buyer_ref.get("id"))) or buyer_ref
    if not full.get("name") and buyer_ref.get("name"):
        full = {**full, "name": buyer_ref["name"]}
    return parties.add(full, buyer=True)


def _tender_start(
    tender: Mapping[str, Any], releases: list[tuple[datetime | None, list[str]]]
) -> tuple[datetime | None, str]:
    """tender.tenderPeriod.startDate, else tender.datePublished, else the date of the first
    release tagged tender*, with where it came from."""
    first_tender_release = next(
        (d for d, tags in releases if d and any(str(t).startswith("tender") for t in tags)), None
    )
    for candidate, label in (
        (
            parse_datetime(as_mapping(tender.get("tenderPeriod")).get("startDate")),
            "tenderPeriod.startDate",
        ),
        (parse_datetime(tender.get("datePublished")), "tender.datePublished"),
        (first_tender_release, "release tagged tender"),
    ):
        if candidate is not None:
            return candidate, label
    return None, ""


def _prior_engagement(
    documents: list[Mapping[str, Any]],
    releases: list[tuple[datetime | None, list[str]]],
    tender_start: datetime | None,
) -> bool | None:
    """A6: a planning release, or a UK2 preliminary market engagement notice (or the pre-Act
    Contracts Finder equivalent, documentType marketEngagementNotice), dated before the tender
    started. None when the tender's start is not known."""
    if tender_start is None:
        return None
    engagement_dates = [d for d, tags in releases if d and PLANNING_TAGS & set(tags or [])]
    for document in documents:
        if (
            notice_type(document) == "UK2"
            or document.get("documentType") == "marketEngagementNotice"
        ):
            published = parse_datetime(document.get("datePublished"))
            if published:
                engagement_dates.append(published)
    return any(d < tender_start for d in engagement_dates)


def _lots(tender: Mapping[str, Any]) -> list[dict[str, Any]]:
    lots = []
    seen: set[str] = set()
    for index, lot in enumerate(dict_items(tender.get("lots"))):
        lot_id = clean_text(lot.get("id"), 255) or f"#{index}"
        if lot_id in seen:
            continue
        seen.add(lot_id)
        amount, currency = parse_amount(lot.get("value"))
        lots.append(
            {
                "lot_id": lot_id,
                "title": clean_text(lot.get("title")),
                "status": clean_text(lot.get("status"), 40),
                "value": amount,
                "currency": currency,
            }
        )
    return lots


def _awards(
    data: Mapping[str, Any], party_by_id: dict[str, Mapping[str, Any]], parties: PartyBook
) -> list[dict[str, Any]]:
    """Awards (the first of each id), with their suppliers' keys and contract period."""
    awards = []
    seen: set[str] = set()
    for index, award in enumerate(dict_items(data.get("awards"))):
        award_id = clean_text(award.get("id"), 255) or f"#{index}"
        if award_id in seen:
            continue
        seen.add(award_id)
        amount, currency = parse_amount(award.get("value"))
        supplier_keys = []
        for ref in dict_items(award.get("suppliers")):
            full = party_by_id.get(clean_text(ref.get("id"))) or ref
            if not full.get("name") and ref.get("name"):
                full = {**full, "name": ref["name"]}
            key = parties.add(full, supplier=True)
            if key not in supplier_keys:
                supplier_keys.append(key)
        period = as_mapping(award.get("contractPeriod"))
        awards.append(
            {
                "award_id": award_id,
                "title": clean_text(award.get("title") or award.get("description")),
                "status": clean_text(award.get("status"), 40),
                "date": parse_datetime(award.get("date")),
                "value": amount,
                "currency": currency,
                "supplier_keys": supplier_keys,
                "_period_start": parse_datetime(period.get("startDate")),
                "_period_end": parse_datetime(period.get("endDate")),
                "_period_max": parse_datetime(period.get("maxExtentDate")),
            }
        )
    return awards


def _kpi_count(contract: Mapping[str, Any]) -> int | None:
    """contracts[].agreedMetrics (the OCDS metrics extension); 0 with a rationale for none."""
    metrics = contract.get("agreedMetrics")
    if isinstance(metrics, list):
        return len(metrics)
    if contract.get("noAgreedMetricsRationale"):
        return 0
    return None


def _contracts(
    data: Mapping[str, Any], awards: list[dict[str, Any]], firsts: tuple[dict, dict, dict]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], set[str]]:
    """Contracts as published (the first of each id), their amendments, and the award ids
    they name."""
    award_firsts, contract_firsts, end_firsts = firsts
    awards_by_id = {award["award_id"]: award for award in awards}
    contracts: list[dict[str, Any]] = []
    amendments: list[dict[str, Any]] = []
    linked_awards: set[str] = set()
    seen: set[str] = set()
    for index, contract in enumerate(dict_items(data.get("contracts"))):
        contract_id = clean_text(contract.get("id"), 255) or f"#{index}"
        if contract_id in seen:
            continue
        seen.add(contract_id)
        award_ref = clean_text(contract.get("awardID"))
        linked_awards.add(award_ref)
        amount, currency = parse_amount(contract.get("value"))
        period = as_mapping(contract.get("period"))
        published = dict_items(contract.get("amendments"))
        uk10_notices = sum(
            1
            for document in dict_items(contract.get("documents"))
            + dict_items(as_mapping(contract.get("implementation")).get("documents"))
            if notice_type(document) == "UK10"
        )
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
        contracts.append(
            {
                "contract_id": contract_id,
                "award_ref": award_ref if award else None,
                "title": clean_text(contract.get("title") or contract.get("description")),
                "status": clean_text(contract.get("status"), 40),
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
                "amendment_count": max(len(published), uk10_notices),
                "kpi_count": _kpi_count(contract),
                "from_award": False,
            }
        )
        amendments += _contract_amendments(contract_id, contract, published)
    return contracts, amendments, linked_awards


def _contract_amendments(
    contract_id: str, contract: Mapping[str, Any], published: list[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The contract's amendments, else its UK10 change notices."""
    if published:
        return [
            {
                "contract_ref": contract_id,
                "amendment_id": clean_text(amendment.get("id"), 255),
                "date": parse_datetime(amendment.get("date")),
                "description": clean_text(amendment.get("description")),
                "rationale": clean_text(amendment.get("rationale")),
                "source": "contract",
            }
            for amendment in published
        ]
    return [
        {
            "contract_ref": contract_id,
            "amendment_id": clean_text(document.get("id"), 255),
            "date": parse_datetime(document.get("datePublished")),
            "description": clean_text(document.get("description") or document.get("title")),
            "rationale": "",
            "source": "UK10 notice",
        }
        for document in dict_items(contract.get("documents"))
        if notice_type(document) == "UK10"
    ]


def _contracts_from_awards(
    valid_awards: list[dict[str, Any]], linked_awards: set[str], firsts: tuple[dict, dict, dict]
) -> list[dict[str, Any]]:
    """Valid awards no contract names, with a contract period end or a value, as contract rows
    (Contracts Finder puts the contract period and value on the award)."""
    award_firsts, _, end_firsts = firsts
    rows = []
    for award in valid_awards:
        if award["award_id"] in linked_awards:
            continue
        if award["_period_end"] is None and award["value"] is None:
            continue
        award_id = award["award_id"]
        rows.append(
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
    return rows


def _tender_and_award_amendments(
    data: Mapping[str, Any], tender: Mapping[str, Any]
) -> list[dict[str, Any]]:
    return [
        {
            "contract_ref": None,
            "amendment_id": clean_text(amendment.get("id"), 255),
            "date": parse_datetime(amendment.get("date")),
            "description": clean_text(amendment.get("description")),
            "rationale": clean_text(amendment.get("rationale")),
            "source": origin,
        }
        for origin, holder in (
            ("tender", tender),
            *(("award", a) for a in dict_items(data.get("awards"))),
        )
        for amendment in dict_items(holder.get("amendments"))
    ]


def _number_of_tenderers(tender: Mapping[str, Any]) -> int | None:
    """A whole number of tenderers, or None (absent, not a number, negative)."""
    number = tender.get("numberOfTenderers")
    if not isinstance(number, int) or isinstance(number, bool):
        try:
            number = int(number) if number is not None else None
        except (TypeError, ValueError):
            number = None
    if number is not None and number < 0:
        return None
    return number


def _process(
    data: Mapping[str, Any],
    tender: Mapping[str, Any],
    releases: list[tuple[datetime | None, list[str]]],
    documents: list[Mapping[str, Any]],
    valid_awards: list[dict[str, Any]],
    tender_start: datetime | None,
    tender_start_source: str,
) -> dict[str, Any]:
    notice_types = sorted({t for t in (notice_type(d) for d in documents) if t})
    details = clean_text(tender.get("procurementMethodDetails"))
    method = clean_text(tender.get("procurementMethod"), 40)
    cpv = cpv_of(tender)
    tender_amount, tender_currency = parse_amount(tender.get("value"))
    award_dates = [a["date"] for a in valid_awards if a["date"]]
    first_award_date = min(award_dates) if award_dates else None
    # awarded_value: valid awards in the currency of the first valued award (mixed currencies
    # within one process are rare and cannot be summed).
    valued = [a for a in valid_awards if a["value"] is not None]
    awarded_value = None
    if valued:
        currency = valued[0]["currency"]
        awarded_value = sum((a["value"] for a in valued if a["currency"] == currency), Decimal(0))
    # Release dates (the compiled release keeps only the latest tag).
    dates = [d for d, _ in releases if d is not None]
    first_release = min(dates) if dates else parse_datetime(data.get("date"))
    return {
        "title": clean_text(tender.get("title") or data.get("title")),
        "description": clean_text(tender.get("description") or data.get("description")),
        "status": clean_text(tender.get("status"), 40),
        "procurement_method": method,
        "procurement_method_details": details,
        "method_category": method_category(method, details, notice_types),
        "is_call_off": is_call_off(details, as_mapping(tender.get("techniques"))),
        "main_cpv": cpv,
        "cpv_division": cpv[:2],
        "tender_value": tender_amount,
        "tender_currency": tender_currency,
        "tender_start": tender_start,
        "tender_start_source": tender_start_source,
        "tender_end": parse_datetime(as_mapping(tender.get("tenderPeriod")).get("endDate")),
        "number_of_tenderers": _number_of_tenderers(tender),
        "notice_types": notice_types,
        "has_prior_engagement": _prior_engagement(documents, releases, tender_start),
        "first_release_date": first_release,
        "last_release_date": max(dates) if dates else parse_datetime(data.get("date")),
        "release_count": len(releases),
        "awarded_value": awarded_value,
        "first_award_date": first_award_date,
        "reference_date": first_award_date or tender_start or first_release,
    }


def parse_release_group(
    ocid: str,
    data: Mapping[str, Any],
    releases: list[Mapping[str, Any]],
    parties: PartyBook,
) -> Draft:
    """``parse_compiled`` for a compiled release and its releases (parsed, in stored order), as a
    worker has them after merging: what the database path reads back, taken from the releases."""
    dated = by_date(((parse_date(r.get("date")), r) for r in releases), lambda pair: pair[0])
    facts = [(date, list(release.get("tag") or [])) for date, release in dated]
    firsts = (
        first_values(release for _, release in dated)
        if needs_history(data, len(releases))
        else None
    )
    return parse_compiled(ocid, data, facts, parties, firsts)
