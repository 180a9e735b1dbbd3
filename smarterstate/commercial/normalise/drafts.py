"""What parsing a chunk of compiled releases gives before ids are known: one draft a process,
and the parties seen, merged by key. Pure: no database."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarterstate.commercial.parties import govuk_slug, party_identity, scale_flags

from .values import as_mapping, clean_text


class Draft:
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


class PartyBook:
    """Parties seen in a chunk, merged by key (flags OR-ed, SME/VCSE last known wins)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.slugs: dict[str, str] = {}

    def add(self, party: Mapping[str, Any], *, buyer: bool = False, supplier: bool = False) -> str:
        key, scheme, ident = party_identity(party)
        name = clean_text(
            party.get("name") or as_mapping(party.get("identifier")).get("legalName"), 500
        )
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
