"""Engagement services: meetings (R26), the action plan (R28), evaluations (R14) and
concerns (R27).

Rules:
- Only the two people of a mentorship plan, cancel or log its meetings, and only
  while it is active. A meeting lasts 10 to 240 minutes; a video call needs a web
  link (http or https) and an in-person meeting a place. A pair cannot plan or
  record two meetings at the same start time unless one was cancelled. Both people
  get an email with a calendar invitation (.ics) when a meeting is planned and
  again when it is cancelled.
- A held meeting is logged once, by either person, with its length and topics
  (seen by both). Each person may keep private notes on a meeting: only the author
  ever sees them, never the other side, staff or anyone's API.
- A pair that has not met (nor planned a meeting) for MEETING_QUIET_DAYS is nudged
  once per quiet spell (QuietNudge), by the daily tick.
- The action plan is the mentee's own: only they change the mission, goals and
  milestones. Goals are tied to areas of need (profiles.NeedArea). The mentee and
  their mentors in active mentorships comment on goals. A goal's finish date is
  today or later where the mentee lives (checked against the earliest time zone,
  UTC-12); a date that has passed since may stay when the goal is edited.
- Evaluations (R14): the daily tick opens one 6 months after the start of each
  mentorship, every 6 months after, and one at its end; the mentee answers each
  once. The mentee is reminded when one falls due and once more when it is
  EVALUATION_OVERDUE_DAYS late. The mentor is never told when one is answered.
- Concerns (R27): either person of a mentorship may report one to platform staff.
  Only the reporter and staff see it. Staff review it, pause the mentorship,
  suspend the account of the person it is about, add notes and close it; every
  step is audited.
- Every change writes an audit row with ids and field names only (never notes,
  topics, answers or concern text). Emails and notifications go out after commit;
  task arguments are ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentorquilt.accounts.models import User
from mentorquilt.core.errors import DomainError
from mentorquilt.core.services import audit_record
from mentorquilt.engagement.models import (
    EVALUATION_QUESTIONS,
    MEETING_MAX_MINUTES,
    MEETING_MIN_MINUTES,
    SCALE_MAX,
    SCALE_MIN,
    ActionPlan,
    Concern,
    ConcernAction,
    ConcernActionKind,
    ConcernStatus,
    Evaluation,
    Goal,
    GoalComment,
    Meeting,
    MeetingFormat,
    MeetingNote,
    MeetingStatus,
    Milestone,
    QuietNudge,
)
from mentorquilt.engagement.selectors import (
    evaluation_due_dates,
    mentors_of_mentee,
    quiet_pairs,
)
from mentorquilt.engagement.tasks import meeting_invite_send
from mentorquilt.mentorships.models import Mentorship, MentorshipState
from mentorquilt.mentorships.selectors import suspension_open_of
from mentorquilt.mentorships.services import (
    account_suspend,
    mentor_reinstate,
    mentorship_hold,
    mentorship_hold_lift,
)
from mentorquilt.notifications.services import notify
from mentorquilt.profiles.models import NeedArea

MEETING_MAX_AHEAD = timedelta(days=366)
_WEB_LINK = URLValidator(schemes=["http", "https"])


def _quiet_days() -> int:
    return int(getattr(settings, "MEETING_QUIET_DAYS", 60))


def _overdue_days() -> int:
    return int(getattr(settings, "EVALUATION_OVERDUE_DAYS", 14))


def _other(mentorship: Mentorship, user: Any) -> Any:
    return mentorship.mentor if mentorship.mentee_id == user.pk else mentorship.mentee


def _require_party(mentorship: Mentorship, user: Any) -> None:
    if user.pk not in (mentorship.mentee_id, mentorship.mentor_id):
        raise DomainError("Only the mentee and the mentor of this mentorship can do this.")


def _require_active(mentorship: Mentorship) -> None:
    if mentorship.state != MentorshipState.ACTIVE:
        raise DomainError(
            "This mentorship is paused or has ended, so meetings cannot be planned or changed."
        )


def _clean_text(value: str, *, field: str, limit: int, required: bool, what: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"Write {what}.", field=field)
    if len(value) > limit:
        raise DomainError(f"Use at most {limit:,} characters.", field=field)
    return value


def _tell(user: Any, *, kind: str, title: str, body: str, link: str) -> None:
    """An in-app notification (emailed after commit, or in the weekly digest)."""
    if user.is_active:
        notify(user=user, kind=kind, title=title, body=body, link=link)


# --- meetings (R26) -----------------------------------------------------------------------


def _check_meeting(*, starts_at: datetime, minutes: int, format: str, place: str) -> str:
    if format not in MeetingFormat.values:
        raise DomainError("Choose video call, phone call or in person.", field="format")
    if not MEETING_MIN_MINUTES <= minutes <= MEETING_MAX_MINUTES:
        raise DomainError(
            f"A meeting lasts from {MEETING_MIN_MINUTES} to {MEETING_MAX_MINUTES} minutes.",
            field="minutes",
        )
    if timezone.is_naive(starts_at):
        raise DomainError("Give the time with its time zone.", field="starts_at")
    place = _clean_text(place, field="place", limit=300, required=False, what="")
    if format == MeetingFormat.VIDEO and not place:
        raise DomainError("Paste the link to the video call.", field="place")
    if format == MeetingFormat.VIDEO:
        try:
            _WEB_LINK(place)
        except ValidationError:
            raise DomainError(
                "Paste the whole link, starting with https://, for example "
                "https://zoom.us/j/123456789.",
                field="place",
            ) from None
    if format == MeetingFormat.IN_PERSON and not place:
        raise DomainError("Say where you will meet.", field="place")
    return place


def _refuse_duplicate(mentorship: Mentorship, starts_at: datetime, *, field: str) -> None:
    """The pair's mentorship row is locked, so two requests cannot both pass this."""
    same = Meeting.objects.filter(mentorship=mentorship, starts_at=starts_at).exclude(
        status=MeetingStatus.CANCELLED
    )
    if same.exists():
        raise DomainError(
            "A meeting is already planned for this time. Open it from your meetings, "
            "or choose another time.",
            field=field,
        )


@transaction.atomic
def meeting_schedule(
    *,
    actor: Any,
    mentorship: Mentorship,
    starts_at: datetime,
    minutes: int,
    format: str,
    place: str = "",
) -> Meeting:
    """Plan a meeting; both people get an email with a calendar invitation."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    _require_party(mentorship, actor)
    _require_active(mentorship)
    place = _check_meeting(starts_at=starts_at, minutes=minutes, format=format, place=place)
    now = timezone.now()
    if starts_at <= now:
        raise DomainError("Choose a time in the future.", field="starts_at")
    if starts_at > now + MEETING_MAX_AHEAD:
        raise DomainError("Choose a time within the next year.", field="starts_at")
    _refuse_duplicate(mentorship, starts_at, field="starts_at")
    meeting = Meeting.objects.create(
        mentorship=mentorship,
        scheduled_by=actor,
        starts_at=starts_at,
        minutes=minutes,
        format=format,
        place=place,
    )
    audit_record(
        actor=actor,
        action="meeting.schedule",
        target=meeting,
        data={"mentorship": str(mentorship.public_id), "format": format, "minutes": minutes},
    )
    meeting_id = str(meeting.public_id)
    transaction.on_commit(lambda: meeting_invite_send.enqueue(meeting_id, 0))
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting) -> Meeting:
    """Cancel a planned meeting; both people get the cancellation for their calendars."""
    meeting = Meeting.objects.select_for_update().select_related("mentorship").get(pk=meeting.pk)
    _require_party(meeting.mentorship, actor)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError("Only a planned meeting can be cancelled.")
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(actor=actor, action="meeting.cancel", target=meeting)
    meeting_id, sequence = str(meeting.public_id), meeting.sequence
    transaction.on_commit(lambda: meeting_invite_send.enqueue(meeting_id, sequence))
    return meeting


def _note_save(*, author: Any, meeting: Meeting, text: str) -> None:
    text = _clean_text(text, field="private_note", limit=5000, required=False, what="")
    existing = MeetingNote.objects.filter(meeting=meeting, author=author).first()
    if not text:
        if existing is not None:
            existing.delete()
            audit_record(actor=author, action="meeting_note.delete", target=meeting)
        return
    if existing is None:
        MeetingNote.objects.create(meeting=meeting, author=author, text=text)
    elif existing.text != text:
        existing.text = text
        existing.save(update_fields=["text", "updated_at"])
    else:
        return
    audit_record(actor=author, action="meeting_note.save", target=meeting)


@transaction.atomic
def meeting_log(
    *,
    actor: Any,
    meeting: Meeting,
    held_minutes: int,
    topics: str,
    private_note: str = "",
) -> Meeting:
    """Record that a planned meeting took place: how long and what you talked about."""
    meeting = Meeting.objects.select_for_update().select_related("mentorship").get(pk=meeting.pk)
    _require_party(meeting.mentorship, actor)
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError("This meeting was cancelled. Plan or record a new one instead.")
    if meeting.status == MeetingStatus.HELD:
        raise DomainError("This meeting has already been logged.")
    if meeting.starts_at > timezone.now():
        raise DomainError("You can log a meeting once it has started.")
    if not MEETING_MIN_MINUTES // 2 <= held_minutes <= MEETING_MAX_MINUTES * 2:
        raise DomainError("Give the length in minutes, from 5 to 480.", field="held_minutes")
    topics = _clean_text(
        topics, field="topics", limit=2000, required=True, what="what you talked about"
    )
    meeting.status = MeetingStatus.HELD
    meeting.held_minutes = held_minutes
    meeting.topics = topics
    meeting.logged_by = actor
    meeting.logged_at = timezone.now()
    meeting.save(
        update_fields=[
            "status",
            "held_minutes",
            "topics",
            "logged_by",
            "logged_at",
            "updated_at",
        ]
    )
    _note_save(author=actor, meeting=meeting, text=private_note)
    audit_record(
        actor=actor,
        action="meeting.log",
        target=meeting,
        data={"mentorship": str(meeting.mentorship.public_id), "minutes": held_minutes},
    )
    return meeting


@transaction.atomic
def meeting_record(
    *,
    actor: Any,
    mentorship: Mentorship,
    held_at: datetime,
    held_minutes: int,
    format: str,
    topics: str,
    private_note: str = "",
) -> Meeting:
    """Record a meeting that took place without being planned here."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    _require_party(mentorship, actor)
    if mentorship.state == MentorshipState.CONCLUDED:
        raise DomainError("This mentorship has ended.")
    if format not in MeetingFormat.values:
        raise DomainError("Choose video call, phone call or in person.", field="format")
    if timezone.is_naive(held_at) or held_at > timezone.now():
        raise DomainError("Choose a time that has passed.", field="held_at")
    if held_at.date() < mentorship.started_on - timedelta(days=1):
        raise DomainError("Choose a time after the mentorship started.", field="held_at")
    _refuse_duplicate(mentorship, held_at, field="held_at")
    minutes = max(MEETING_MIN_MINUTES, min(held_minutes, MEETING_MAX_MINUTES))
    meeting = Meeting.objects.create(
        mentorship=mentorship,
        scheduled_by=actor,
        starts_at=held_at,
        minutes=minutes,
        format=format,
        status=MeetingStatus.SCHEDULED,
    )
    return meeting_log(
        actor=actor,
        meeting=meeting,
        held_minutes=held_minutes,
        topics=topics,
        private_note=private_note,
    )


@transaction.atomic
def meeting_note_save(*, author: Any, meeting: Meeting, text: str) -> None:
    """Write (or clear) your own private notes on a meeting. Nobody else ever reads them."""
    _require_party(meeting.mentorship, author)
    _note_save(author=author, meeting=meeting, text=text)


def meeting_nudge_quiet_pairs(*, today: date | None = None) -> int:
    """Nudge both people of every active pair that has been quiet too long (R26).

    Quiet: no meeting held or planned since `quiet_days` ago, and nothing planned ahead.
    One nudge per quiet spell; running it twice sends nothing twice.
    """
    today = today or timezone.localdate()
    sent = 0
    for mentorship, last in quiet_pairs(today=today, quiet_days=_quiet_days()):
        try:
            with transaction.atomic():
                QuietNudge.objects.create(mentorship=mentorship, quiet_since=last)
                audit_record(
                    actor=None,
                    action="meeting.nudge",
                    target=mentorship,
                    data={"quiet_since": last.isoformat()},
                )
                link = reverse("meeting_list", kwargs={"mentorship_id": mentorship.public_id})
                for person in (mentorship.mentee, mentorship.mentor):
                    other = _other(mentorship, person)
                    _tell(
                        person,
                        kind="meeting.nudge",
                        title=f"Time to meet {other.get_short_name()} again",
                        body=(
                            f"You have not met since {last:%B} {last.day}, {last.year}. "
                            "Mentoring works best with a meeting every one or two months: "
                            "plan the next one."
                        ),
                        link=link,
                    )
        except IntegrityError:
            continue  # already nudged for this quiet spell
        sent += 1
    return sent


# --- the action plan (R28) ----------------------------------------------------------------


def _earliest_today() -> date:
    """Today's date in the last time zone on Earth (UTC-12): a date before it has passed
    for everyone, so a mentee late in the evening west of UTC is never told "the past"."""
    return (timezone.now() - timedelta(hours=12)).date()


def _check_due_on(due_on: date | None, *, unchanged: date | None = None) -> date | None:
    if due_on is not None and due_on != unchanged and due_on < _earliest_today():
        raise DomainError("Choose a date from today on.", field="due_on")
    return due_on


def _plan_of(mentee: Any) -> ActionPlan:
    plan, _ = ActionPlan.objects.get_or_create(mentee=mentee)
    return plan


def _check_needs(needs: Iterable[NeedArea]) -> list[NeedArea]:
    needs = list(needs)
    if any(not need.is_active for need in needs):
        raise DomainError("Choose from the listed areas.", field="needs")
    return needs


def _require_goal_owner(goal: Goal, user: Any) -> None:
    if goal.plan.mentee_id != user.pk:
        raise DomainError("Only the mentee changes their own action plan.")


@transaction.atomic
def action_plan_mission_set(*, mentee: Any, mission: str) -> ActionPlan:
    """Write your personal mission: in a few sentences, where you are heading and why."""
    mission = _clean_text(mission, field="mission", limit=2000, required=False, what="")
    plan = _plan_of(mentee)
    if plan.mission != mission:
        plan.mission = mission
        plan.save(update_fields=["mission", "updated_at"])
        audit_record(actor=mentee, action="action_plan.mission", target=plan)
    return plan


@transaction.atomic
def goal_create(
    *,
    mentee: Any,
    title: str,
    detail: str = "",
    needs: Iterable[NeedArea] = (),
    due_on: date | None = None,
) -> Goal:
    title = _clean_text(title, field="title", limit=200, required=True, what="the goal")
    detail = _clean_text(detail, field="detail", limit=2000, required=False, what="")
    need_list = _check_needs(needs)
    due_on = _check_due_on(due_on)
    goal = Goal.objects.create(plan=_plan_of(mentee), title=title, detail=detail, due_on=due_on)
    goal.needs.set(need_list)
    audit_record(actor=mentee, action="goal.create", target=goal, data={"needs": len(need_list)})
    return goal


@transaction.atomic
def goal_update(
    *,
    mentee: Any,
    goal: Goal,
    title: str,
    detail: str,
    needs: Iterable[NeedArea],
    due_on: date | None,
) -> Goal:
    """Change a goal; a finish date that has passed since it was set may stay as it is."""
    _require_goal_owner(goal, mentee)
    title = _clean_text(title, field="title", limit=200, required=True, what="the goal")
    detail = _clean_text(detail, field="detail", limit=2000, required=False, what="")
    need_list = _check_needs(needs)
    goal.due_on = _check_due_on(due_on, unchanged=goal.due_on)
    goal.title, goal.detail = title, detail
    goal.save(update_fields=["title", "detail", "due_on", "updated_at"])
    goal.needs.set(need_list)
    audit_record(actor=mentee, action="goal.update", target=goal)
    return goal


@transaction.atomic
def goal_mark(*, mentee: Any, goal: Goal, done: bool) -> Goal:
    _require_goal_owner(goal, mentee)
    if done != (goal.done_at is not None):
        goal.done_at = timezone.now() if done else None
        goal.save(update_fields=["done_at", "updated_at"])
        audit_record(actor=mentee, action="goal.mark", target=goal, data={"done": done})
    return goal


@transaction.atomic
def milestone_add(*, mentee: Any, goal: Goal, title: str, due_on: date | None = None) -> Milestone:
    _require_goal_owner(goal, mentee)
    title = _clean_text(title, field="title", limit=200, required=True, what="the step")
    milestone = Milestone.objects.create(goal=goal, title=title, due_on=due_on)
    audit_record(actor=mentee, action="milestone.add", target=milestone)
    return milestone


@transaction.atomic
def milestone_mark(*, mentee: Any, milestone: Milestone, done: bool) -> Milestone:
    _require_goal_owner(milestone.goal, mentee)
    if done != (milestone.done_at is not None):
        milestone.done_at = timezone.now() if done else None
        milestone.save(update_fields=["done_at", "updated_at"])
        audit_record(actor=mentee, action="milestone.mark", target=milestone, data={"done": done})
    return milestone


@transaction.atomic
def goal_comment_add(*, author: Any, goal: Goal, text: str) -> GoalComment:
    """The mentee or one of their mentors (active mentorship) comments on a goal."""
    mentee = goal.plan.mentee
    mentors = list(mentors_of_mentee(mentee=mentee))
    if author.pk != mentee.pk and author.pk not in {m.pk for m in mentors}:
        raise DomainError("Only the mentee and their current mentors can comment.")
    text = _clean_text(text, field="text", limit=2000, required=True, what="your comment")
    comment = GoalComment.objects.create(goal=goal, author=author, text=text)
    audit_record(actor=author, action="goal.comment", target=goal)
    link = reverse("goal_detail", kwargs={"goal_id": goal.public_id})
    recipients = mentors if author.pk == mentee.pk else [mentee]
    for person in recipients:
        _tell(
            person,
            kind="goal.comment",
            title=f"{author.get_short_name()} commented on a goal in the action plan",
            body="Open the goal to read the comment.",
            link=link,
        )
    return comment


# --- evaluations (R14) --------------------------------------------------------------------


def evaluations_open_due(*, today: date | None = None) -> int:
    """Open every evaluation that has fallen due (idempotent). Returns how many were opened."""
    today = today or timezone.localdate()
    opened = 0
    candidates = Mentorship.objects.filter(started_on__lte=today).exclude(
        state=MentorshipState.CONCLUDED, concluded_at__isnull=True
    )
    batch: list[Mentorship] = []

    def open_batch() -> int:
        # One query for what exists, one insert for what is missing (a racing run's rows
        # are skipped by the unique constraints).
        existing = set(
            Evaluation.objects.filter(mentorship__in=batch).values_list(
                "mentorship_id", "kind", "due_on"
            )
        )
        missing = [
            Evaluation(mentorship=mentorship, kind=kind, due_on=due_on)
            for mentorship in batch
            for kind, due_on in evaluation_due_dates(mentorship=mentorship, today=today)
            if (mentorship.pk, kind, due_on) not in existing
        ]
        Evaluation.objects.bulk_create(missing, ignore_conflicts=True)
        batch.clear()
        return len(missing)

    for mentorship in candidates.iterator(chunk_size=500):
        batch.append(mentorship)
        if len(batch) == 500:
            opened += open_batch()
    if batch:
        opened += open_batch()
    return opened


def evaluation_reminders_send(*, today: date | None = None) -> int:
    """Remind mentees of evaluations that fell due, and once more when overdue (idempotent)."""
    today = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    open_ones = Evaluation.objects.filter(submitted_at__isnull=True, due_on__lte=today)
    overdue_on = today - timedelta(days=_overdue_days())
    for evaluation in open_ones.select_related("mentorship__mentee", "mentorship__mentor"):
        overdue = evaluation.due_on <= overdue_on
        field = "reminded_overdue_at" if overdue else "reminded_due_at"
        if getattr(evaluation, field) is not None:
            continue
        with transaction.atomic():
            claimed = Evaluation.objects.filter(
                pk=evaluation.pk, submitted_at__isnull=True, **{f"{field}__isnull": True}
            ).update(**{field: now})
            if not claimed:
                continue
            mentor_name = evaluation.mentorship.mentor.get_short_name()
            _tell(
                evaluation.mentorship.mentee,
                kind="evaluation.overdue" if overdue else "evaluation.due",
                title=(
                    f"Your evaluation of {mentor_name} is late"
                    if overdue
                    else f"Time to evaluate your mentorship with {mentor_name}"
                ),
                body=(
                    "It takes two minutes. Your mentor never sees your answers, only averages "
                    "across several mentees."
                ),
                link=reverse("evaluation_submit", kwargs={"evaluation_id": evaluation.public_id}),
            )
        sent += 1
    return sent


@transaction.atomic
def evaluation_submit(
    *, mentee: Any, evaluation: Evaluation, answers: dict[str, int], comment: str = ""
) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_for_update().select_related("mentorship").get(pk=evaluation.pk)
    )
    if evaluation.mentorship.mentee_id != mentee.pk:
        raise DomainError("Only the mentee answers this evaluation.")
    if evaluation.submitted_at is not None:
        raise DomainError("You have already answered this evaluation. Thank you!")
    if evaluation.due_on > timezone.localdate():
        raise DomainError("This evaluation is not open yet.")
    for name, _question in EVALUATION_QUESTIONS:
        value = answers.get(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise DomainError("Choose an answer from 1 to 5.", field=name)
        if not SCALE_MIN <= value <= SCALE_MAX:
            raise DomainError("Choose an answer from 1 to 5.", field=name)
        setattr(evaluation, name, value)
    evaluation.comment = _clean_text(comment, field="comment", limit=2000, required=False, what="")
    evaluation.submitted_at = timezone.now()
    evaluation.save()
    # No answers in the audit row: ids only. The mentor is not told (timing would trace it).
    audit_record(
        actor=mentee,
        action="evaluation.submit",
        target=evaluation,
        data={"kind": evaluation.kind},
    )
    return evaluation


# --- concerns (R27) -----------------------------------------------------------------------


@transaction.atomic
def concern_report(
    *, reporter: Any, mentorship: Mentorship, text: str, about_other: bool = True
) -> Concern:
    """Report a concern about a mentorship, confidentially, to platform staff."""
    _require_party(mentorship, reporter)
    text = _clean_text(text, field="text", limit=5000, required=True, what="what happened")
    concern = Concern.objects.create(
        reporter=reporter,
        mentorship=mentorship,
        about=_other(mentorship, reporter) if about_other else None,
        text=text,
    )
    # Ids only: never the text, and not who it is about.
    audit_record(actor=reporter, action="concern.report", target=concern)
    link = reverse("concern_detail", kwargs={"concern_id": concern.public_id})
    for person in User.objects.filter(is_staff=True, is_active=True):
        _tell(
            person,
            kind="concern.new",
            title="A concern was reported",
            body="Open the concern queue to read it. Reading it is recorded in the audit log.",
            link=link,
        )
    return concern


def _about_or_refuse(concern: Concern, verb: str) -> Any:
    about = concern.about
    if about is None:
        raise DomainError(f"This concern is not about a person, so there is no one to {verb}.")
    return about


def _require_staff(actor: Any) -> None:
    if not actor.is_staff:
        raise DomainError("Only platform staff act on concerns.")


@transaction.atomic
def concern_act(*, actor: Any, concern: Concern, kind: str, note: str = "") -> ConcernAction:
    """Staff act on a concern: review, pause the mentorship, suspend an account, note, close."""
    _require_staff(actor)
    concern = (
        Concern.objects.select_for_update(of=("self",))
        .select_related("mentorship", "about")
        .get(pk=concern.pk)
    )
    if kind not in ConcernActionKind.values:
        raise DomainError("Choose one of the listed actions.", field="kind")
    note = _clean_text(note, field="note", limit=2000, required=kind == "note", what="a note")
    # Lifting a hold or a suspension is never stuck behind a closed concern.
    after_close = {
        ConcernActionKind.NOTE,
        ConcernActionKind.LIFT_HOLD,
        ConcernActionKind.REINSTATE_USER,
    }
    if concern.status == ConcernStatus.CLOSED and kind not in after_close:
        raise DomainError("This concern is closed. You can still add a note.")
    mentorship = concern.mentorship
    data: dict[str, Any] = {"kind": kind}
    if kind == ConcernActionKind.PAUSE_MENTORSHIP:
        # Through the mentorships service, with staff as the actor: a hold only staff lift.
        mentorship_hold(actor=actor, mentorship=mentorship, reference=concern.public_id)
    elif kind == ConcernActionKind.LIFT_HOLD:
        mentorship_hold_lift(actor=actor, mentorship=mentorship)
    elif kind == ConcernActionKind.SUSPEND_USER:
        about = _about_or_refuse(concern, "suspend")
        account_suspend(actor=actor, user=about, reference=concern.public_id)
        data["user"] = str(about.public_id)
    elif kind == ConcernActionKind.REINSTATE_USER:
        about = _about_or_refuse(concern, "reinstate")
        suspension = suspension_open_of(mentor=about)
        if suspension is None or not suspension.by_staff:
            raise DomainError("This person's account is not suspended by staff.")
        mentor_reinstate(actor=actor, suspension=suspension, note=note)
        data["user"] = str(about.public_id)
    if kind == ConcernActionKind.CLOSE:
        concern.status = ConcernStatus.CLOSED
        concern.closed_at = timezone.now()
    elif concern.status == ConcernStatus.OPEN:
        concern.status = ConcernStatus.IN_REVIEW
    concern.save(update_fields=["status", "closed_at", "updated_at"])
    action = ConcernAction.objects.create(concern=concern, actor=actor, kind=kind, note=note)
    audit_record(actor=actor, action="concern.act", target=concern, data=data)
    return action


# --- the daily tick -----------------------------------------------------------------------


def engagement_tick(*, today: date | None = None) -> dict[str, int]:
    """Everything the engagement app does once a day; idempotent."""
    today = today or timezone.localdate()
    return {
        "nudged": meeting_nudge_quiet_pairs(today=today),
        "opened": evaluations_open_due(today=today),
        "reminded": evaluation_reminders_send(today=today),
    }
