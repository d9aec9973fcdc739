"""Pages for meetings (R26), the action plan (R28), evaluations (R14) and concerns (R27)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.decorators import staff_required
from mentorquilt.core.errors import DomainError
from mentorquilt.core.forms import add_domain_error
from mentorquilt.engagement import services
from mentorquilt.engagement.forms import (
    CommentForm,
    ConcernActForm,
    ConcernForm,
    EvaluationForm,
    GoalForm,
    MeetingLogForm,
    MeetingNoteForm,
    MeetingRecordForm,
    MeetingScheduleForm,
    MilestoneForm,
    MissionForm,
)
from mentorquilt.engagement.ics import calendar_text
from mentorquilt.engagement.models import MeetingStatus
from mentorquilt.engagement.selectors import (
    action_plan_of_mentee_for,
    action_plan_own,
    concern_get_for_staff,
    concern_list_own,
    concern_queue,
    concern_safety,
    evaluation_get_own,
    evaluation_is_overdue,
    evaluation_summary_for_mentor,
    evaluations_open_for_mentee,
    goal_get_visible,
    goals_of,
    meeting_get_for_party,
    meeting_list,
    meeting_note_own,
    milestone_get_visible,
    own_timezone,
)
from mentorquilt.engagement.tasks import meeting_calendar_event
from mentorquilt.institutions.access import require_role
from mentorquilt.institutions.models import Role
from mentorquilt.mentorships.models import MentorshipState
from mentorquilt.mentorships.selectors import mentorship_get_for_party, mentorship_list_for
from mentorquilt.profiles.selectors import mentee_profile_of


def _other(mentorship: Any, user: Any) -> Any:
    return mentorship.mentor if mentorship.mentee_id == user.pk else mentorship.mentee


def _require_mentee(user: Any) -> None:
    require_role(user, Role.MENTEE, message="The action plan is for mentees.")


def _require_goal_owner(goal: Any, user: Any) -> None:
    """A mentor who can read the goal may comment, not change it."""
    if goal.plan.mentee_id != user.pk:
        raise PermissionDenied("Only the mentee changes their own action plan.")


def _own_timezone(user: Any) -> str:
    return own_timezone(user=user)[0]


def _tz(user: Any) -> dict[str, str]:
    name, label = own_timezone(user=user)
    return {"tz_name": name, "tz_label": label}


# --- meetings (R26) -----------------------------------------------------------------------


@login_required
def meeting_list_page(request: AuthedRequest, mentorship_id: str) -> HttpResponse:
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    meetings = list(meeting_list(user=request.user, mentorship=mentorship))
    return render(
        request,
        "engagement/meeting_list.html",
        {
            "mentorship": mentorship,
            "other": _other(mentorship, request.user),
            "planned": [m for m in meetings if m.status == MeetingStatus.SCHEDULED][::-1],
            "held": [m for m in meetings if m.status == MeetingStatus.HELD],
            "is_active": mentorship.state == MentorshipState.ACTIVE,
            "quiet_days": getattr(settings, "MEETING_QUIET_DAYS", 60),
            **_tz(request.user),
        },
    )


@login_required
def meeting_schedule(request: AuthedRequest, mentorship_id: str) -> HttpResponse:
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    form = MeetingScheduleForm(
        request.POST if request.method == "POST" else None,
        initial={"timezone": _own_timezone(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                actor=request.user,
                mentorship=mentorship,
                starts_at=form.starts_at(),
                minutes=form.cleaned_data["minutes"],
                format=form.cleaned_data["format"],
                place=form.cleaned_data["place"],
            )
        except DomainError as error:
            if error.field == "starts_at":
                error.field = "day"
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                "Meeting planned. You both get an email with a calendar invitation.",
            )
            return redirect("meeting_detail", meeting_id=meeting.public_id)
    return render(
        request,
        "engagement/meeting_schedule.html",
        {"mentorship": mentorship, "other": _other(mentorship, request.user), "form": form},
    )


@login_required
def meeting_record(request: AuthedRequest, mentorship_id: str) -> HttpResponse:
    """Record a meeting that took place without being planned here."""
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    form = MeetingRecordForm(
        request.POST if request.method == "POST" else None,
        initial={"timezone": _own_timezone(request.user), "held_minutes": 60},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_record(
                actor=request.user,
                mentorship=mentorship,
                held_at=form.held_at(),
                held_minutes=data["held_minutes"],
                format=data["format"],
                topics=data["topics"],
                private_note=data["private_note"],
            )
        except DomainError as error:
            if error.field == "held_at":
                error.field = "day"
            add_domain_error(form, error)
        else:
            messages.success(request, "Meeting recorded. Thank you!")
            return redirect("meeting_list", mentorship_id=mentorship.public_id)
    return render(
        request,
        "engagement/meeting_record.html",
        {"mentorship": mentorship, "other": _other(mentorship, request.user), "form": form},
    )


@login_required
def meeting_detail(request: AuthedRequest, meeting_id: str) -> HttpResponse:
    meeting = meeting_get_for_party(user=request.user, public_id=meeting_id)
    note_form = MeetingNoteForm(
        request.POST if request.method == "POST" else None,
        initial={"text": meeting_note_own(user=request.user, meeting=meeting)},
    )
    if request.method == "POST" and note_form.is_valid():
        try:
            services.meeting_note_save(
                author=request.user, meeting=meeting, text=note_form.cleaned_data["text"]
            )
        except DomainError as error:
            add_domain_error(note_form, error)
        else:
            messages.success(request, "Your private notes are saved.")
            return redirect("meeting_detail", meeting_id=meeting.public_id)
    return render(
        request,
        "engagement/meeting_detail.html",
        {
            "meeting": meeting,
            "mentorship": meeting.mentorship,
            "other": _other(meeting.mentorship, request.user),
            "note_form": note_form,
            "log_form": MeetingLogForm(initial={"held_minutes": meeting.minutes}),
            "can_log": meeting.status == MeetingStatus.SCHEDULED,
            **_tz(request.user),
        },
    )


@login_required
def meeting_log(request: AuthedRequest, meeting_id: str) -> HttpResponse:
    meeting = meeting_get_for_party(user=request.user, public_id=meeting_id)
    form = MeetingLogForm(
        request.POST if request.method == "POST" else None,
        initial={"held_minutes": meeting.minutes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_log(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Meeting logged. Thank you!")
            return redirect("meeting_list", mentorship_id=meeting.mentorship.public_id)
    return render(
        request,
        "engagement/meeting_log.html",
        {
            "meeting": meeting,
            "other": _other(meeting.mentorship, request.user),
            "form": form,
            **_tz(request.user),
        },
    )


@login_required
def meeting_cancel(request: AuthedRequest, meeting_id: str) -> HttpResponse:
    """GET asks "are you sure?" (a plain form, no JavaScript needed); POST cancels."""
    meeting = meeting_get_for_party(user=request.user, public_id=meeting_id)
    if request.method != "POST":
        if meeting.status != MeetingStatus.SCHEDULED:
            messages.error(request, "Only a planned meeting can be cancelled.")
            return redirect("meeting_detail", meeting_id=meeting.public_id)
        return render(
            request,
            "engagement/meeting_cancel.html",
            {
                "meeting": meeting,
                "other": _other(meeting.mentorship, request.user),
                **_tz(request.user),
            },
        )
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("meeting_detail", meeting_id=meeting.public_id)
    messages.success(request, "Meeting cancelled. You both get an email to update your calendars.")
    return redirect("meeting_list", mentorship_id=meeting.mentorship.public_id)


@login_required
def meeting_invite(request: AuthedRequest, meeting_id: str) -> HttpResponse:
    """The meeting's calendar file, to add it to a calendar again."""
    meeting = meeting_get_for_party(user=request.user, public_id=meeting_id)
    response = HttpResponse(
        calendar_text(meeting_calendar_event(meeting)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


# --- the action plan (R28) ----------------------------------------------------------------


@login_required
def action_plan(request: AuthedRequest) -> HttpResponse:
    """The mentee's own plan: mission, goals and milestones."""
    _require_mentee(request.user)
    plan = action_plan_own(user=request.user)
    form = MissionForm(
        request.POST if request.method == "POST" else None,
        initial={"mission": plan.mission if plan else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_plan_mission_set(
                mentee=request.user, mission=form.cleaned_data["mission"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your mission is saved.")
            return redirect("action_plan")
    profile = mentee_profile_of(user=request.user)
    return render(
        request,
        "engagement/action_plan.html",
        {
            "plan": plan,
            "goals": goals_of(plan=plan),
            "form": form,
            "own": True,
            "has_needs": profile is not None and profile.needs.exists(),
        },
    )


@login_required
def mentee_plan(request: AuthedRequest, mentorship_id: str) -> HttpResponse:
    """A mentor reads their mentee's plan (active mentorships only)."""
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    plan = action_plan_of_mentee_for(user=request.user, mentorship=mentorship)
    return render(
        request,
        "engagement/action_plan.html",
        {"plan": plan, "goals": goals_of(plan=plan), "own": False, "mentee": mentorship.mentee},
    )


@login_required
def goal_create(request: AuthedRequest) -> HttpResponse:
    _require_mentee(request.user)
    form = GoalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(mentee=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Goal added. Now break it into small steps.")
            return redirect("goal_detail", goal_id=goal.public_id)
    return render(request, "engagement/goal_form.html", {"form": form})


@login_required
def goal_detail(request: AuthedRequest, goal_id: str) -> HttpResponse:
    goal = goal_get_visible(user=request.user, public_id=goal_id)
    own = goal.plan.mentee_id == request.user.pk
    return render(
        request,
        "engagement/goal_detail.html",
        {
            "goal": goal,
            "own": own,
            "milestones": goal.milestones.all(),
            "comments": goal.comments.select_related("author"),
            "milestone_form": MilestoneForm() if own else None,
            "comment_form": CommentForm(),
        },
    )


@login_required
def goal_edit(request: AuthedRequest, goal_id: str) -> HttpResponse:
    """The mentee changes their own goal; a mentor who reads it may not (403)."""
    goal = goal_get_visible(user=request.user, public_id=goal_id)
    _require_goal_owner(goal, request.user)
    initial = {
        "title": goal.title,
        "detail": goal.detail,
        "needs": [need.slug for need in goal.needs.all()],
        "due_on": goal.due_on,
    }
    form = GoalForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(mentee=request.user, goal=goal, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your goal is saved.")
            return _goal_back(goal)
    return render(request, "engagement/goal_form.html", {"form": form, "goal": goal})


def _goal_back(goal: Any) -> HttpResponse:
    return redirect("goal_detail", goal_id=goal.public_id)


@login_required
@require_POST
def goal_done(request: AuthedRequest, goal_id: str) -> HttpResponse:
    goal = goal_get_visible(user=request.user, public_id=goal_id)
    _require_goal_owner(goal, request.user)
    services.goal_mark(mentee=request.user, goal=goal, done=request.POST.get("done") == "yes")
    return _goal_back(goal)


@login_required
@require_POST
def milestone_add(request: AuthedRequest, goal_id: str) -> HttpResponse:
    goal = goal_get_visible(user=request.user, public_id=goal_id)
    _require_goal_owner(goal, request.user)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(mentee=request.user, goal=goal, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "Write the step before adding it.")
    return _goal_back(goal)


@login_required
@require_POST
def milestone_done(request: AuthedRequest, milestone_id: str) -> HttpResponse:
    milestone = milestone_get_visible(user=request.user, public_id=milestone_id)
    _require_goal_owner(milestone.goal, request.user)
    services.milestone_mark(
        mentee=request.user, milestone=milestone, done=request.POST.get("done") == "yes"
    )
    return _goal_back(milestone.goal)


@login_required
@require_POST
def goal_comment(request: AuthedRequest, goal_id: str) -> HttpResponse:
    goal = goal_get_visible(user=request.user, public_id=goal_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.goal_comment_add(
                author=request.user, goal=goal, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Comment added.")
    else:
        messages.error(request, "Write your comment before sending it.")
    return _goal_back(goal)


# --- evaluations (R14) --------------------------------------------------------------------


@login_required
def evaluation_list(request: AuthedRequest) -> HttpResponse:
    overdue_days = getattr(settings, "EVALUATION_OVERDUE_DAYS", 14)
    open_ones = [
        (evaluation, evaluation_is_overdue(evaluation, overdue_days=overdue_days))
        for evaluation in evaluations_open_for_mentee(user=request.user)
    ]
    mentorships = mentorship_list_for(user=request.user)
    is_mentor = mentorships.filter(mentor=request.user).exists()
    is_mentee = bool(open_ones) or mentorships.filter(mentee=request.user).exists()
    return render(
        request,
        "engagement/evaluation_list.html",
        {
            "open_ones": open_ones,
            "is_mentee": is_mentee,
            "summary": evaluation_summary_for_mentor(user=request.user) if is_mentor else None,
        },
    )


@login_required
def evaluation_submit(request: AuthedRequest, evaluation_id: str) -> HttpResponse:
    evaluation = evaluation_get_own(user=request.user, public_id=evaluation_id)
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and evaluation.submitted_at is None and form.is_valid():
        try:
            services.evaluation_submit(
                mentee=request.user,
                evaluation=evaluation,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Thank you! Your evaluation is sent.")
            return redirect("evaluation_list")
    return render(
        request,
        "engagement/evaluation_form.html",
        {"evaluation": evaluation, "mentor": evaluation.mentorship.mentor, "form": form},
    )


# --- concerns (R27) -----------------------------------------------------------------------


@login_required
def concern_report(request: AuthedRequest, mentorship_id: str) -> HttpResponse:
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    form = ConcernForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_report(
                reporter=request.user,
                mentorship=mentorship,
                text=form.cleaned_data["text"],
                about_other=form.cleaned_data["about_other"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                "Thank you for telling us. The MentorQuilt team will read your report and "
                "contact you. The other person is not told.",
            )
            return redirect("concern_list")
    return render(
        request,
        "engagement/concern_form.html",
        {"mentorship": mentorship, "other": _other(mentorship, request.user), "form": form},
    )


@login_required
def concern_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "engagement/concern_list.html", {"concerns": concern_list_own(user=request.user)}
    )


@staff_required
def concern_queue_page(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "engagement/concern_queue.html", {"concerns": concern_queue(user=request.user)}
    )


@staff_required
def concern_detail(request: AuthedRequest, concern_id: str) -> HttpResponse:
    concern = concern_get_for_staff(user=request.user, public_id=concern_id)
    safety = concern_safety(concern=concern)
    return render(
        request,
        "engagement/concern_detail.html",
        {
            "concern": concern,
            "actions": concern.actions.select_related("actor"),
            "safety": safety,
            "form": ConcernActForm(offer=safety.choices),
        },
    )


@staff_required
@require_POST
def concern_act(request: AuthedRequest, concern_id: str) -> HttpResponse:
    concern = concern_get_for_staff(user=request.user, public_id=concern_id)
    form = ConcernActForm(request.POST)
    if form.is_valid():
        try:
            services.concern_act(actor=request.user, concern=concern, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Done. The step is recorded in the audit log.")
    else:
        messages.error(request, "Choose what you are doing about the concern.")
    return redirect("concern_detail", concern_id=concern.public_id)
