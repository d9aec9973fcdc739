"""Background work of the engagement app. Arguments are ids only; each task is safe to rerun."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from mentorquilt.engagement.ics import CalendarEvent, Person, calendar_text
from mentorquilt.engagement.models import Meeting, MeetingStatus
from mentorquilt.engagement.selectors import own_timezone


def meeting_calendar_event(meeting: Meeting) -> CalendarEvent:
    """The meeting as a calendar event. The summary names first names only."""
    mentorship = meeting.mentorship
    mentee, mentor = mentorship.mentee, mentorship.mentor
    organizer = meeting.scheduled_by or mentor
    link = settings.SITE_URL + reverse("meeting_detail", kwargs={"meeting_id": meeting.public_id})
    return CalendarEvent(
        uid=f"meeting-{meeting.public_id}@mentorquilt",
        stamp=meeting.updated_at,
        start=meeting.starts_at,
        minutes=meeting.minutes,
        summary=(
            f"Mentoring: {mentee.get_short_name()} and {mentor.get_short_name()} "
            f"({meeting.get_format_display().lower()})"
        ),
        description=f"A MentorQuilt meeting. Details and notes: {link}",
        location=meeting.place,
        organizer=Person(organizer.get_short_name(), organizer.email),
        attendees=(
            Person(mentee.get_short_name(), mentee.email),
            Person(mentor.get_short_name(), mentor.email),
        ),
        sequence=meeting.sequence,
        cancelled=meeting.status == MeetingStatus.CANCELLED,
    )


@task()
def meeting_invite_send(meeting_id: str, sequence: int) -> str:
    """Email both people the calendar invitation (or cancellation) for one meeting version.

    A version (meeting, sequence) is sent once: a second run finds it claimed.
    """
    meeting = (
        Meeting.objects.select_related("mentorship__mentee", "mentorship__mentor", "scheduled_by")
        .filter(public_id=meeting_id)
        .first()
    )
    if meeting is None or meeting.sequence != sequence:
        return "skipped: gone or changed"
    claimed = (
        Meeting.objects.filter(pk=meeting.pk, sequence=sequence)
        .exclude(invited_sequence=sequence)
        .update(invited_sequence=sequence)
    )
    if not claimed:
        return "skipped: already sent"
    event = meeting_calendar_event(meeting)
    ics = calendar_text(event)
    method = "CANCEL" if event.cancelled else "REQUEST"
    sent = 0
    for person, other in (
        (meeting.mentorship.mentee, meeting.mentorship.mentor),
        (meeting.mentorship.mentor, meeting.mentorship.mentee),
    ):
        if not person.is_active:
            continue
        context = {
            "meeting": meeting,
            "person": person,
            "other": other,
            "event": event,
            "link": event.description.rsplit(" ", 1)[-1],
        }
        context["tz_name"], context["tz_label"] = own_timezone(user=person)
        template = "cancelled" if event.cancelled else "invitation"
        message = EmailMessage(
            subject=(
                f"[MentorQuilt] {'Cancelled: ' if event.cancelled else ''}"
                f"Meeting with {other.get_short_name()}"
            ),
            body=render_to_string(f"engagement/email/meeting_{template}.txt", context),
            to=[person.email],
        )
        message.attach("meeting.ics", ics, f"text/calendar; method={method}; charset=UTF-8")
        message.send()
        sent += 1
    return f"sent {sent}"
