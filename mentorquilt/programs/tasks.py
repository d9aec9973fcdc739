"""Background work of the programs app: calendar invitations for sessions (R29).

Arguments are ids only; each task is safe to run twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mentorquilt.engagement.ics import CalendarEvent, Person, calendar_text
from mentorquilt.programs.models import CohortMember, MemberStatus, Session, SessionStatus
from mentorquilt.programs.selectors import expected_members


def session_calendar_event(session: Session, attendees: list[CohortMember]) -> CalendarEvent:
    link = settings.SITE_URL + reverse("my_programs")
    program = session.cohort.program
    description = f"{program.name}: {session.cohort.name}. Your schedule: {link}"
    if session.speaker_name:
        description = f"Speaker: {session.speaker_name}. " + description
    location = session.video_url or session.place
    return CalendarEvent(
        uid=f"session-{session.public_id}@mentorquilt",
        stamp=session.updated_at,
        start=session.starts_at,
        minutes=session.minutes,
        summary=f"{session.title} ({program.name})",
        description=description,
        location=location,
        organizer=Person(
            program.institution.name, settings.DEFAULT_FROM_EMAIL.split("<")[-1].strip(">")
        ),
        attendees=tuple(Person(m.user.get_short_name(), m.user.email) for m in attendees),
        sequence=session.sequence,
        cancelled=session.status == SessionStatus.CANCELLED,
    )


def _send(session: Session, members: list[CohortMember]) -> int:
    sent = 0
    for member in members:
        person = member.user
        if not person.is_active:
            continue
        event = session_calendar_event(session, [member])
        method = "CANCEL" if event.cancelled else "REQUEST"
        context = {
            "session": session,
            "person": person,
            "event": event,
            "link": settings.SITE_URL + reverse("my_programs"),
        }
        message = EmailMessage(
            subject=(f"[MentorQuilt] {'Cancelled: ' if event.cancelled else ''}{session.title}"),
            body=render_to_string("programs/email/session_invitation.txt", context),
            to=[person.email],
        )
        message.attach("session.ics", calendar_text(event), f"text/calendar; method={method}")
        message.send()
        sent += 1
    return sent


def _session(session_id: str) -> Session | None:
    return (
        Session.objects.select_related("cohort__program__institution", "group")
        .filter(public_id=session_id)
        .first()
    )


@task()
def session_invite_send(session_id: str, sequence: int) -> str:
    """Email every expected member the invitation (or cancellation) of one session version.

    A version is sent once: a second run finds it claimed. Past sessions get no invitation.
    """
    session = _session(session_id)
    if session is None or session.sequence != sequence:
        return "skipped: gone or changed"
    if session.starts_at <= timezone.now():
        return "skipped: already started"
    claimed = (
        Session.objects.filter(pk=session.pk, sequence=sequence)
        .exclude(invited_sequence=sequence)
        .update(invited_sequence=sequence)
    )
    if not claimed:
        return "skipped: already sent"
    return f"sent {_send(session, expected_members(session=session))}"


@task()
def member_invites_send(member_id: str) -> str:
    """A newly accepted member gets the invitations of the cohort's sessions still ahead."""
    member = (
        CohortMember.objects.select_related("user", "cohort")
        .filter(public_id=member_id, status=MemberStatus.ACCEPTED)
        .first()
    )
    if member is None:
        return "skipped: not accepted"
    sent = 0
    upcoming = member.cohort.sessions.filter(
        starts_at__gt=timezone.now(), status=SessionStatus.SCHEDULED
    ).values_list("public_id", flat=True)
    for public_id in upcoming:
        session = _session(str(public_id))
        if session is not None and member in expected_members(session=session):
            sent += _send(session, [member])
    return f"sent {sent}"
