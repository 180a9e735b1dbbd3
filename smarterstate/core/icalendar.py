"""RFC 5545 iCalendar text, written by hand: the pillars' decision feeds share it.

CRLF line endings, content lines folded at 75 octets (never inside a UTF-8 character), text
values escaped. A feed is a list of content lines between ``ics_start`` and ``END:VCALENDAR``,
joined by ``ics_text``; each pillar writes its own events and alarms.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces (continuations start with a space)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    pieces, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        # Never split a UTF-8 character: back up to a character boundary.
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines carry a leading space
    return "\r\n ".join(pieces)


def ics_date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def ics_stamp() -> str:
    """Now, in UTC, as every VEVENT's DTSTAMP."""
    return timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_start(prodid: str, name: str) -> list[str]:
    """The calendar's opening lines: a published Gregorian calendar called ``name``."""
    return [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]


def ics_text(lines: list[str]) -> str:
    """The content lines, closed, folded and CRLF-terminated."""
    return "".join(fold(line) + "\r\n" for line in [*lines, "END:VCALENDAR"])
