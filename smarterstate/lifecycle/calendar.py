"""An organisation's lifecycle milestones as RFC 5545 iCalendar text.

One all-day VEVENT per milestone (end of active support, end of life, end of extended
support) of every release cycle the organisation's components use, with a VALARM 12, 6, 3
and 1 months before, so teams talk about lifespans early. The format is core.icalendar's.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from smarterstate.core.icalendar import escape, ics_date, ics_stamp, ics_start, ics_text

from . import selectors
from .models import Component

REMINDER_MONTHS = (12, 6, 3, 1)
PRODID = "-//Smarter State//Technology lifecycle//EN"


def calendar_text(organisation, day: dt.date | None = None) -> str:
    day = day or timezone.localdate()
    estate = selectors.estate_on(organisation, day)
    stamp = ics_stamp()
    lines = ics_start(PRODID, f"Technology lifecycle: {organisation.name}")
    users: dict[int, list[str]] = {}
    for cycle_id, name in (
        Component.objects.filter(organisation=organisation, cycle_id__in=list(estate.cycles))
        .values_list("cycle_id", "system__name")
        .distinct()
        .order_by("system__name")
    ):
        users.setdefault(cycle_id, []).append(name)
    for cycle_id, entry in sorted(estate.cycles.items()):
        lifecycle = estate.lifecycles[cycle_id]
        systems = users.get(cycle_id, [])
        for attribute, label in selectors.MILESTONES:
            when = getattr(lifecycle, attribute)
            if when is None:
                continue
            code = selectors.MILESTONE_CODES[attribute]
            overridden = code in lifecycle.overridden
            summary = f"{label}: {estate.label(cycle_id)}" + (
                " (our override)" if overridden else ""
            )
            description = (
                f"{label} of {estate.label(cycle_id)} on {when:%-d %B %Y}. "
                f"Used by {len(systems)} system(s): {', '.join(systems)}; "
                f"{entry['components']} component(s)."
            )
            lines += [
                "BEGIN:VEVENT",
                f"UID:lifecycle-{organisation.pk}-{cycle_id}-{code}@smarterstate",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{ics_date(when)}",
                f"DTEND;VALUE=DATE:{ics_date(when + dt.timedelta(days=1))}",
                f"SUMMARY:{escape(summary)}",
                f"DESCRIPTION:{escape(description)}",
                "TRANSP:TRANSPARENT",
            ]
            for months in REMINDER_MONTHS:
                lines += [
                    "BEGIN:VALARM",
                    "ACTION:DISPLAY",
                    f"DESCRIPTION:{escape(f'In {months} month(s): {summary}')}",
                    f"TRIGGER:-P{months * 30}D",
                    "END:VALARM",
                ]
            lines.append("END:VEVENT")
    return ics_text(lines)
