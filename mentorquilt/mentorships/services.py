"""Mentorship requests, mentorships and responsiveness (R6, R8, R13, R18, R25, B3).

Rules:
- A mentee and a mentor must both be ready (onboarding.ensure_ready) to send a
  request and again when it is accepted: nothing starts before training and
  agreements are done (R5, R12).
- A mentee asks a mentor they can find (profiles' visibility, R3) who is not
  suspended and has a free place, with a short message and the needs it is about.
  At most MENTORSHIP_MAX_PENDING_REQUESTS requests wait at once, one per mentor.
- The mentor accepts, declines (optional reason) or asks a question (the mentee
  replies) before `due_at` (MENTORSHIP_REQUEST_WINDOW_DAYS). A question does not
  stop the clock. The mentee may withdraw a waiting request.
- A reminder goes to the mentor MENTORSHIP_REMINDER_DAYS_BEFORE the deadline. An
  unanswered request lapses: the mentee is told and can ask someone else; the lapse
  counts against the mentor. MENTORSHIP_LAPSES_TO_SUSPEND lapses within
  MENTORSHIP_LAPSE_PERIOD_DAYS (since the last reinstatement) suspend the mentor from
  search; the mentor is told why and their institution's admins are notified. An
  admin (or staff) reinstates them (B3).
- Staff suspend an account after a concern (R27, `account_suspend`): it cannot sign
  in and, as a mentor, is not available. Only staff reinstate it. "Not available" is
  one rule for both causes (`selectors.unavailable_mentor_ids`): nobody finds, is
  suggested, paired with or can ask such a mentor.
- Accepting locks the mentor's profile row and takes a free place ("slot") within
  the mentor's capacity; the database refuses two open mentorships on one slot, so
  the cap (R6) holds when accepts race.
- A mentee may hold any number of mentors (R13). Either side pauses, resumes or
  concludes (with a reason); concluding before the program's minimum length (R25)
  needs a second reason. A paused mentorship keeps its place and says who paused it.
- Staff put a mentorship on hold while they look into a concern (R27,
  `mentorship_hold`): neither side can resume it, both are told to write to the
  program team; only staff lift the hold (`mentorship_hold_lift`). Either side may
  still end it.
- When a mentee's role ends (graduation), they are invited to become a mentor and
  keep their history (R18).
- Each mentorship has a private message thread: only its two people write (while it
  is active) and read it (always). A new message notifies the other person, once
  until they have read it, by "You have a new message from <name>" with a link; the
  text is never put in notifications, emails, audit rows, logs or task arguments.
- Every change writes an audit row (ids only) and notifies the people concerned;
  emails leave after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from mentorquilt.accounts.models import User
from mentorquilt.core.errors import DomainError
from mentorquilt.core.services import audit_record
from mentorquilt.institutions.models import Membership, MembershipStatus, Role
from mentorquilt.mentorships.models import (
    AlumniInvitation,
    Mentorship,
    MentorshipMessage,
    MentorshipRequest,
    MentorshipState,
    MentorSuspension,
    PauseKind,
    RequestMessage,
    RequestStatus,
    SuspensionCause,
)
from mentorquilt.mentorships.selectors import (
    admins_of_mentor,
    lapses_counting,
    mentor_is_available,
    open_mentorship_count,
    pending_sent_count,
    suspension_open_of,
)
from mentorquilt.notifications.selectors import notification_unread_about
from mentorquilt.notifications.services import notification_mark_read_about, notify
from mentorquilt.onboarding.selectors import ensure_ready
from mentorquilt.profiles.models import MentorProfile, NeedArea
from mentorquilt.profiles.selectors import mentor_profiles_findable

MAX_MESSAGE = 1000
MAX_THREAD_MESSAGE = 4000
MAX_NEEDS_PER_REQUEST = 8


def _name(user: Any) -> str:
    return user.display_name or "Your mentor"


def _request_link(request: MentorshipRequest) -> str:
    return reverse("mentorship_request_detail", kwargs={"request_id": request.public_id})


def _mentorship_link(mentorship: Mentorship) -> str:
    return reverse("mentorship_detail", kwargs={"mentorship_id": mentorship.public_id})


def _day(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y")


def _clean_text(text: str, *, field: str, limit: int, required: bool, what: str) -> str:
    text = (text or "").strip()
    if required and not text:
        raise DomainError(f"Write {what}.", field=field)
    if len(text) > limit:
        raise DomainError(f"Keep it under {limit:,} characters.", field=field)
    return text


# --- sending ---------------------------------------------------------------------------


@transaction.atomic
def mentorship_request_send(
    *, mentee: Any, mentor_profile: MentorProfile, message: str, needs: Sequence[NeedArea]
) -> MentorshipRequest:
    """A ready mentee asks a ready, findable, unsuspended mentor with a free place."""
    mentor = mentor_profile.user
    if mentor.pk == mentee.pk:
        raise DomainError("You cannot ask yourself to be your mentor.")
    ensure_ready(user=mentee, role=Role.MENTEE)
    if not mentor_profiles_findable(viewer=mentee).filter(pk=mentor_profile.pk).exists():
        raise DomainError("This mentor cannot be asked right now.", code="not_findable")
    if not mentor_is_available(mentor=mentor):
        raise DomainError("This mentor cannot be asked right now.", code="not_findable")
    ensure_ready(user=mentor, role=Role.MENTOR, who=_name(mentor))
    message = _clean_text(
        message, field="message", limit=MAX_MESSAGE, required=True, what="a short message"
    )
    needs = list(needs)
    if not needs:
        raise DomainError("Choose at least one area you want help with.", field="needs")
    if len(needs) > MAX_NEEDS_PER_REQUEST or len({n.pk for n in needs}) != len(needs):
        raise DomainError(f"Choose up to {MAX_NEEDS_PER_REQUEST} different areas.", field="needs")
    if any(not need.is_active for need in needs):
        raise DomainError("One of the areas is no longer offered.", field="needs")
    # One request at a time per mentee passes this point, so the limit holds.
    User.objects.select_for_update().filter(pk=mentee.pk).first()
    limit = settings.MENTORSHIP_MAX_PENDING_REQUESTS
    if pending_sent_count(mentee=mentee) >= limit:
        raise DomainError(
            f"You already have {limit} requests waiting for an answer. Wait for an answer, "
            "or withdraw one, before asking someone else.",
            code="too_many_pending",
        )
    if MentorshipRequest.objects.filter(
        mentee=mentee, mentor=mentor, status=RequestStatus.PENDING
    ).exists():
        raise DomainError("You already asked this mentor; their answer is on its way.")
    if (
        Mentorship.objects.filter(mentee=mentee, mentor=mentor)
        .exclude(state=MentorshipState.CONCLUDED)
        .exists()
    ):
        raise DomainError("This person is already your mentor.")
    if open_mentorship_count(mentor=mentor) >= mentor_profile.capacity:
        raise DomainError(
            "This mentor has no free place right now. Try another mentor.", code="full"
        )
    request = MentorshipRequest.objects.create(
        mentee=mentee,
        mentor=mentor,
        message=message,
        due_at=timezone.now() + timedelta(days=settings.MENTORSHIP_REQUEST_WINDOW_DAYS),
    )
    request.needs.set(needs)
    audit_record(
        actor=mentee,
        action="mentorship_request.send",
        target=request,
        data={"mentor": str(mentor.public_id), "needs": len(needs)},
    )
    notify(
        user=mentor,
        kind="request.received",
        title=f"{mentee.display_name or 'A student'} asks you to be their mentor",
        body=f"Please accept, decline or ask a question by {_day(request.due_at)}. "
        "If there is no answer by then, the request lapses and counts against your "
        "response record.",
        link=_request_link(request),
    )
    return request


# --- answering -------------------------------------------------------------------------


def _lock_pending(request: MentorshipRequest) -> MentorshipRequest:
    locked = MentorshipRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.PENDING:
        raise DomainError(
            f"This request is no longer waiting for an answer ({locked.get_status_display()}).",
            code="not_pending",
        )
    return locked


def _check_mentor(actor: Any, request: MentorshipRequest) -> None:
    if actor.pk != request.mentor_id:
        raise DomainError("Only the mentor who was asked can answer this request.")


def mentorship_request_accept(*, actor: Any, request: MentorshipRequest) -> Mentorship:
    """The mentor accepts: a mentorship starts on one of their free places (R6)."""
    _check_mentor(actor, request)
    try:
        with transaction.atomic():
            return _accept(actor=actor, request=request)
    except IntegrityError as exc:
        # The database's guard: another accept took the last place first.
        raise DomainError(
            "You have no free place for another mentee right now.", code="full"
        ) from exc


def _accept(*, actor: Any, request: MentorshipRequest) -> Mentorship:
    # Lock order: the mentor's profile (serialises accepts for this mentor), then the request.
    profile = MentorProfile.objects.select_for_update().filter(user_id=request.mentor_id).first()
    if profile is None:
        raise DomainError("Fill in your mentor profile first.")
    request = _lock_pending(request)
    mentee = User.objects.get(pk=request.mentee_id)
    ensure_ready(user=actor, role=Role.MENTOR)
    ensure_ready(user=mentee, role=Role.MENTEE, who=mentee.display_name or "The student")
    used = set(
        Mentorship.objects.filter(mentor_id=request.mentor_id, slot__isnull=False).values_list(
            "slot", flat=True
        )
    )
    free = [slot for slot in range(1, profile.capacity + 1) if slot not in used]
    if len(used) >= profile.capacity or not free:
        raise DomainError(
            f"You already have {len(used)} mentee{'s' if len(used) != 1 else ''}, your limit. "
            "Conclude a mentorship or raise your limit (up to 3) before accepting.",
            code="full",
        )
    if (
        Mentorship.objects.filter(mentee_id=request.mentee_id, mentor_id=request.mentor_id)
        .exclude(state=MentorshipState.CONCLUDED)
        .exists()
    ):
        raise DomainError("You are already this student's mentor.")
    today = timezone.localdate()
    minimum = settings.MENTORSHIP_MINIMUM_DAYS
    mentorship = Mentorship.objects.create(
        mentee_id=request.mentee_id,
        mentor_id=request.mentor_id,
        request=request,
        slot=free[0],
        started_on=today,
        minimum_end_on=today + timedelta(days=minimum) if minimum > 0 else None,
    )
    mentorship.needs.set(request.needs.all())
    now = timezone.now()
    request.status = RequestStatus.ACCEPTED
    request.answered_at = now
    request.save(update_fields=["status", "answered_at", "updated_at"])
    audit_record(
        actor=actor,
        action="mentorship_request.accept",
        target=request,
        data={"mentorship": str(mentorship.public_id), "in_time": now <= request.due_at},
    )
    audit_record(actor=actor, action="mentorship.start", target=mentorship)
    notify(
        user=mentee,
        kind="request.accepted",
        title=f"{_name(actor)} accepted your request",
        body="Your mentorship has started. Your mentor will get in touch; you can also "
        "write first. It now appears on your quilt.",
        link=_mentorship_link(mentorship),
    )
    return mentorship


def mentorship_start_paired(
    *, actor: Any, mentee: Any, mentor: Any, needs: Sequence[NeedArea] = ()
) -> Mentorship:
    """A coordinator's published pairing (R22) starts a mentorship without a request.

    The same gates as an accept: both ready (R5, R12) and a free place within the
    mentor's cap, under the mentor's row lock and the database's slot guard (R6).
    """
    try:
        with transaction.atomic():
            profile = MentorProfile.objects.select_for_update().filter(user_id=mentor.pk).first()
            if profile is None:
                raise DomainError(f"{_name(mentor)} has no mentor profile.", code="not_ready")
            if not mentor_is_available(mentor=mentor):
                raise DomainError(
                    f"{_name(mentor)} is not available as a mentor right now.",
                    code="not_available",
                )
            ensure_ready(user=mentor, role=Role.MENTOR, who=_name(mentor))
            ensure_ready(user=mentee, role=Role.MENTEE, who=mentee.display_name or "The student")
            used = set(
                Mentorship.objects.filter(mentor_id=mentor.pk, slot__isnull=False).values_list(
                    "slot", flat=True
                )
            )
            free = [slot for slot in range(1, profile.capacity + 1) if slot not in used]
            if not free:
                raise DomainError(f"{_name(mentor)} has no free place.", code="full")
            if (
                Mentorship.objects.filter(mentee_id=mentee.pk, mentor_id=mentor.pk)
                .exclude(state=MentorshipState.CONCLUDED)
                .exists()
            ):
                raise DomainError("These two are already paired.", code="exists")
            today = timezone.localdate()
            minimum = settings.MENTORSHIP_MINIMUM_DAYS
            mentorship = Mentorship.objects.create(
                mentee_id=mentee.pk,
                mentor_id=mentor.pk,
                slot=free[0],
                started_on=today,
                minimum_end_on=today + timedelta(days=minimum) if minimum > 0 else None,
            )
            mentorship.needs.set(needs)
            audit_record(
                actor=actor, action="mentorship.start", target=mentorship, data={"by": "pairing"}
            )
    except IntegrityError as exc:
        raise DomainError(f"{_name(mentor)} has no free place.", code="full") from exc
    link = _mentorship_link(mentorship)
    notify(
        user=mentee,
        kind="mentorship.paired",
        title=f"You have a new mentor: {_name(mentor)}",
        body="Your program coordinator paired you. Your mentor will get in touch; you can "
        "also write first. The mentorship is on your quilt.",
        link=link,
    )
    notify(
        user=mentor,
        kind="mentorship.paired",
        title=f"You have a new mentee: {mentee.display_name or 'a student'}",
        body="Your program coordinator paired you. Please get in touch this week.",
        link=link,
    )
    return mentorship


@transaction.atomic
def mentorship_request_decline(
    *, actor: Any, request: MentorshipRequest, reason: str = ""
) -> MentorshipRequest:
    _check_mentor(actor, request)
    request = _lock_pending(request)
    reason = _clean_text(reason, field="reason", limit=500, required=False, what="a reason")
    request.status = RequestStatus.DECLINED
    request.answered_at = timezone.now()
    request.decline_reason = reason
    request.save(update_fields=["status", "answered_at", "decline_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="mentorship_request.decline",
        target=request,
        data={"with_reason": bool(reason)},
    )
    body = "This is not a judgement of you: mentors decline when they cannot give enough time."
    if reason:
        body += f" Their reason: {reason}"
    notify(
        user=request.mentee,
        kind="request.declined",
        title=f"{_name(actor)} cannot take you on right now",
        body=body + " You can ask another mentor.",
        link=_request_link(request),
    )
    return request


@transaction.atomic
def mentorship_request_ask(*, actor: Any, request: MentorshipRequest, body: str) -> RequestMessage:
    """The mentor asks the mentee a question before deciding. The clock keeps running."""
    _check_mentor(actor, request)
    request = _lock_pending(request)
    body = _clean_text(body, field="body", limit=2000, required=True, what="your question")
    message = RequestMessage.objects.create(request=request, author=actor, body=body)
    audit_record(actor=actor, action="mentorship_request.ask", target=request)
    notify(
        user=request.mentee,
        kind="request.question",
        title=f"{_name(actor)} has a question about your request",
        body="Open the request to read it and reply.",
        link=_request_link(request),
    )
    return message


@transaction.atomic
def mentorship_request_reply(
    *, actor: Any, request: MentorshipRequest, body: str
) -> RequestMessage:
    """The mentee answers the mentor's question."""
    if actor.pk != request.mentee_id:
        raise DomainError("Only the student who sent this request can reply.")
    request = _lock_pending(request)
    if not request.thread.exists():
        raise DomainError("You can reply once the mentor asks a question.")
    body = _clean_text(body, field="body", limit=2000, required=True, what="your reply")
    message = RequestMessage.objects.create(request=request, author=actor, body=body)
    audit_record(actor=actor, action="mentorship_request.reply", target=request)
    notify(
        user=request.mentor,
        kind="request.reply",
        title=f"{actor.display_name or 'The student'} replied to your question",
        body=f"Please accept or decline by {_day(request.due_at)}.",
        link=_request_link(request),
    )
    return message


@transaction.atomic
def mentorship_request_withdraw(*, actor: Any, request: MentorshipRequest) -> MentorshipRequest:
    if actor.pk != request.mentee_id:
        raise DomainError("Only the student who sent this request can withdraw it.")
    request = _lock_pending(request)
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="mentorship_request.withdraw", target=request)
    notify(
        user=request.mentor,
        kind="request.withdrawn",
        title="A student withdrew their request to you",
        body="You do not need to do anything.",
        link=_request_link(request),
    )
    return request


# --- reminders, lapses and suspension (R8, B3) ---------------------------------------


def request_remind_due(*, now: datetime | None = None) -> int:
    """Remind mentors of requests due soon. Each request is reminded once."""
    now = now or timezone.now()
    soon = now + timedelta(days=settings.MENTORSHIP_REMINDER_DAYS_BEFORE)
    due = MentorshipRequest.objects.filter(
        status=RequestStatus.PENDING, reminded_at__isnull=True, due_at__gt=now, due_at__lte=soon
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = MentorshipRequest.objects.filter(
                pk=pk, status=RequestStatus.PENDING, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            request = MentorshipRequest.objects.select_related("mentor").get(pk=pk)
            audit_record(actor=None, action="mentorship_request.remind", target=request)
            notify(
                user=request.mentor,
                kind="request.reminder",
                title="Reminder: a student is waiting for your answer",
                body=f"Please accept, decline or ask a question by {_day(request.due_at)}. "
                "After that the request lapses and counts against your response record; "
                "repeated lapses hide you from search until your institution reinstates you.",
                link=_request_link(request),
            )
            sent += 1
    return sent


def request_lapse_overdue(*, now: datetime | None = None) -> int:
    """Lapse every request past its deadline; suspend mentors with too many lapses."""
    now = now or timezone.now()
    overdue = MentorshipRequest.objects.filter(
        status=RequestStatus.PENDING, due_at__lte=now
    ).values_list("pk", flat=True)
    lapsed = 0
    for pk in list(overdue):
        with transaction.atomic():
            request = (
                MentorshipRequest.objects.select_for_update()
                .select_related("mentee", "mentor")
                .get(pk=pk)
            )
            if request.status != RequestStatus.PENDING or request.due_at > now:
                continue
            request.status = RequestStatus.LAPSED
            request.lapsed_at = now
            request.save(update_fields=["status", "lapsed_at", "updated_at"])
            audit_record(
                actor=None,
                action="mentorship_request.lapse",
                target=request,
                data={"mentor": str(request.mentor.public_id)},
            )
            notify(
                user=request.mentee,
                kind="request.lapsed",
                title=f"{_name(request.mentor)} did not answer in time",
                body="Your request lapsed: the mentor did not answer within "
                f"{settings.MENTORSHIP_REQUEST_WINDOW_DAYS} days. This says nothing about "
                "you. You can ask another mentor now.",
                link=_request_link(request),
            )
            count = lapses_counting(mentor=request.mentor, now=now)
            threshold = settings.MENTORSHIP_LAPSES_TO_SUSPEND
            notify(
                user=request.mentor,
                kind="request.lapsed_mentor",
                title="A request to you lapsed",
                body=f"A student's request was not answered within "
                f"{settings.MENTORSHIP_REQUEST_WINDOW_DAYS} days. It counts against your "
                f"response record ({count} of {threshold} lapses in "
                f"{settings.MENTORSHIP_LAPSE_PERIOD_DAYS} days before you are hidden from "
                "search).",
                link=_request_link(request),
            )
            if count >= threshold:
                _suspend(mentor=request.mentor, lapse_count=count, now=now)
            lapsed += 1
    return lapsed


def _suspend(*, mentor: Any, lapse_count: int, now: datetime) -> MentorSuspension | None:
    if suspension_open_of(mentor=mentor) is not None:
        return None
    suspension = MentorSuspension.objects.create(
        mentor=mentor,
        lapse_count=lapse_count,
        period_days=settings.MENTORSHIP_LAPSE_PERIOD_DAYS,
    )
    audit_record(
        actor=None,
        action="mentor.suspend",
        target=suspension,
        data={"mentor": str(mentor.public_id), "lapses": lapse_count},
    )
    notify(
        user=mentor,
        kind="mentor.suspended",
        title="You are hidden from search for now",
        body=f"{lapse_count} requests to you lapsed within "
        f"{settings.MENTORSHIP_LAPSE_PERIOD_DAYS} days, so students cannot find or ask you "
        "until your institution reinstates you. Your current mentees are not affected. "
        "Your institution's admins have been told; talk to them when you are ready again.",
        link=reverse("mentorship_requests"),
    )
    memberships = Membership.objects.filter(
        user=mentor, role=Role.MENTOR, status=MembershipStatus.ACTIVE
    ).select_related("institution")
    institution_by_admin = {}
    for membership in memberships:
        for admin in admins_of_mentor(mentor=mentor).filter(
            memberships__institution=membership.institution, memberships__role=Role.ADMIN
        ):
            institution_by_admin[admin.pk] = (admin, membership.institution)
    for admin, institution in institution_by_admin.values():
        notify(
            user=admin,
            kind="mentor.suspended_admin",
            title=f"{mentor.name or 'A mentor'} was hidden from search after lapsed requests",
            body=f"{lapse_count} requests lapsed within "
            f"{settings.MENTORSHIP_LAPSE_PERIOD_DAYS} days. You can reinstate the mentor "
            "once you have talked with them.",
            link=reverse(
                "mentor_suspension_list", kwargs={"institution_id": institution.public_id}
            ),
        )
    return suspension


@transaction.atomic
def account_suspend(*, actor: Any, user: Any, reference: Any = None) -> MentorSuspension:
    """Staff suspend an account after a concern (R27): no sign-in, not available as a mentor.

    Recorded as an open staff suspension (`reference`: the concern's public id). An open
    lapse suspension becomes a staff one, so an institution admin cannot lift it.
    """
    if not actor.is_staff:
        raise DomainError("Only platform staff suspend an account.")
    if user.is_staff:
        raise DomainError("Platform staff accounts are suspended by an administrator.")
    User.objects.select_for_update().filter(pk=user.pk).first()
    suspension = MentorSuspension.objects.filter(mentor=user, ended_at__isnull=True).first()
    if suspension is None:
        suspension = MentorSuspension.objects.create(
            mentor=user, cause=SuspensionCause.STAFF, reference=reference
        )
    elif suspension.cause != SuspensionCause.STAFF:
        suspension.cause = SuspensionCause.STAFF
        suspension.reference = reference
        suspension.save(update_fields=["cause", "reference", "updated_at"])
    if user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        audit_record(
            actor=actor,
            action="user.suspend",
            target=user,
            data={"concern": str(reference)} if reference else {},
        )
    return suspension


@transaction.atomic
def mentor_reinstate(
    *, actor: Any, suspension: MentorSuspension, note: str = ""
) -> MentorSuspension:
    """End a suspension. Lapses: an admin of the mentor's institution (checked by the
    selector) or staff. Staff suspension: staff only; the account can sign in again."""
    suspension = (
        MentorSuspension.objects.select_for_update().select_related("mentor").get(pk=suspension.pk)
    )
    if suspension.ended_at is not None:
        raise DomainError("This suspension has already been lifted.")
    by_staff = suspension.cause == SuspensionCause.STAFF
    if by_staff and not actor.is_staff:
        raise DomainError(
            "The program team suspended this account after a concern; only they can lift it.",
            code="staff_only",
        )
    note = _clean_text(note, field="note", limit=500, required=False, what="a note")
    suspension.ended_at = timezone.now()
    suspension.ended_by = actor
    suspension.end_note = note
    suspension.save(update_fields=["ended_at", "ended_by", "end_note", "updated_at"])
    person = suspension.mentor
    if by_staff:
        User.objects.filter(pk=person.pk).update(is_active=True)
        person.is_active = True
        audit_record(
            actor=actor,
            action="user.reinstate",
            target=person,
            data={"suspension": str(suspension.public_id)},
        )
        notify(
            user=person,
            kind="account.reinstated",
            title="Your account is active again",
            body="The program team lifted the suspension of your account. You can sign in "
            "and use MentorQuilt again.",
            link=reverse("home"),
        )
        return suspension
    audit_record(
        actor=actor,
        action="mentor.reinstate",
        target=suspension,
        data={"mentor": str(person.public_id)},
    )
    notify(
        user=person,
        kind="mentor.reinstated",
        title="Students can find you again",
        body="Your institution reinstated you. Earlier lapses no longer count; please answer "
        f"new requests within {settings.MENTORSHIP_REQUEST_WINDOW_DAYS} days.",
        link=reverse("mentorship_requests"),
    )
    return suspension


# --- mentorships (R13, R25) ------------------------------------------------------------


def _lock_party(actor: Any, mentorship: Mentorship) -> Mentorship:
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if actor.pk not in (locked.mentee_id, locked.mentor_id):
        raise DomainError("Only the mentor and the mentee can change this mentorship.")
    return locked


def _other(actor: Any, mentorship: Mentorship) -> Any:
    return mentorship.mentee if actor.pk == mentorship.mentor_id else mentorship.mentor


@transaction.atomic
def mentorship_pause(*, actor: Any, mentorship: Mentorship) -> Mentorship:
    """Either side pauses an active mentorship for a busy time (it keeps its place)."""
    mentorship = _lock_party(actor, mentorship)
    if mentorship.state != MentorshipState.ACTIVE:
        raise DomainError("Only an active mentorship can be paused.")
    mentorship.state = MentorshipState.PAUSED
    mentorship.paused_at = timezone.now()
    mentorship.pause_kind = PauseKind.PAIR
    mentorship.paused_by = actor
    mentorship.save(update_fields=["state", "paused_at", "pause_kind", "paused_by", "updated_at"])
    audit_record(actor=actor, action="mentorship.pause", target=mentorship)
    notify(
        user=_other(actor, mentorship),
        kind="mentorship.paused",
        title=f"{actor.display_name or 'Your partner'} paused your mentorship",
        body="A pause is for a busy time: the mentorship keeps its place and can resume.",
        link=_mentorship_link(mentorship),
    )
    return mentorship


HOLD_MESSAGE = (
    "The program team has put this mentorship on hold, so neither of you can resume it. "
    "Only the program team can lift the hold; write to {contact} with any question."
)


def hold_message() -> str:
    return HOLD_MESSAGE.format(contact=settings.MENTORQUILT_CONTACT_EMAIL)


@transaction.atomic
def mentorship_resume(*, actor: Any, mentorship: Mentorship) -> Mentorship:
    """Either side resumes a pause the pair chose; never a staff hold (R27)."""
    mentorship = _lock_party(actor, mentorship)
    if mentorship.state != MentorshipState.PAUSED:
        raise DomainError("Only a paused mentorship can be resumed.")
    if mentorship.pause_kind == PauseKind.STAFF_HOLD:
        raise DomainError(hold_message(), code="on_hold")
    _unpause(mentorship)
    audit_record(actor=actor, action="mentorship.resume", target=mentorship)
    notify(
        user=_other(actor, mentorship),
        kind="mentorship.resumed",
        title=f"{actor.display_name or 'Your partner'} resumed your mentorship",
        link=_mentorship_link(mentorship),
    )
    return mentorship


def _unpause(mentorship: Mentorship) -> None:
    mentorship.state = MentorshipState.ACTIVE
    mentorship.paused_at = None
    mentorship.pause_kind = ""
    mentorship.paused_by = None
    mentorship.hold_reference = None
    mentorship.save(
        update_fields=[
            "state",
            "paused_at",
            "pause_kind",
            "paused_by",
            "hold_reference",
            "updated_at",
        ]
    )


def _require_staff(actor: Any, what: str) -> None:
    if not getattr(actor, "is_staff", False):
        raise DomainError(f"Only platform staff {what}.")


@transaction.atomic
def mentorship_hold(*, actor: Any, mentorship: Mentorship, reference: Any) -> Mentorship:
    """Staff put a mentorship on hold while they look into a concern (R27).

    An active mentorship, or one the pair paused (the pause becomes a hold). Both people
    are told in neutral words (never that someone reported): only staff lift it.
    """
    _require_staff(actor, "put a mentorship on hold")
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentee", "mentor")
        .get(pk=mentorship.pk)
    )
    if mentorship.state == MentorshipState.CONCLUDED:
        raise DomainError("This mentorship has ended; there is nothing to hold.")
    if mentorship.pause_kind == PauseKind.STAFF_HOLD:
        raise DomainError("This mentorship is already on hold.")
    mentorship.state = MentorshipState.PAUSED
    mentorship.paused_at = mentorship.paused_at or timezone.now()
    mentorship.pause_kind = PauseKind.STAFF_HOLD
    mentorship.paused_by = actor
    mentorship.hold_reference = reference
    mentorship.save(
        update_fields=[
            "state",
            "paused_at",
            "pause_kind",
            "paused_by",
            "hold_reference",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="mentorship.hold",
        target=mentorship,
        data={"concern": str(reference)} if reference else {},
    )
    for person in (mentorship.mentee, mentorship.mentor):
        notify(
            user=person,
            kind="mentorship.held",
            title="The program has put your mentorship on hold",
            body="For now the mentorship is paused by the program team, and only they can "
            "resume it. It keeps its place. If you have a question, write to "
            f"{settings.MENTORQUILT_CONTACT_EMAIL}.",
            link=_mentorship_link(mentorship),
        )
    return mentorship


@transaction.atomic
def mentorship_hold_lift(*, actor: Any, mentorship: Mentorship) -> Mentorship:
    """Staff lift their hold (R27): the mentorship is active again; both are told."""
    _require_staff(actor, "lift a hold on a mentorship")
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentee", "mentor")
        .get(pk=mentorship.pk)
    )
    if not mentorship.on_hold:
        raise DomainError("This mentorship is not on hold.")
    reference = mentorship.hold_reference
    _unpause(mentorship)
    audit_record(
        actor=actor,
        action="mentorship.hold_lift",
        target=mentorship,
        data={"concern": str(reference)} if reference else {},
    )
    for person in (mentorship.mentee, mentorship.mentor):
        notify(
            user=person,
            kind="mentorship.hold_lifted",
            title="Your mentorship is active again",
            body="The program team lifted the hold. You can meet and plan together again.",
            link=_mentorship_link(mentorship),
        )
    return mentorship


def mentorship_is_early(mentorship: Mentorship) -> bool:
    """True while the program's minimum length (R25) has not yet passed."""
    return bool(mentorship.minimum_end_on and timezone.localdate() < mentorship.minimum_end_on)


@transaction.atomic
def mentorship_conclude(
    *, actor: Any, mentorship: Mentorship, reason: str, early_reason: str = ""
) -> Mentorship:
    """Either side ends the mentorship with a reason; before the minimum length, two."""
    mentorship = _lock_party(actor, mentorship)
    if mentorship.state == MentorshipState.CONCLUDED:
        raise DomainError("This mentorship has already ended.")
    reason = _clean_text(
        reason, field="reason", limit=500, required=True, what="why the mentorship ends"
    )
    early_reason = _clean_text(
        early_reason, field="early_reason", limit=500, required=False, what="a reason"
    )
    early = mentorship_is_early(mentorship)
    if early and not early_reason:
        assert mentorship.minimum_end_on is not None
        raise DomainError(
            "The program asks mentorships to last until "
            f"{date_format(mentorship.minimum_end_on, 'j F Y')}. To end it earlier, tell "
            "us why (for example a move, a change of plans, or it is not working).",
            field="early_reason",
            code="early",
        )
    mentorship.state = MentorshipState.CONCLUDED
    mentorship.slot = None
    mentorship.paused_at = None
    mentorship.pause_kind = ""
    mentorship.paused_by = None
    mentorship.hold_reference = None
    mentorship.concluded_at = timezone.now()
    mentorship.concluded_by = actor
    mentorship.conclusion_reason = reason
    mentorship.early_reason = early_reason if early else ""
    mentorship.save()
    audit_record(
        actor=actor, action="mentorship.conclude", target=mentorship, data={"early": early}
    )
    notify(
        user=_other(actor, mentorship),
        kind="mentorship.concluded",
        title=f"{actor.display_name or 'Your partner'} concluded your mentorship",
        body="Thank you for the time you spent together. The mentorship stays in your history.",
        link=_mentorship_link(mentorship),
    )
    return mentorship


# --- the pair's message thread (the mentorship page is the pair's hub) ---------------------


def _thread_link(mentorship: Mentorship) -> str:
    return _mentorship_link(mentorship) + "#messages"


@transaction.atomic
def mentorship_message_post(*, author: Any, mentorship: Mentorship, body: str) -> MentorshipMessage:
    """One of the pair writes in their thread; the other person is told, not shown the text."""
    mentorship = Mentorship.objects.select_related("mentee", "mentor").get(pk=mentorship.pk)
    if author.pk not in (mentorship.mentee_id, mentorship.mentor_id):
        raise DomainError("Only the mentor and the mentee write in this thread.")
    if mentorship.state == MentorshipState.CONCLUDED:
        raise DomainError(
            "This mentorship has ended: you can still read your messages, but not send new ones.",
            field="body",
        )
    if mentorship.state == MentorshipState.PAUSED:
        raise DomainError(
            "This mentorship is paused: you can read your messages, and write again once "
            "it is resumed.",
            field="body",
        )
    body = _clean_text(
        body, field="body", limit=MAX_THREAD_MESSAGE, required=True, what="your message"
    )
    message = MentorshipMessage.objects.create(mentorship=mentorship, author=author, body=body)
    audit_record(
        actor=author,
        action="mentorship.message",
        target=message,
        data={"mentorship": str(mentorship.public_id)},
    )
    other = _other(author, mentorship)
    link = _thread_link(mentorship)
    # One notification until it is read, so a burst of messages is one email, not ten.
    if not notification_unread_about(user=other, kind="mentorship.message", link=link):
        role = "mentor" if author.pk == mentorship.mentor_id else "mentee"
        who = author.short_name or f"your {role}"
        notify(
            user=other,
            kind="mentorship.message",
            title=f"You have a new message from {who}",
            body="Open your mentorship's page to read it and answer. To keep your "
            "conversation private, we never copy messages into emails.",
            link=link,
        )
    return message


def mentorship_thread_seen(*, user: Any, mentorship: Mentorship) -> int:
    """The person opened the thread: their "new message" notifications about it are read."""
    return notification_mark_read_about(
        user=user, kind="mentorship.message", link=_thread_link(mentorship)
    )


# --- alumni (R18) ------------------------------------------------------------------------


def alumni_invite_due() -> int:
    """Invite each mentee whose role ended lately to become a mentor, once (R18).

    Run by `manage.py tick` (every minute in `make run`), so the invitation follows
    `institutions.services.membership_end` within a tick, without institutions
    knowing this app. Idempotent: an `AlumniInvitation` row records each membership
    handled, in the same transaction as the invitation (two ticks at once: the
    second one's insert fails on the unique key and rolls its invitation back).
    Roles that ended more than `ALUMNI_INVITE_WINDOW_DAYS` ago are left alone (no
    surprise invitations for people who left long before this job existed).
    """
    since = timezone.now() - timedelta(days=settings.ALUMNI_INVITE_WINDOW_DAYS)
    due = Membership.objects.filter(
        role=Role.MENTEE,
        status=MembershipStatus.ENDED,
        ended_at__gte=since,
        alumni_invitation__isnull=True,
    ).select_related("user", "institution")
    invited = 0
    for membership in due:
        try:
            with transaction.atomic():
                AlumniInvitation.objects.create(membership=membership)
                if alumni_invite(actor=None, membership=membership):
                    invited += 1
        except IntegrityError:
            continue  # another tick handled this membership first
    return invited


def alumni_invite(*, actor: Any, membership: Membership) -> bool:
    """Invite a former mentee to become a mentor (R18). Their account and history stay."""
    user = membership.user
    if Membership.objects.filter(
        user=user, role=Role.MENTOR, status__in=[MembershipStatus.ACTIVE, MembershipStatus.PENDING]
    ).exists():
        return False
    audit_record(
        actor=actor,
        action="alumni.invite",
        target=membership,
        institution=membership.institution,
        data={"user": str(user.public_id)},
    )
    notify(
        user=user,
        kind="alumni.invite",
        title="Congratulations! Would you like to become a mentor?",
        body=f"Your time as a mentee at {membership.institution.name} has ended. Students "
        "like you are looking for mentors who have walked the same road. Your account, "
        "your mentorships and your training stay with you. Ask to join as a mentor and "
        "your institution will welcome you.",
        link=reverse("membership_join"),
    )
    return True
