"""JSON API of programs (R29, R30, R25) under /api/v1/programs/.

Who may call what is the same as on the pages (see selectors.py): a program's managers
(coordinators and admins of its institution, and staff) create and run it; members of its
institution and of its partners read it and apply; another institution's program answers
404 unless that institution is a partner. A refused rule answers 400 with `detail`.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from ninja import Query, Router

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.api import paginate
from mentorquilt.core.errors import DomainError
from mentorquilt.core.schemas import PageQuery, with_errors
from mentorquilt.institutions.models import Institution
from mentorquilt.programs import services
from mentorquilt.programs.models import SessionKind
from mentorquilt.programs.schemas import (
    ApplyIn,
    AttendanceIn,
    AttendanceOut,
    AttendanceRowOut,
    CohortIn,
    CohortMemberDetailOut,
    CohortMemberOut,
    CohortOut,
    CohortStatusIn,
    DecideIn,
    MyCohortOut,
    ProgramIn,
    ProgramOut,
    ProgramPage,
    SessionIn,
    SessionOut,
)
from mentorquilt.programs.selectors import (
    attendance_sheet,
    cohort_get_managed,
    cohort_get_visible,
    cohort_members,
    cohorts_of,
    institutions_managed,
    member_get_managed,
    member_get_own_or_managed,
    member_of,
    my_programs,
    program_get_managed,
    program_get_visible,
    program_list_visible,
    session_get_for_attendance,
    user_manages_program,
)

router = Router(tags=["programs"])


def _forbidden_as_404(error: DomainError) -> None:
    if error.code == "forbidden":
        raise Http404 from error


@router.get(
    "/programs",
    response=with_errors({200: ProgramPage}),
    operation_id="program_list",
    summary="Programs the caller runs or may join",
)
def program_list_api(request: AuthedRequest, page: Query[PageQuery]) -> Any:
    programs = program_list_visible(user=request.user).prefetch_related("partners").order_by("name")
    return paginate(programs, page)


@router.post(
    "/programs",
    response=with_errors({201: ProgramOut}),
    operation_id="program_create",
    summary="Create a program of an institution you coordinate or administer",
)
def program_create_api(request: AuthedRequest, payload: ProgramIn) -> Any:
    institution = institutions_managed(user=request.user).filter(public_id=payload.institution_id)
    if not institution.exists():
        raise Http404
    program = services.program_create(
        actor=request.user,
        institution=institution.get(),
        kind=payload.kind,
        name=payload.name,
        description=payload.description,
        partners=list(Institution.objects.filter(public_id__in=payload.partner_ids)),
        min_mentorship_months=payload.min_mentorship_months,
        cadence_weeks=payload.cadence_weeks,
        values_statement=payload.values_statement,
        application_questions=payload.application_questions,
    )
    return 201, program


@router.get(
    "/programs/mine",
    response=with_errors({200: list[MyCohortOut]}),
    operation_id="program_mine",
    summary="The caller's cohorts: group, schedule ahead and attendance record",
)
def program_mine_api(request: AuthedRequest) -> Any:
    out = []
    for mine in my_programs(user=request.user):
        member = mine.member
        out.append(
            {
                "member": member,
                "program": member.cohort.program,
                "cohort": member.cohort,
                "groups": [g.name for g in mine.groups],
                "upcoming": mine.upcoming,
                "attendance": [
                    {"session_id": session.public_id, "title": session.title, "status": status}
                    for session, status in mine.record
                ],
            }
        )
    return out


@router.get(
    "/programs/{program_id}",
    response=with_errors({200: ProgramOut}),
    operation_id="program_get",
)
def program_get_api(request: AuthedRequest, program_id: UUID) -> Any:
    return program_get_visible(user=request.user, public_id=program_id)


@router.get(
    "/programs/{program_id}/cohorts",
    response=with_errors({200: list[CohortOut]}),
    operation_id="program_cohort_list",
    summary="A program's cohorts (drafts only for its coordinators)",
)
def cohort_list_api(request: AuthedRequest, program_id: UUID) -> Any:
    program = program_get_visible(user=request.user, public_id=program_id)
    return list(cohorts_of(user=request.user, program=program).select_related("program"))


@router.post(
    "/programs/{program_id}/cohorts",
    response=with_errors({201: CohortOut}),
    operation_id="program_cohort_create",
)
def cohort_create_api(request: AuthedRequest, program_id: UUID, payload: CohortIn) -> Any:
    program = program_get_managed(user=request.user, public_id=program_id)
    cohort = services.cohort_create(
        actor=request.user,
        program=program,
        name=payload.name,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        capacity=payload.capacity,
        status=payload.status,
    )
    return 201, cohort


@router.get(
    "/programs/cohorts/{cohort_id}",
    response=with_errors({200: CohortOut}),
    operation_id="program_cohort_get",
)
def cohort_get_api(request: AuthedRequest, cohort_id: UUID) -> Any:
    return cohort_get_visible(user=request.user, public_id=cohort_id)


@router.post(
    "/programs/cohorts/{cohort_id}/status",
    response=with_errors({200: CohortOut}),
    operation_id="program_cohort_status",
    summary="Move a cohort: draft, recruiting, active (running), closed",
)
def cohort_status_api(request: AuthedRequest, cohort_id: UUID, payload: CohortStatusIn) -> Any:
    cohort = cohort_get_managed(user=request.user, public_id=cohort_id)
    return services.cohort_status_set(actor=request.user, cohort=cohort, status=payload.status)


@router.get(
    "/programs/cohorts/{cohort_id}/members",
    response=with_errors({200: list[CohortMemberDetailOut]}),
    operation_id="program_member_list",
    summary="Everyone on a cohort's list, with application answers (coordinators only)",
)
def member_list_api(request: AuthedRequest, cohort_id: UUID) -> Any:
    cohort = cohort_get_managed(user=request.user, public_id=cohort_id)
    return list(cohort_members(cohort=cohort).select_related("cohort"))


@router.post(
    "/programs/cohorts/{cohort_id}/apply",
    response=with_errors({201: CohortMemberOut}),
    operation_id="program_member_apply",
    summary="Apply to a recruiting cohort, or accept an invitation to it",
)
def member_apply_api(request: AuthedRequest, cohort_id: UUID, payload: ApplyIn) -> Any:
    cohort = cohort_get_visible(user=request.user, public_id=cohort_id)
    member = services.member_apply(
        actor=request.user,
        cohort=cohort,
        role=payload.role,
        answers=payload.answers,
        accept_values=payload.accept_values,
    )
    return 201, member


@router.post(
    "/programs/members/{member_id}/decide",
    response=with_errors({200: CohortMemberOut}),
    operation_id="program_member_decide",
    summary="Accept, waitlist or decline an application; over capacity answers 400",
)
def member_decide_api(request: AuthedRequest, member_id: UUID, payload: DecideIn) -> Any:
    member = member_get_managed(user=request.user, public_id=member_id)
    return services.member_decide(actor=request.user, member=member, decision=payload.decision)


@router.post(
    "/programs/members/{member_id}/leave",
    response=with_errors({200: CohortMemberOut}),
    operation_id="program_member_leave",
    summary="Leave a cohort (yourself), or take someone off it (coordinators)",
)
def member_leave_api(request: AuthedRequest, member_id: UUID) -> Any:
    member = member_get_own_or_managed(user=request.user, public_id=member_id)
    try:
        return services.member_leave(actor=request.user, member=member)
    except DomainError as error:
        _forbidden_as_404(error)
        raise


@router.get(
    "/programs/cohorts/{cohort_id}/sessions",
    response=with_errors({200: list[SessionOut]}),
    operation_id="program_session_list",
    summary="A cohort's sessions: all for coordinators, the caller's own for members",
)
def session_list_api(request: AuthedRequest, cohort_id: UUID) -> Any:
    cohort = cohort_get_visible(user=request.user, public_id=cohort_id)
    sessions = list(cohort.sessions.select_related("cohort", "group"))
    if user_manages_program(user=request.user, program=cohort.program):
        return sessions
    member = member_of(user=request.user, cohort=cohort)
    if member is None or member.joined_at is None:
        raise Http404
    groups = set(member.seats.values_list("group_id", flat=True))
    return [
        s
        for s in sessions
        if (s.kind != SessionKind.SMALL_GROUP or s.group_id in groups)
        and s.starts_at >= member.joined_at
    ]


@router.post(
    "/programs/cohorts/{cohort_id}/sessions",
    response=with_errors({201: SessionOut}),
    operation_id="program_session_create",
    summary="Plan a session; overlapping sessions for the same people answer 400",
)
def session_create_api(request: AuthedRequest, cohort_id: UUID, payload: SessionIn) -> Any:
    cohort = cohort_get_managed(user=request.user, public_id=cohort_id)
    group = None
    if payload.group_id is not None:
        group = cohort.groups.filter(public_id=payload.group_id).first()
        if group is None:
            raise DomainError("Choose one of this cohort's groups.", field="group_id")
    session = services.session_create(
        actor=request.user,
        cohort=cohort,
        kind=payload.kind,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
        video_url=payload.video_url,
        group=group,
        speaker_name=payload.speaker_name,
        speaker_title=payload.speaker_title,
        speaker_bio=payload.speaker_bio,
    )
    return 201, session


@router.get(
    "/programs/sessions/{session_id}/attendance",
    response=with_errors({200: list[AttendanceRowOut]}),
    operation_id="program_attendance_list",
    summary="The attendance list of a session (coordinators and facilitators)",
)
def attendance_list_api(request: AuthedRequest, session_id: UUID) -> Any:
    session = session_get_for_attendance(user=request.user, public_id=session_id)
    return [
        {
            "member_id": row.member.public_id,
            "name": row.member.user.name,
            "expected": row.expected,
            "status": row.status,
        }
        for row in attendance_sheet(session=session)
    ]


@router.post(
    "/programs/sessions/{session_id}/attendance",
    response=with_errors({200: AttendanceOut}),
    operation_id="program_attendance_record",
    summary="Record or change one member's attendance; a non-member answers 400",
)
def attendance_record_api(request: AuthedRequest, session_id: UUID, payload: AttendanceIn) -> Any:
    session = session_get_for_attendance(user=request.user, public_id=session_id)
    member = session.cohort.members.filter(public_id=payload.member_id).first()
    if member is None:
        raise DomainError("This person is not a member of this cohort.", field="member_id")
    return services.attendance_record(
        actor=request.user, session=session, member=member, status=payload.status
    )
