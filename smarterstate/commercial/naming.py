"""What to call a contract or award on a page: its own title, else the title of the award or
tender it came from, never a raw id when the data has a name ("award:ocds-b5fd17-…-1" was
shown where the tender title was published)."""

from __future__ import annotations


def _title(obj) -> str:
    return (getattr(obj, "title", "") or "").strip()


def contract_name(contract) -> str:
    """The contract's title, else its award's, else its process's (the tender title), else its id.

    Reads ``contract.award`` and ``contract.process``: select_related them in lists.
    """
    if title := _title(contract):
        return title
    if contract.award_id and (title := _title(contract.award)):
        return title
    if contract.process_id and (title := _title(contract.process)):
        return title
    return contract.contract_id


def award_name(award) -> str:
    """The award's title, else its process's (the tender title), else its id."""
    if title := _title(award):
        return title
    if award.process_id and (title := _title(award.process)):
        return title
    return award.award_id
