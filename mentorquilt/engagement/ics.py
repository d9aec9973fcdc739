"""Calendar invitations as RFC 5545 text (iCalendar), written with the standard library.

One VEVENT per meeting: a stable UID, DTSTAMP/DTSTART/DTEND in UTC, SEQUENCE, a
SUMMARY that names only first names, ORGANIZER and ATTENDEEs. Lines end in CRLF and
are folded at 75 octets; text values are escaped (backslash, semicolon, comma,
newline).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PRODID = "-//MentorQuilt//Meetings//EN"


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    stamp: datetime
    start: datetime
    minutes: int
    summary: str
    description: str
    location: str
    organizer: Person
    attendees: tuple[Person, ...]
    sequence: int = 0
    cancelled: bool = False


def escape_text(value: str) -> str:
    """TEXT escaping of RFC 5545 section 3.3.11."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _param(value: str) -> str:
    # A parameter value may not hold a double quote; quote it when it holds : ; or ,
    value = value.replace('"', "'")
    return f'"{value}"' if any(c in value for c in ":;,") else value


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (never splitting a character)."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = " " + char
            limit = 75
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def utc_stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("Calendar times must be timezone-aware.")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _person(prop: str, person: Person, attendee: bool) -> str:
    extra = ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE" if attendee else ""
    return f"{prop};CN={_param(person.name)}{extra}:mailto:{person.email}"


def calendar_text(event: CalendarEvent) -> str:
    """The whole VCALENDAR as text with CRLF line ends."""
    end = event.start + timedelta(minutes=event.minutes)
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if event.cancelled else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc_stamp(event.stamp)}",
        f"DTSTART:{utc_stamp(event.start)}",
        f"DTEND:{utc_stamp(end)}",
        f"SEQUENCE:{event.sequence}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"DESCRIPTION:{escape_text(event.description)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    lines.append(_person("ORGANIZER", event.organizer, attendee=False))
    lines.extend(_person("ATTENDEE", person, attendee=True) for person in event.attendees)
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
