"""Permission-scoped reads for meetings, action plans, evaluations and concerns.

Anything the user may not see is "not found" (Http404), never "forbidden":
- meetings and their mentorship: only its mentee and mentor;
- private meeting notes: only their author (there is no other reader);
- an action plan and its goals: the mentee and their mentors in active mentorships;
- evaluations: the mentee answers their own; a mentor sees only averages across at
  least EVALUATION_MIN_MENTEES different mentees, never one evaluation;
- concerns: the reporter sees their own; platform staff see all, and every staff read
  of a concern's text is audited (`concern.read`). The person a concern is about
  never sees it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentorquilt.accounts.models import User
from mentorquilt.core.ids import parse_public_id
from mentorquilt.core.services import audit_record
from mentorquilt.engagement.models import (
    EVALUATION_QUESTIONS,
    ActionPlan,
    Concern,
    ConcernActionKind,
    ConcernStatus,
    Evaluation,
    EvaluationKind,
    Goal,
    Meeting,
    MeetingNote,
    MeetingStatus,
    Milestone,
    QuietNudge,
)
from mentorquilt.mentorships.models import Mentorship, MentorshipState
from mentorquilt.mentorships.selectors import suspension_open_of
from mentorquilt.profiles.forms import COMMON_TIMEZONES
from mentorquilt.profiles.selectors import mentee_profile_of, mentor_profile_of

EVALUATION_EVERY_MONTHS = 6
# A mentor sees averages only once this many different mentees have answered (R14).
EVALUATION_MIN_MENTEES = 3


DEFAULT_TIMEZONE = "America/New_York"
_TIMEZONE_LABELS = dict(COMMON_TIMEZONES)


def own_timezone(*, user: Any) -> tuple[str, str]:
    """(zone name, plain label) of the person's profile time zone, for showing times."""
    name = DEFAULT_TIMEZONE
    for profile in (mentee_profile_of(user=user), mentor_profile_of(user=user)):
        if profile is not None and profile.timezone:
            name = profile.timezone
            break
    return name, _TIMEZONE_LABELS.get(name, name)


# --- mentorships as seen from here ------------------------------------------------------


def mentors_of_mentee(*, mentee: Any) -> QuerySet[User]:
    """The mentee's mentors in active mentorships: they may read and comment on the plan."""
    return User.objects.filter(
        mentorships_as_mentor__mentee=mentee,
        mentorships_as_mentor__state=MentorshipState.ACTIVE,
    ).distinct()


# --- meetings (R26) -----------------------------------------------------------------------


def meeting_list(*, user: Any, mentorship: Mentorship) -> QuerySet[Meeting]:
    if user.pk not in (mentorship.mentee_id, mentorship.mentor_id):
        return Meeting.objects.none()
    return Meeting.objects.filter(mentorship=mentorship).select_related("logged_by")


def meeting_get_for_party(*, user: Any, public_id: Any) -> Meeting:
    if not user.is_authenticated:
        raise Http404("No such meeting.")
    meeting = (
        Meeting.objects.filter(public_id=parse_public_id(public_id, "meeting"))
        .filter(Q(mentorship__mentee=user) | Q(mentorship__mentor=user))
        .select_related("mentorship__mentee", "mentorship__mentor", "logged_by", "scheduled_by")
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def meeting_note_own(*, user: Any, meeting: Meeting) -> str:
    """The user's own private notes on the meeting ("" when none). Nobody reads another's."""
    note = MeetingNote.objects.filter(meeting=meeting, author=user).first()
    return note.text if note is not None else ""


def quiet_pairs(*, today: date, quiet_days: int) -> list[tuple[Mentorship, date]]:
    """Active pairs with no meeting held or planned since `quiet_days` before `today` and
    nothing planned ahead, with the day they last met (or started), not yet nudged for it.

    A fixed number of queries whatever the number of pairs.
    """
    limit = today - timedelta(days=quiet_days)
    now = timezone.now()
    live = ~Q(meetings__status=MeetingStatus.CANCELLED)
    pairs = (
        Mentorship.objects.filter(state=MentorshipState.ACTIVE, started_on__lte=limit)
        .annotate(
            last_met=Max("meetings__starts_at", filter=live & Q(meetings__starts_at__lte=now)),
            planned_ahead=Exists(
                Meeting.objects.filter(
                    mentorship=OuterRef("pk"), status=MeetingStatus.SCHEDULED, starts_at__gt=now
                )
            ),
        )
        .filter(planned_ahead=False)
        .select_related("mentee", "mentor")
    )
    found: list[tuple[Mentorship, date]] = []
    for mentorship in pairs:
        last = mentorship.started_on
        last_met = getattr(mentorship, "last_met", None)
        if last_met is not None and timezone.localdate(last_met) > last:
            last = timezone.localdate(last_met)
        if last <= limit:
            found.append((mentorship, last))
    nudged = set(
        QuietNudge.objects.filter(mentorship_id__in=[m.pk for m, _ in found]).values_list(
            "mentorship_id", "quiet_since"
        )
    )
    return [(m, last) for m, last in found if (m.pk, last) not in nudged]


# --- the action plan (R28) ----------------------------------------------------------------


def action_plan_own(*, user: Any) -> ActionPlan | None:
    return ActionPlan.objects.filter(mentee=user).first()


def _plan_viewable_by(user: Any) -> Q:
    return Q(plan__mentee=user) | Q(
        plan__mentee__mentorships_as_mentee__mentor=user,
        plan__mentee__mentorships_as_mentee__state=MentorshipState.ACTIVE,
    )


def goals_of(*, plan: ActionPlan | None) -> QuerySet[Goal]:
    if plan is None:
        return Goal.objects.none()
    return plan.goals.prefetch_related("needs", "milestones")


def action_plan_of_mentee_for(*, user: Any, mentorship: Mentorship) -> ActionPlan | None:
    """A mentor's view of their mentee's plan, through an active mentorship (None if none yet)."""
    if mentorship.mentor_id != user.pk or mentorship.state != MentorshipState.ACTIVE:
        raise Http404("No such action plan.")
    return ActionPlan.objects.filter(mentee_id=mentorship.mentee_id).first()


def goal_get_visible(*, user: Any, public_id: Any) -> Goal:
    if not user.is_authenticated:
        raise Http404("No such goal.")
    goal = (
        Goal.objects.filter(public_id=parse_public_id(public_id, "goal"))
        .filter(_plan_viewable_by(user))
        .select_related("plan__mentee")
        .distinct()
        .first()
    )
    if goal is None:
        raise Http404("No such goal.")
    return goal


def milestone_get_visible(*, user: Any, public_id: Any) -> Milestone:
    if not user.is_authenticated:
        raise Http404("No such step.")
    milestone = (
        Milestone.objects.filter(public_id=parse_public_id(public_id, "step"))
        .filter(
            Q(goal__plan__mentee=user)
            | Q(
                goal__plan__mentee__mentorships_as_mentee__mentor=user,
                goal__plan__mentee__mentorships_as_mentee__state=MentorshipState.ACTIVE,
            )
        )
        .select_related("goal__plan__mentee")
        .distinct()
        .first()
    )
    if milestone is None:
        raise Http404("No such step.")
    return milestone


# --- evaluations (R14) --------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def evaluation_due_dates(*, mentorship: Mentorship, today: date) -> list[tuple[str, date]]:
    """Every evaluation of the mentorship due by `today`: each 6 months, and at its end."""
    end = (
        timezone.localdate(mentorship.concluded_at)
        if mentorship.state == MentorshipState.CONCLUDED and mentorship.concluded_at
        else None
    )
    dates: list[tuple[str, date]] = []
    n = 1
    while True:
        due = add_months(mentorship.started_on, EVALUATION_EVERY_MONTHS * n)
        if due > today or (end is not None and due >= end):
            break
        dates.append((EvaluationKind.PERIODIC, due))
        n += 1
    if end is not None and end <= today:
        dates.append((EvaluationKind.FINAL, end))
    return dates


def evaluations_open_for_mentee(*, user: Any) -> QuerySet[Evaluation]:
    """The mentee's evaluations that are due and not yet answered, oldest first."""
    if not user.is_authenticated:
        return Evaluation.objects.none()
    return Evaluation.objects.filter(
        mentorship__mentee=user, submitted_at__isnull=True, due_on__lte=timezone.localdate()
    ).select_related("mentorship__mentor")


def evaluation_get_own(*, user: Any, public_id: Any) -> Evaluation:
    """One of the mentee's own evaluations (answered or not); 404 for everyone else."""
    if not user.is_authenticated:
        raise Http404("No such evaluation.")
    evaluation = (
        Evaluation.objects.filter(
            public_id=parse_public_id(public_id, "evaluation"), mentorship__mentee=user
        )
        .select_related("mentorship__mentor")
        .first()
    )
    if evaluation is None:
        raise Http404("No such evaluation.")
    return evaluation


def evaluation_is_overdue(evaluation: Evaluation, *, overdue_days: int) -> bool:
    return evaluation.due_on <= timezone.localdate() - timedelta(days=overdue_days)


@dataclass(frozen=True)
class EvaluationSummary:
    """What a mentor may see of their evaluations: averages only, or nothing yet."""

    shown: bool
    mentees_needed: int
    count: int = 0
    averages: tuple[tuple[str, float], ...] = ()


def evaluation_summary_for_mentor(*, user: Any) -> EvaluationSummary:
    """Averages of the answers about this mentor, only once enough different mentees answered.

    Below the threshold nothing is shown, not even how many answered, so that no one
    answer can be traced to a mentee.
    """
    submitted = Evaluation.objects.filter(mentorship__mentor=user, submitted_at__isnull=False)
    figures = submitted.aggregate(
        mentees=Count("mentorship__mentee", distinct=True),
        count=Count("id"),
        **{name: Avg(name) for name, _ in EVALUATION_QUESTIONS},
    )
    if figures["mentees"] < EVALUATION_MIN_MENTEES:
        return EvaluationSummary(shown=False, mentees_needed=EVALUATION_MIN_MENTEES)
    return EvaluationSummary(
        shown=True,
        mentees_needed=EVALUATION_MIN_MENTEES,
        count=figures["count"],
        averages=tuple(
            (question, round(float(figures[name]), 1)) for name, question in EVALUATION_QUESTIONS
        ),
    )


# --- concerns (R27) -----------------------------------------------------------------------


def concern_list_own(*, user: Any) -> QuerySet[Concern]:
    """Concerns the person reported. Never the ones about them."""
    if not user.is_authenticated:
        return Concern.objects.none()
    return Concern.objects.filter(reporter=user)


def concern_get_own(*, user: Any, public_id: Any) -> Concern:
    concern = (
        concern_list_own(user=user).filter(public_id=parse_public_id(public_id, "concern")).first()
    )
    if concern is None:
        raise Http404("No such concern.")
    return concern


def concern_queue(*, user: Any, status: str = "") -> QuerySet[Concern]:
    """Every concern, open ones first (platform staff only; others get nothing).

    The list shows no text, so it is not audited; opening one is.
    """
    if not user.is_authenticated or not user.is_staff:
        return Concern.objects.none()
    concerns = Concern.objects.select_related("mentorship")
    if status:
        concerns = concerns.filter(status=status)
    return concerns.order_by(F("closed_at").asc(nulls_first=True), "-created_at")


def concern_get_for_staff(*, user: Any, public_id: Any) -> Concern:
    """One concern with its text, people and actions, for staff; writes `concern.read`."""
    concern = (
        concern_queue(user=user)
        .filter(public_id=parse_public_id(public_id, "concern"))
        .select_related("reporter", "about", "mentorship__mentee", "mentorship__mentor")
        .first()
    )
    if concern is None:
        raise Http404("No such concern.")
    audit_record(actor=user, action="concern.read", target=concern)
    return concern


@dataclass(frozen=True)
class ConcernSafety:
    """What staff have in force for a concern: a hold on the mentorship, a suspension."""

    on_hold: bool
    hold_from_here: bool
    suspension: Any  # the open suspension of the person it is about, or None
    choices: list[str]


def concern_safety(*, concern: Concern) -> ConcernSafety:
    """The hold and suspension in force, and the steps that make sense now (R27)."""
    mentorship = concern.mentorship
    about = concern.about
    suspension = suspension_open_of(mentor=about) if about is not None else None
    staff_suspended = bool(suspension and suspension.by_staff) or bool(
        about is not None and not about.is_active
    )
    choices = [ConcernActionKind.NOTE]
    if concern.status != ConcernStatus.CLOSED:
        choices.append(ConcernActionKind.REVIEW)
        if mentorship.is_open and not mentorship.on_hold:
            choices.append(ConcernActionKind.PAUSE_MENTORSHIP)
        if about is not None and not about.is_staff and not staff_suspended:
            choices.append(ConcernActionKind.SUSPEND_USER)
    if mentorship.on_hold:
        choices.append(ConcernActionKind.LIFT_HOLD)
    if staff_suspended:
        choices.append(ConcernActionKind.REINSTATE_USER)
    if concern.status != ConcernStatus.CLOSED:
        choices.append(ConcernActionKind.CLOSE)
    return ConcernSafety(
        on_hold=mentorship.on_hold,
        hold_from_here=mentorship.on_hold and mentorship.hold_reference == concern.public_id,
        suspension=suspension,
        choices=[str(c) for c in choices],
    )


def concern_open_count(*, user: Any) -> int:
    return concern_queue(user=user).exclude(status="closed").count()


# --- the home page ------------------------------------------------------------------------


@dataclass(frozen=True)
class EngagementHome:
    """What the home page shows of meetings, plans, evaluations and concerns."""

    is_mentee: bool
    is_mentor: bool
    evaluations: list[tuple[Evaluation, bool]]  # (evaluation, overdue)
    pairs: list[tuple[Mentorship, Any, Meeting | None]]  # (mentorship, the other, next meeting)
    open_concerns: int
    tz_name: str = DEFAULT_TIMEZONE
    tz_label: str = ""

    @property
    def shown(self) -> bool:
        return bool(self.evaluations or self.pairs or self.open_concerns or self.is_mentee)


def engagement_home(*, user: Any, overdue_days: int, is_mentee: bool) -> EngagementHome:
    if not user.is_authenticated:
        return EngagementHome(False, False, [], [], 0)
    evaluations = [
        (evaluation, evaluation_is_overdue(evaluation, overdue_days=overdue_days))
        for evaluation in evaluations_open_for_mentee(user=user)[:20]
    ]
    active = (
        Mentorship.objects.filter(Q(mentee=user) | Q(mentor=user), state=MentorshipState.ACTIVE)
        .select_related("mentee", "mentor")
        .order_by("started_on")[:20]
    )
    now = timezone.now()
    pairs = []
    for mentorship in active:
        upcoming = (
            Meeting.objects.filter(
                mentorship=mentorship, status=MeetingStatus.SCHEDULED, starts_at__gt=now
            )
            .order_by("starts_at")
            .first()
        )
        other = mentorship.mentor if mentorship.mentee_id == user.pk else mentorship.mentee
        pairs.append((mentorship, other, upcoming))
    return EngagementHome(
        is_mentee=is_mentee,
        is_mentor=any(m.mentor_id == user.pk for m, _, _ in pairs),
        evaluations=evaluations,
        pairs=pairs,
        open_concerns=concern_open_count(user=user) if user.is_staff else 0,
        tz_name=own_timezone(user=user)[0],
        tz_label=own_timezone(user=user)[1],
    )
