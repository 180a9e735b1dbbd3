"""Writing drafts (parse.py's output) as normalised rows: parties and automatic buyer mappings,
processes upserted on their ocid, awards and contracts on their natural keys (so notes and
reviews that point at them survive), lots, supplier links and amendments deleted and
recreated. A fixed number of queries a chunk, never a query a row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import islice
from typing import Any

from smarterstate.commercial.models import (
    Amendment,
    Award,
    AwardSupplier,
    BuyerMapping,
    Contract,
    Lot,
    MappingMethod,
    Party,
    Process,
)
from smarterstate.commercial.services.mapping import OrganisationIndex

from . import bulk
from .drafts import Draft, PartyBook

PROCESS_FIELDS = [
    "buyer",
    "organisation",
    "title",
    "description",
    "status",
    "procurement_method",
    "procurement_method_details",
    "method_category",
    "is_call_off",
    "main_cpv",
    "cpv_division",
    "tender_value",
    "tender_currency",
    "tender_start",
    "tender_start_source",
    "tender_end",
    "number_of_tenderers",
    "notice_types",
    "has_prior_engagement",
    "first_release_date",
    "last_release_date",
    "release_count",
    "awarded_value",
    "first_award_date",
    "reference_date",
]


AWARD_FIELDS = ["title", "status", "date", "value", "currency"]


CONTRACT_FIELDS = [
    "award",
    "title",
    "status",
    "date_signed",
    "period_start",
    "period_end",
    "max_extent_date",
    "original_period_end",
    "value",
    "original_value",
    "currency",
    "amendment_count",
    "kpi_count",
    "from_award",
]


def batched(items: list[str], size: int) -> Iterable[list[str]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def save_drafts(drafts: list[Draft], book: PartyBook, organisations: OrganisationIndex) -> set[int]:
    """Write parsed drafts: parties, buyer mappings, processes and their children.

    Run inside the caller's transaction. Processes that are new (the usual case on a first
    import) are inserted with their children directly; existing ones are upserted on their
    natural keys and their stale children removed. Returns the ids of stored parties whose
    SME or VCSE flag changed: indicators of every scope they supply change with them.
    """
    if not drafts:
        return set()
    party_ids, flags_changed = _save_parties(book)
    buyer_ids = {party_ids[d.buyer_key] for d in drafts if d.buyer_key}
    mapping = _ensure_mappings(buyer_ids, book, party_ids, organisations)
    fresh = not Process.objects.filter(ocid__in=[d.ocid for d in drafts]).exists()
    process_ids = _save_processes(drafts, party_ids, mapping, fresh=fresh)
    _save_children(drafts, process_ids, party_ids, fresh=fresh)
    return flags_changed


PARTY_FIELDS = ["name", "scheme", "identifier", "is_sme", "is_vcse", "is_buyer", "is_supplier"]


def _merged_party(stored: dict[str, Any], seen: dict[str, Any]) -> dict[str, Any]:
    """A stored party updated with what a chunk saw: roles are only ever added; a name,
    scheme, identifier or SME/VCSE flag replaces the stored one when the chunk has one."""
    merged = dict(stored)
    for field in ("is_buyer", "is_supplier"):
        merged[field] = stored[field] or seen[field]
    for field in ("is_sme", "is_vcse", "scheme", "identifier", "name"):
        if seen[field] not in (None, ""):
            merged[field] = seen[field]
    return merged


def _save_parties(book: PartyBook) -> tuple[dict[str, int], set[int]]:
    """Insert new parties and update changed ones in one statement; party key → id, and the
    stored parties whose SME/VCSE flags changed."""
    ids: dict[str, int] = {}
    flags_changed: set[int] = set()
    writes = []
    stored = {
        key: (pk, dict(zip(PARTY_FIELDS, values, strict=True)))
        for pk, key, *values in Party.objects.filter(key__in=list(book.rows)).values_list(
            "id", "key", *PARTY_FIELDS
        )
    }
    for key, seen in book.rows.items():
        if key not in stored:
            writes.append((key, *(seen[field] for field in PARTY_FIELDS)))
            continue
        pk, values = stored[key]
        ids[key] = pk
        merged = _merged_party(values, seen)
        if (merged["is_sme"], merged["is_vcse"]) != (values["is_sme"], values["is_vcse"]):
            flags_changed.add(pk)
        if merged != values:
            writes.append((key, *(merged[field] for field in PARTY_FIELDS)))
    if writes:
        bulk.upsert(Party, ["key", *PARTY_FIELDS], writes, unique=["key"], update=PARTY_FIELDS)
        created = [row[0] for row in writes if row[0] not in ids]
        if created:
            ids.update(Party.objects.filter(key__in=created).values_list("key", "id"))
    return ids, flags_changed


def _ensure_mappings(
    buyer_ids: set[int],
    book: PartyBook,
    party_ids: dict[str, int],
    organisations: OrganisationIndex,
) -> dict[int, int]:
    """party id → organisation id for these buyers; auto-maps the unmapped ones it can.

    Existing mappings (automatic or manual) are never changed here.
    """
    mapping = dict(
        BuyerMapping.objects.filter(party_id__in=buyer_ids).values_list(
            "party_id", "organisation_id"
        )
    )
    names = dict(Party.objects.filter(id__in=buyer_ids - set(mapping)).values_list("id", "name"))
    slugs = {party_ids[key]: slug for key, slug in book.slugs.items() if key in party_ids}
    new = []
    for party_id, name in names.items():
        match = organisations.match(slug=slugs.get(party_id), name=name)
        if match:
            organisation_id, method = match
            mapping[party_id] = organisation_id
            new.append(
                BuyerMapping(party_id=party_id, organisation_id=organisation_id, method=method)
            )
    if new:
        BuyerMapping.objects.bulk_create(new, ignore_conflicts=True)
        organisations.remember(
            (names[m.party_id], m.organisation_id)
            for m in new
            if m.method == MappingMethod.IDENTIFIER
        )
        # The buyer's processes from earlier imports (other chunks) join the organisation too.
        by_organisation: dict[int, list[int]] = defaultdict(list)
        for m in new:
            by_organisation[m.organisation_id].append(m.party_id)
        for organisation_id, parties in by_organisation.items():
            Process.objects.filter(buyer_id__in=parties, organisation__isnull=True).update(
                organisation_id=organisation_id
            )
    return mapping


def _save_processes(
    drafts: list[Draft], party_ids: dict[str, int], mapping: dict[int, int], *, fresh: bool
) -> dict[str, int]:
    fields = ["ocid", "buyer_id", "organisation_id", *PROCESS_FIELDS[2:]]
    rows = []
    for draft in drafts:
        buyer_id = party_ids.get(draft.buyer_key) if draft.buyer_key else None
        organisation_id = mapping.get(buyer_id) if buyer_id else None
        rows.append(
            (draft.ocid, buyer_id, organisation_id, *(draft.process[f] for f in PROCESS_FIELDS[2:]))
        )
    if fresh:
        bulk.insert(Process, fields, rows)
    else:
        bulk.upsert(Process, fields, rows, unique=["ocid"], update=fields[1:])
    return dict(Process.objects.filter(ocid__in=[d.ocid for d in drafts]).values_list("ocid", "id"))


def _upsert_children(
    model,
    key_field: str,
    fields: list[str],
    rows: list[tuple],
    process_ids: list[int],
    *,
    fresh: bool,
) -> dict[tuple[int, str], int]:
    """Upsert (process, key) rows, delete the processes' rows not in the new set; key → id.

    ``rows`` are tuples of (process_id, key, *fields). ``fresh``: the processes are new, so
    there is nothing to update or delete.
    """
    if fresh:
        bulk.insert(model, ["process_id", key_field, *fields], rows)
        return {
            (process_id, key): pk
            for pk, process_id, key in model.objects.filter(process_id__in=process_ids).values_list(
                "id", "process_id", key_field
            )
        }
    bulk.upsert(
        model,
        ["process_id", key_field, *fields],
        rows,
        unique=["process_id", key_field],
        update=fields,
    )
    wanted = {(row[0], row[1]) for row in rows}
    ids: dict[tuple[int, str], int] = {}
    stale = []
    for pk, process_id, key in model.objects.filter(process_id__in=process_ids).values_list(
        "id", "process_id", key_field
    ):
        if (process_id, key) in wanted:
            ids[(process_id, key)] = pk
        else:
            stale.append(pk)
    for batch in batched(stale, 500):
        model.objects.filter(id__in=batch).delete()
    return ids


LOT_FIELDS = ["lot_id", "title", "status", "value", "currency"]


AMENDMENT_FIELDS = ["amendment_id", "date", "description", "rationale", "source"]


def _save_children(
    drafts: list[Draft], process_ids: dict[str, int], party_ids: dict[str, int], *, fresh: bool
) -> None:
    pids = list(process_ids.values())
    if not fresh:
        # Rows rebuilt from scratch: nothing else points at them.
        Lot.objects.filter(process_id__in=pids).delete()
        Amendment.objects.filter(process_id__in=pids).delete()
        AwardSupplier.objects.filter(award__process_id__in=pids).delete()

    lots, awards = [], []
    for draft in drafts:
        pid = process_ids[draft.ocid]
        lots += [(pid, *(row[f] for f in LOT_FIELDS)) for row in draft.lots]
        awards += [(pid, row["award_id"], *(row[f] for f in AWARD_FIELDS)) for row in draft.awards]
    bulk.insert(Lot, ["process_id", *LOT_FIELDS], lots)
    award_ids = _upsert_children(Award, "award_id", AWARD_FIELDS, awards, pids, fresh=fresh)

    links, contracts = [], []
    contract_fields = ["award_id", *(f for f in CONTRACT_FIELDS if f != "award")]
    for draft in drafts:
        pid = process_ids[draft.ocid]
        for row in draft.awards:
            award_pk = award_ids[(pid, row["award_id"])]
            links += [(award_pk, party_ids[key]) for key in row["supplier_keys"]]
        for row in draft.contracts:
            award_pk = award_ids.get((pid, row["award_ref"])) if row["award_ref"] else None
            contracts.append(
                (pid, row["contract_id"], award_pk, *(row[f] for f in contract_fields[1:]))
            )
    bulk.insert(AwardSupplier, ["award_id", "party_id"], links)
    contract_ids = _upsert_children(
        Contract, "contract_id", contract_fields, contracts, pids, fresh=fresh
    )

    amendments = []
    for draft in drafts:
        pid = process_ids[draft.ocid]
        for row in draft.amendments:
            ref = row["contract_ref"]
            contract_pk = contract_ids.get((pid, ref)) if ref else None
            amendments.append((pid, contract_pk, *(row[f] for f in AMENDMENT_FIELDS)))
    bulk.insert(Amendment, ["process_id", "contract_id", *AMENDMENT_FIELDS], amendments)
