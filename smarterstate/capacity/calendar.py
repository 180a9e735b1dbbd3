"""An organisation's open radar items as RFC 5545 iCalendar text.

One all-day VEVENT per open item on its due date, with a VALARM when its decision window
opens (the item's lead time before the due date) and another a week before, so the decision
is on people's calendars while there is still time to make it. The format is core.icalendar's.
"""

from __future__ import annotations

import datetime as dt

from smarterstate.core.icalendar import escape, ics_date, ics_stamp, ics_start, ics_text

from .models import RadarItem

PRODID = "-//Smarter State//Decisions due//EN"
MAX_EVENTS = 5000


def calendar_text(organisation, items) -> str:
    # No links to the records: their URLs carry the organisation's slug, and the feed is
    # read by calendar programs, not people signed in.
    stamp = ics_stamp()
    lines = ics_start(PRODID, f"Decisions due: {organisation.name}")
    item: RadarItem
    for item in items[:MAX_EVENTS]:
        summary = f"{item.get_kind_display()}: {item.subject}"
        details = [
            f"Due {item.due_date:%-d %B %Y}; decision window opens {item.window_opens:%-d %B %Y}."
        ]
        details.append("Options: " + ", ".join(item.options) + ".")
        if item.owner:
            details.append(f"Owner: {item.owner}.")
        if item.money is not None:
            details.append(f"Money at stake: £{item.money:,.0f}.")
        if item.risk:
            details.append(f"Risk: {item.risk}.")
        if item.readiness:
            details.append(f"Readiness: {item.readiness}.")
        details.append(f"Source: {item.source} (as of {item.as_of:%-d %B %Y}).")
        lines += [
            "BEGIN:VEVENT",
            f"UID:capacity-{organisation.pk}-{item.key}@smarterstate".replace(":", "-", 2),
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{ics_date(item.due_date)}",
            f"DTEND;VALUE=DATE:{ics_date(item.due_date + dt.timedelta(days=1))}",
            f"SUMMARY:{escape(summary)}",
            f"DESCRIPTION:{escape(' '.join(details))}",
            f"CATEGORIES:{escape(item.get_kind_display())}",
            "TRANSP:TRANSPARENT",
        ]
        for days, label in ((item.lead_days, "Decision window opens"), (7, "Due in a week")):
            if days <= 0:
                continue
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escape(f'{label}: {summary}')}",
                f"TRIGGER:-P{days}D",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    return ics_text(lines)
