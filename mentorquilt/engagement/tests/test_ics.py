"""The calendar invitation is valid RFC 5545 text (R26)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from mentorquilt.engagement.ics import CalendarEvent, Person, calendar_text, escape_text, fold


def event(**changes):
    base = {
        "uid": "meeting-1@mentorquilt",
        "stamp": datetime(2026, 11, 22, 6, 0, tzinfo=UTC),
        "start": datetime(2026, 12, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
        "minutes": 45,
        "summary": "Mentoring: Ana and Ben (video call)",
        "description": "Details: https://example.org/meetings/1/",
        "location": "https://video.example.org/room; code 1,2",
        "organizer": Person("Ben", "ben@example.org"),
        "attendees": (Person("Ana", "ana@example.org"), Person("Ben", "ben@example.org")),
    }
    return CalendarEvent(**{**base, **changes})


def test_times_are_written_in_utc_with_the_end_from_the_length():
    text = calendar_text(event())
    assert "DTSTART:20261201T143000Z\r\n" in text
    assert "DTEND:20261201T151500Z\r\n" in text
    assert "DTSTAMP:20261122T060000Z\r\n" in text


def test_an_invitation_has_the_required_properties_and_crlf_line_ends():
    text = calendar_text(event())
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    for prop in (
        "VERSION:2.0",
        "PRODID:",
        "METHOD:REQUEST",
        "UID:meeting-1@mentorquilt",
        "SEQUENCE:0",
        "ORGANIZER;CN=Ben:mailto:ben@example.org",
    ):
        assert prop in text
    assert text.count("ATTENDEE;") == 2
    assert "\n" not in text.replace("\r\n", "")


def test_text_values_escape_commas_semicolons_backslashes_and_newlines():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert "LOCATION:https://video.example.org/room\\; code 1\\,2" in calendar_text(event())


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert "".join(piece[1:] if i else piece for i, piece in enumerate(pieces)) == line


def test_a_cancellation_keeps_the_uid_and_raises_the_sequence():
    text = calendar_text(event(cancelled=True, sequence=1))
    assert "METHOD:CANCEL" in text and "STATUS:CANCELLED" in text
    assert "UID:meeting-1@mentorquilt" in text and "SEQUENCE:1" in text


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        calendar_text(event(start=datetime(2026, 12, 1, 9, 30)))
