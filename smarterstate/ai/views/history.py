"""History pages that show a record's own changes with those of the rows it holds."""

from __future__ import annotations

from dataclasses import replace

from smarterstate.core.history import history_entries


def combined_history(record, related: list[tuple[str, object]]) -> list:
    """The record's history and each related row's, labelled, newest first.

    ``related`` is [(label, row)]: an assessment's answers ("item 3"), a use case's
    third parties. Rows created in bulk with their parent show from their first change.
    """
    entries = list(history_entries(record))
    for label, row in related:
        entries.extend(
            replace(entry, action=f"{entry.action}: {label}") for entry in history_entries(row)
        )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
