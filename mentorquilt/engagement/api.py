"""JSON API of meetings (R26), action plans (R28), evaluations (R14) and concerns (R27).

Who may do what (the same rules as the pages):
- the mentee and the mentor of a mentorship: its meetings (plan, log, cancel) and
  their own private notes (nobody reads another's), and reporting a concern;
- a mentee: their own action plan, goals, steps and evaluations; their mentors in
  active mentorships read the plan and comment on goals;
- a mentor: averages of their evaluations, once enough different mentees answered;
- platform staff: the concern queue, reading a concern (audited) and acting on it.

Anything the caller may not see answers 404; staff-only lists answer 403 to others.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.api import paginate
from mentorquilt.core.errors import DomainError
from mentorquilt.core.schemas import PageOut, PageQuery, with_errors
from mentorquilt.engagement import services
from mentorquilt.engagement.models import Concern, Evaluation, Goal
from mentorquilt.engagement.schemas import (
    ActionPlanOut,
    CommentIn,
    ConcernActIn,
    ConcernIn,
    ConcernQueueItemOut,
    ConcernStaffOut,
    EvaluationIn,
    EvaluationOut,
    EvaluationSummaryOut,
    GoalDetailOut,
    GoalIn,
    GoalPatch,
    MeetingDetailOut,
    MeetingIn,
    MeetingLogIn,
    MeetingNoteIn,
    MeetingNoteOut,
    MeetingOut,
    MeetingRecordIn,
    MilestoneIn,
    MilestoneOut,
    MilestonePatch,
    MissionIn,
    MyConcernOut,
)
from mentorquilt.engagement.selectors import (
    action_plan_of_mentee_for,
    action_plan_own,
    concern_get_for_staff,
    concern_get_own,
    concern_list_own,
    concern_queue,
    evaluation_get_own,
    evaluation_summary_for_mentor,
    goal_get_visible,
    goals_of,
    meeting_get_for_party,
    meeting_list,
    meeting_note_own,
    milestone_get_visible,
)
from mentorquilt.institutions.access import require_role, require_staff
from mentorquilt.institutions.models import Role
from mentorquilt.mentorships.selectors import mentorship_get_for_party
from mentorquilt.profiles.models import NeedArea
from mentorquilt.profiles.selectors import terms_active

router = Router(tags=["engagement"])


class MeetingPage(PageOut):
    items: list[MeetingOut]


class EvaluationPage(PageOut):
    items: list[EvaluationOut]


class MyConcernPage(PageOut):
    items: list[MyConcernOut]


class ConcernQueuePage(PageOut):
    items: list[ConcernQueueItemOut]


class ConcernActOut(Schema):
    kind: str
    status: str


def _meeting_detail(request: AuthedRequest, meeting: Any) -> Any:
    meeting.my_private_note = meeting_note_own(user=request.user, meeting=meeting)
    return meeting


def _needs(slugs: list[str]) -> list[NeedArea]:
    found = list(terms_active(NeedArea).filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise DomainError("Choose from the listed areas of need.", field="needs")
    return found


def _plan_out(mentee: Any, plan: Any) -> dict[str, Any]:
    return {
        "mentee": mentee,
        "mission": plan.mission if plan is not None else "",
        "goals": list(goals_of(plan=plan)),
    }


def _require_mentee(request: AuthedRequest) -> None:
    require_role(request.user, Role.MENTEE, message="The action plan is for mentees.")


def _own_goal(request: AuthedRequest, goal_id: UUID) -> Goal:
    """A goal the caller may change: their own. A mentor who can read it gets 403."""
    goal = goal_get_visible(user=request.user, public_id=goal_id)
    if goal.plan.mentee_id != request.user.pk:
        raise PermissionDenied("Only the mentee changes their own action plan.")
    return goal


# --- meetings (R26) -----------------------------------------------------------------------


@router.get(
    "/mentorships/{mentorship_id}/meetings",
    response=with_errors({200: MeetingPage}),
    operation_id="meeting_list",
    summary="Meetings of one of the caller's mentorships, newest first",
)
def meeting_list_api(request: AuthedRequest, mentorship_id: UUID, page: Query[PageQuery]) -> Any:
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    return paginate(
        meeting_list(user=request.user, mentorship=mentorship).select_related("mentorship"), page
    )


@router.post(
    "/mentorships/{mentorship_id}/meetings",
    response=with_errors({201: MeetingOut}),
    operation_id="meeting_schedule",
    summary="Plan a meeting; both people get an email with a calendar invitation (.ics)",
)
def meeting_schedule_api(request: AuthedRequest, mentorship_id: UUID, payload: MeetingIn) -> Any:
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    meeting = services.meeting_schedule(
        actor=request.user,
        mentorship=mentorship,
        starts_at=payload.starts_at,
        minutes=payload.minutes,
        format=payload.format,
        place=payload.place,
    )
    return 201, meeting


@router.post(
    "/mentorships/{mentorship_id}/meetings/held",
    response=with_errors({201: MeetingDetailOut}),
    operation_id="meeting_record",
    summary="Record a meeting that took place without being planned here",
)
def meeting_record_api(
    request: AuthedRequest, mentorship_id: UUID, payload: MeetingRecordIn
) -> Any:
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    meeting = services.meeting_record(
        actor=request.user,
        mentorship=mentorship,
        held_at=payload.held_at,
        held_minutes=payload.held_minutes,
        format=payload.format,
        topics=payload.topics,
        private_note=payload.private_note,
    )
    return 201, _meeting_detail(request, meeting)


@router.get(
    "/meetings/{meeting_id}",
    response=with_errors({200: MeetingDetailOut}),
    operation_id="meeting_get",
    summary="One meeting of the caller's, with the caller's own private notes",
)
def meeting_get_api(request: AuthedRequest, meeting_id: UUID) -> Any:
    return _meeting_detail(request, meeting_get_for_party(user=request.user, public_id=meeting_id))


@router.post(
    "/meetings/{meeting_id}/log",
    response=with_errors({200: MeetingDetailOut}),
    operation_id="meeting_log",
    summary="Log a planned meeting as held: length, topics and optional private notes",
)
def meeting_log_api(request: AuthedRequest, meeting_id: UUID, payload: MeetingLogIn) -> Any:
    meeting = meeting_get_for_party(user=request.user, public_id=meeting_id)
    meeting = services.meeting_log(
        actor=request.user,
        meeting=meeting,
        held_minutes=payload.held_minutes,
        topics=payload.topics,
        private_note=payload.private_note,
    )
    return _meeting_detail(request, meeting)


@router.post(
    "/meetings/{meeting_id}/cancel",
    response=with_errors({200: MeetingOut}),
    operation_id="meeting_cancel",
    summary="Cancel a planned meeting; both people get the cancellation for their calendars",
)
def meeting_cancel_api(request: AuthedRequest, meeting_id: UUID) -> Any:
    meeting = meeting_get_for_party(user=request.user, public_id=meeting_id)
    return services.meeting_cancel(actor=request.user, meeting=meeting)


@router.put(
    "/meetings/{meeting_id}/my-note",
    response=with_errors({200: MeetingNoteOut}),
    operation_id="meeting_note_set",
    summary="Write the caller's private notes on a meeting (empty deletes them)",
)
def meeting_note_set_api(request: AuthedRequest, meeting_id: UUID, payload: MeetingNoteIn) -> Any:
    meeting = meeting_get_for_party(user=request.user, public_id=meeting_id)
    services.meeting_note_save(author=request.user, meeting=meeting, text=payload.text)
    return {"my_private_note": meeting_note_own(user=request.user, meeting=meeting)}


# --- the action plan (R28) ----------------------------------------------------------------


@router.get(
    "/action-plan",
    response=with_errors({200: ActionPlanOut}),
    operation_id="action_plan_get",
    summary="The caller's own action plan: mission, goals and steps",
)
def action_plan_get(request: AuthedRequest) -> Any:
    _require_mentee(request)
    return _plan_out(request.user, action_plan_own(user=request.user))


@router.put(
    "/action-plan",
    response=with_errors({200: ActionPlanOut}),
    operation_id="action_plan_update",
    summary="Write the caller's personal mission",
)
def action_plan_update(request: AuthedRequest, payload: MissionIn) -> Any:
    _require_mentee(request)
    plan = services.action_plan_mission_set(mentee=request.user, mission=payload.mission)
    return _plan_out(request.user, plan)


@router.get(
    "/mentorships/{mentorship_id}/action-plan",
    response=with_errors({200: ActionPlanOut}),
    operation_id="mentee_action_plan_get",
    summary="A mentor reads their mentee's action plan (active mentorships only)",
)
def mentee_action_plan_get(request: AuthedRequest, mentorship_id: UUID) -> Any:
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    plan = action_plan_of_mentee_for(user=request.user, mentorship=mentorship)
    return _plan_out(mentorship.mentee, plan)


@router.post(
    "/action-plan/goals",
    response=with_errors({201: GoalDetailOut}),
    operation_id="goal_create",
    summary="Add a goal to the caller's action plan",
)
def goal_create_api(request: AuthedRequest, payload: GoalIn) -> Any:
    _require_mentee(request)
    goal = services.goal_create(
        mentee=request.user,
        title=payload.title,
        detail=payload.detail,
        needs=_needs(payload.needs),
        due_on=payload.due_on,
    )
    return 201, goal


@router.get(
    "/goals/{goal_id}",
    response=with_errors({200: GoalDetailOut}),
    operation_id="goal_get",
    summary="One goal with its steps and comments (the mentee and their current mentors)",
)
def goal_get_api(request: AuthedRequest, goal_id: UUID) -> Any:
    return goal_get_visible(user=request.user, public_id=goal_id)


@router.patch(
    "/goals/{goal_id}",
    response=with_errors({200: GoalDetailOut}),
    operation_id="goal_update",
    summary="Change one of the caller's goals, or mark it done; fields left out keep their value",
)
def goal_update_api(request: AuthedRequest, goal_id: UUID, payload: GoalPatch) -> Any:
    goal = _own_goal(request, goal_id)
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    if {"title", "detail", "needs", "due_on"} & set(changes):
        goal = services.goal_update(
            mentee=request.user,
            goal=goal,
            title=changes.get("title", goal.title),
            detail=changes.get("detail", goal.detail),
            needs=_needs(changes["needs"]) if "needs" in changes else list(goal.needs.all()),
            due_on=changes.get("due_on", goal.due_on),
        )
    if "done" in changes:
        goal = services.goal_mark(mentee=request.user, goal=goal, done=changes["done"])
    return goal


@router.post(
    "/goals/{goal_id}/milestones",
    response=with_errors({201: MilestoneOut}),
    operation_id="milestone_add",
    summary="Add a step to one of the caller's goals",
)
def milestone_add_api(request: AuthedRequest, goal_id: UUID, payload: MilestoneIn) -> Any:
    goal = _own_goal(request, goal_id)
    milestone = services.milestone_add(
        mentee=request.user, goal=goal, title=payload.title, due_on=payload.due_on
    )
    return 201, milestone


@router.patch(
    "/milestones/{milestone_id}",
    response=with_errors({200: MilestoneOut}),
    operation_id="milestone_update",
    summary="Mark a step of one of the caller's goals done or not done",
)
def milestone_update_api(
    request: AuthedRequest, milestone_id: UUID, payload: MilestonePatch
) -> Any:
    milestone = milestone_get_visible(user=request.user, public_id=milestone_id)
    if milestone.goal.plan.mentee_id != request.user.pk:
        raise PermissionDenied("Only the mentee changes their own action plan.")
    return services.milestone_mark(mentee=request.user, milestone=milestone, done=payload.done)


@router.post(
    "/goals/{goal_id}/comments",
    response=with_errors({201: GoalDetailOut}),
    operation_id="goal_comment_add",
    summary="Comment on a goal (the mentee and their current mentors)",
)
def goal_comment_add_api(request: AuthedRequest, goal_id: UUID, payload: CommentIn) -> Any:
    goal = goal_get_visible(user=request.user, public_id=goal_id)
    services.goal_comment_add(author=request.user, goal=goal, text=payload.text)
    return 201, goal


# --- evaluations (R14) --------------------------------------------------------------------


@router.get(
    "/evaluations",
    response=with_errors({200: EvaluationPage}),
    operation_id="evaluation_list",
    summary="The caller's evaluations of their mentors, due first (answered ones included)",
)
def evaluation_list_api(request: AuthedRequest, page: Query[PageQuery]) -> Any:
    evaluations = (
        Evaluation.objects.filter(mentorship__mentee=request.user)
        .select_related("mentorship__mentor")
        .order_by("submitted_at", "due_on")
    )
    return paginate(evaluations, page)


@router.post(
    "/evaluations/{evaluation_id}/answers",
    response=with_errors({200: EvaluationOut}),
    operation_id="evaluation_submit",
    summary="Answer one of the caller's due evaluations (once)",
)
def evaluation_submit_api(
    request: AuthedRequest, evaluation_id: UUID, payload: EvaluationIn
) -> Any:
    evaluation = evaluation_get_own(user=request.user, public_id=evaluation_id)
    answers = payload.model_dump(exclude={"comment"})
    return services.evaluation_submit(
        mentee=request.user, evaluation=evaluation, answers=answers, comment=payload.comment
    )


@router.get(
    "/evaluations/summary",
    response=with_errors({200: EvaluationSummaryOut}),
    operation_id="evaluation_summary",
    summary="A mentor's averages, shown only once enough different mentees have answered",
)
def evaluation_summary_api(request: AuthedRequest) -> Any:
    summary = evaluation_summary_for_mentor(user=request.user)
    return {
        "shown": summary.shown,
        "mentees_needed": summary.mentees_needed,
        "count": summary.count,
        "averages": [{"question": q, "average": a} for q, a in summary.averages],
    }


# --- concerns (R27) -----------------------------------------------------------------------


@router.post(
    "/mentorships/{mentorship_id}/concerns",
    response=with_errors({201: MyConcernOut}),
    operation_id="concern_report",
    summary="Report a concern about one of the caller's mentorships, confidentially, to staff",
)
def concern_report_api(request: AuthedRequest, mentorship_id: UUID, payload: ConcernIn) -> Any:
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    concern = services.concern_report(
        reporter=request.user,
        mentorship=mentorship,
        text=payload.text,
        about_other=payload.about_other,
    )
    return 201, concern


@router.get(
    "/concerns",
    response=with_errors({200: MyConcernPage}),
    operation_id="concern_list",
    summary="Concerns the caller reported (never the ones about them)",
)
def concern_list_api(request: AuthedRequest, page: Query[PageQuery]) -> Any:
    return paginate(concern_list_own(user=request.user), page)


@router.get(
    "/concerns/{concern_id}",
    response=with_errors({200: MyConcernOut}),
    operation_id="concern_get",
    summary="One concern the caller reported",
)
def concern_get_api(request: AuthedRequest, concern_id: UUID) -> Any:
    return concern_get_own(user=request.user, public_id=concern_id)


def _require_staff(request: AuthedRequest) -> None:
    require_staff(request.user)


@router.get(
    "/staff/concerns",
    response=with_errors({200: ConcernQueuePage}),
    operation_id="concern_queue",
    summary="Every concern, open ones first, without their text (platform staff)",
)
def concern_queue_api(request: AuthedRequest, page: Query[PageQuery]) -> Any:
    _require_staff(request)
    return paginate(concern_queue(user=request.user), page)


def _staff_concern(request: AuthedRequest, concern_id: UUID) -> Concern:
    if not request.user.is_staff:
        raise Http404("No such concern.")
    return concern_get_for_staff(user=request.user, public_id=concern_id)


@router.get(
    "/staff/concerns/{concern_id}",
    response=with_errors({200: ConcernStaffOut}),
    operation_id="concern_read",
    summary="Read one concern with its people and actions (platform staff; audited)",
)
def concern_read_api(request: AuthedRequest, concern_id: UUID) -> Any:
    return _staff_concern(request, concern_id)


@router.post(
    "/staff/concerns/{concern_id}/actions",
    response=with_errors({201: ConcernActOut}),
    operation_id="concern_act",
    summary="Act on a concern: review, pause the mentorship, suspend, note, close (staff)",
)
def concern_act_api(request: AuthedRequest, concern_id: UUID, payload: ConcernActIn) -> Any:
    concern = _staff_concern(request, concern_id)
    action = services.concern_act(
        actor=request.user, concern=concern, kind=payload.kind, note=payload.note
    )
    return 201, {"kind": action.kind, "status": action.concern.status}
