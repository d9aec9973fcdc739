"""Permission-scoped reads of programs (R29, R30).

Who sees what:
- Staff see every program, cohort and member.
- Coordinators and admins of the owning institution manage the program: they see its
  cohorts (drafts too), members with their application answers, groups, sessions and
  attendance.
- Members (any active role) of the owning institution or of a partner institution see
  the program's description and its cohorts that are recruiting, running or closed, so
  they can apply. Members of a cohort see the program too.
- Everyone else gets 404: another institution's program is not disclosed unless that
  institution is a partner.
- A facilitator of a cohort sees its sessions' attendance lists and takes attendance.
- A member sees their own record: schedule, group, attendance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentorquilt.core.ids import parse_public_id
from mentorquilt.institutions.models import Institution, Membership, MembershipStatus, Role
from mentorquilt.programs.models import (
    Attendance,
    Cohort,
    CohortMember,
    CohortStatus,
    GroupMember,
    GroupRole,
    MemberRole,
    MemberStatus,
    Program,
    Session,
    SessionKind,
    SessionStatus,
    SmallGroup,
)

MANAGING_ROLES = (Role.ADMIN, Role.COORDINATOR)
# Members who are in the cohort (or were, for sessions before they left).
IN_COHORT = (MemberStatus.ACCEPTED, MemberStatus.LEFT)


def _active_institution_ids(user: Any, roles: tuple[str, ...] | None = None) -> QuerySet[Any]:
    memberships = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("institution_id")


def institutions_managed(*, user: Any) -> QuerySet[Institution]:
    """Institutions whose programs the user may create and run."""
    if not user.is_authenticated:
        return Institution.objects.none()
    if user.is_staff:
        return Institution.objects.all().order_by("name")
    return Institution.objects.filter(
        id__in=_active_institution_ids(user, MANAGING_ROLES)
    ).order_by("name")


def user_runs_programs(*, user: Any) -> bool:
    return bool(user.is_authenticated) and institutions_managed(user=user).exists()


def program_list_managed(*, user: Any) -> QuerySet[Program]:
    if not user.is_authenticated:
        return Program.objects.none()
    programs = Program.objects.all()
    if not user.is_staff:
        programs = programs.filter(institution_id__in=_active_institution_ids(user, MANAGING_ROLES))
    return programs.select_related("institution").annotate(cohort_count=Count("cohorts"))


def program_list_visible(*, user: Any) -> QuerySet[Program]:
    """Programs the user may read: managed ones, those of their own or a partner
    institution, and those with a cohort they belong to."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_staff:
        return Program.objects.select_related("institution")
    mine = _active_institution_ids(user)
    ids = Program.objects.filter(
        Q(institution_id__in=mine) | Q(partners__in=mine) | Q(cohorts__members__user=user)
    ).values("id")
    return Program.objects.filter(id__in=ids).select_related("institution")


def user_manages_program(*, user: Any, program: Program) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(
        user=user,
        institution_id=program.institution_id,
        role__in=MANAGING_ROLES,
        status=MembershipStatus.ACTIVE,
    ).exists()


def user_may_join(*, user: Any, program: Program) -> bool:
    """A member of the owning or of a partner institution may apply."""
    if not user.is_authenticated:
        return False
    institution_ids = {program.institution_id, *program.partners.values_list("id", flat=True)}
    return Membership.objects.filter(
        user=user, status=MembershipStatus.ACTIVE, institution_id__in=institution_ids
    ).exists()


def program_get_visible(*, user: Any, public_id: Any) -> Program:
    program = (
        program_list_visible(user=user)
        .filter(public_id=parse_public_id(public_id, "program"))
        .first()
    )
    if program is None:
        raise Http404("No such program.")
    return program


def program_get_managed(*, user: Any, public_id: Any) -> Program:
    program = (
        program_list_managed(user=user)
        .filter(public_id=parse_public_id(public_id, "program"))
        .first()
    )
    if program is None:
        raise Http404("No such program.")
    return program


def cohorts_of(*, user: Any, program: Program) -> QuerySet[Cohort]:
    """A program's cohorts: all of them for its managers, drafts hidden from the rest."""
    cohorts = program.cohorts.annotate(
        accepted_count=Count(
            "members",
            filter=Q(members__status=MemberStatus.ACCEPTED, members__role=MemberRole.PARTICIPANT),
        ),
        applied_count=Count("members", filter=Q(members__status=MemberStatus.APPLIED)),
    )
    if not user_manages_program(user=user, program=program):
        cohorts = cohorts.exclude(status=CohortStatus.DRAFT)
    return cohorts


def cohort_get_visible(*, user: Any, public_id: Any) -> Cohort:
    """A cohort whose program the user sees (drafts only for its managers)."""
    cohort = (
        Cohort.objects.select_related("program__institution")
        .filter(
            public_id=parse_public_id(public_id, "cohort"),
            program__in=program_list_visible(user=user),
        )
        .first()
    )
    if cohort is None:
        raise Http404("No such cohort.")
    if cohort.status == CohortStatus.DRAFT and not user_manages_program(
        user=user, program=cohort.program
    ):
        raise Http404("No such cohort.")
    return cohort


def cohort_get_managed(*, user: Any, public_id: Any) -> Cohort:
    cohort = (
        Cohort.objects.select_related("program__institution")
        .filter(
            public_id=parse_public_id(public_id, "cohort"),
            program__in=program_list_managed(user=user),
        )
        .first()
    )
    if cohort is None:
        raise Http404("No such cohort.")
    return cohort


def member_get_managed(*, user: Any, public_id: Any) -> CohortMember:
    member = (
        CohortMember.objects.select_related("cohort__program", "user")
        .filter(
            public_id=parse_public_id(public_id, "member"),
            cohort__program__in=program_list_managed(user=user),
        )
        .first()
    )
    if member is None:
        raise Http404("No such member.")
    return member


def member_get_own_or_managed(*, user: Any, public_id: Any) -> CohortMember:
    """The person's own cohort membership, or one of a program they manage."""
    if not user.is_authenticated:
        raise Http404("No such member.")
    member = (
        CohortMember.objects.select_related("cohort__program", "user")
        .filter(public_id=parse_public_id(public_id, "member"))
        .filter(Q(user=user) | Q(cohort__program__in=program_list_managed(user=user)))
        .first()
    )
    if member is None:
        raise Http404("No such member.")
    return member


def member_of(*, user: Any, cohort: Cohort) -> CohortMember | None:
    if not user.is_authenticated:
        return None
    return CohortMember.objects.filter(cohort=cohort, user=user).first()


def cohort_members(*, cohort: Cohort) -> QuerySet[CohortMember]:
    """Every member row of a cohort with the person and their groups (managers' view)."""
    return (
        cohort.members.select_related("user")
        .prefetch_related(Prefetch("seats", queryset=GroupMember.objects.select_related("group")))
        .order_by("status", "role", "user__name")
    )


def cohort_groups(*, cohort: Cohort) -> QuerySet[SmallGroup]:
    return cohort.groups.prefetch_related(
        Prefetch("seats", queryset=GroupMember.objects.select_related("member__user"))
    )


def cohort_sessions(*, cohort: Cohort) -> QuerySet[Session]:
    return cohort.sessions.select_related("group")


def facilitates(*, user: Any, cohort: Cohort) -> bool:
    return CohortMember.objects.filter(
        cohort=cohort,
        user=user,
        role=MemberRole.FACILITATOR,
        status=MemberStatus.ACCEPTED,
    ).exists()


def may_take_attendance(*, user: Any, session: Session) -> bool:
    """The program's managers, staff and the cohort's facilitators."""
    if not user.is_authenticated:
        return False
    return user_manages_program(user=user, program=session.cohort.program) or facilitates(
        user=user, cohort=session.cohort
    )


def session_get_for_attendance(*, user: Any, public_id: Any) -> Session:
    session = (
        Session.objects.select_related("cohort__program", "group")
        .filter(public_id=parse_public_id(public_id, "session"))
        .first()
    )
    if session is None or not may_take_attendance(user=user, session=session):
        raise Http404("No such session.")
    return session


def session_get_for_member(*, user: Any, public_id: Any) -> Session:
    """A session the user is expected at, or may take attendance for."""
    session = (
        Session.objects.select_related("cohort__program", "group")
        .filter(public_id=parse_public_id(public_id, "session"))
        .first()
    )
    if session is None:
        raise Http404("No such session.")
    if may_take_attendance(user=user, session=session):
        return session
    member = member_of(user=user, cohort=session.cohort)
    if member is None or not is_expected(member=member, session=session, seats=None):
        raise Http404("No such session.")
    return session


def _group_ids(member: CohortMember, seats: dict[int, set[int]] | None) -> set[int]:
    if seats is not None:
        return seats.get(member.pk, set())
    return set(GroupMember.objects.filter(member=member).values_list("group_id", flat=True))


def is_expected(
    *, member: CohortMember, session: Session, seats: dict[int, set[int]] | None
) -> bool:
    """Whether the member is expected at the session: in the cohort when it started (joined
    before, not left before), and, for a small-group session, in that group."""
    if member.status not in IN_COHORT or member.joined_at is None:
        return False
    if member.joined_at > session.starts_at:
        return False
    if member.left_at is not None and member.left_at <= session.starts_at:
        return False
    if session.kind == SessionKind.SMALL_GROUP:
        return session.group_id in _group_ids(member, seats)
    return True


def _seat_map(cohort: Cohort) -> dict[int, set[int]]:
    seats: dict[int, set[int]] = {}
    for member_id, group_id in GroupMember.objects.filter(group__cohort=cohort).values_list(
        "member_id", "group_id"
    ):
        seats.setdefault(member_id, set()).add(group_id)
    return seats


@dataclass
class SheetRow:
    member: CohortMember
    expected: bool
    status: str  # an AttendanceStatus value, "" (not taken yet) or "not_expected"


def attendance_sheet(*, session: Session) -> list[SheetRow]:
    """One row per cohort member who is or was in the cohort: the expected members first,
    then the members for whom the session came before they joined ("not expected")."""
    members = list(
        session.cohort.members.filter(status__in=IN_COHORT)
        .select_related("user")
        .order_by("user__name")
    )
    seats = _seat_map(session.cohort)
    taken = dict(session.attendance.values_list("member_id", "status"))
    rows = []
    for member in members:
        expected = is_expected(member=member, session=session, seats=seats)
        # Someone not in the group is simply not on a group's list.
        in_group = session.group_id in seats.get(member.pk, set())
        if not expected and session.kind == SessionKind.SMALL_GROUP and not in_group:
            continue
        status = taken.get(member.pk, "") if expected else "not_expected"
        rows.append(SheetRow(member=member, expected=expected, status=status))
    rows.sort(key=lambda row: (not row.expected, row.member.user.name))
    return rows


@dataclass
class Grid:
    sessions: list[Session]
    rows: list[tuple[CohortMember, list[str]]]  # member, one status per session


def attendance_grid(*, cohort: Cohort) -> Grid:
    """Members (in the cohort, or who were) x sessions held so far; a fixed number of
    queries whatever the size."""
    now = timezone.now()
    sessions = list(
        cohort.sessions.filter(starts_at__lte=now, status=SessionStatus.SCHEDULED).order_by(
            "starts_at"
        )
    )
    members = list(
        cohort.members.filter(status__in=IN_COHORT).select_related("user").order_by("user__name")
    )
    seats = _seat_map(cohort)
    taken = {
        (member_id, session_id): status
        for member_id, session_id, status in Attendance.objects.filter(
            session__cohort=cohort
        ).values_list("member_id", "session_id", "status")
    }
    rows = []
    for member in members:
        cells = []
        for session in sessions:
            if not is_expected(member=member, session=session, seats=seats):
                cells.append("not_expected")
            else:
                cells.append(taken.get((member.pk, session.pk), ""))
        rows.append((member, cells))
    return Grid(sessions=sessions, rows=rows)


def expected_members(*, session: Session) -> list[CohortMember]:
    """Members currently in the cohort who are expected at the session (invitations)."""
    seats = _seat_map(session.cohort)
    members = session.cohort.members.filter(status=MemberStatus.ACCEPTED).select_related("user")
    out = []
    for member in members:
        if session.kind == SessionKind.SMALL_GROUP and session.group_id not in seats.get(
            member.pk, set()
        ):
            continue
        out.append(member)
    return out


@dataclass
class MyCohort:
    member: CohortMember
    groups: list[SmallGroup]
    facilitating: list[SmallGroup]
    upcoming: list[Session]
    record: list[tuple[Session, str]]  # past sessions and the member's status
    next_session: Session | None = None
    counts: dict[str, int] = field(default_factory=dict)


def my_programs(*, user: Any, now: datetime | None = None) -> list[MyCohort]:
    """The person's cohorts (every status but declined), each with their groups, schedule and
    attendance record."""
    if not user.is_authenticated:
        return []
    now = now or timezone.now()
    members = list(
        CohortMember.objects.filter(user=user)
        .exclude(status=MemberStatus.DECLINED)
        .select_related("cohort__program__institution")
        .prefetch_related(Prefetch("seats", queryset=GroupMember.objects.select_related("group")))
        .order_by("-cohort__starts_on")
    )
    out = []
    for member in members:
        seats = {member.pk: {seat.group_id for seat in member.seats.all()}}
        groups = [s.group for s in member.seats.all() if s.role == GroupRole.MEMBER]
        leading = [s.group for s in member.seats.all() if s.role == GroupRole.FACILITATOR]
        upcoming: list[Session] = []
        record: list[tuple[Session, str]] = []
        if member.status in IN_COHORT:
            sessions = list(
                member.cohort.sessions.filter(status=SessionStatus.SCHEDULED).select_related(
                    "group"
                )
            )
            taken = dict(member.attendance.values_list("session_id", "status"))
            for session in sessions:
                mine = (
                    session.kind != SessionKind.SMALL_GROUP or session.group_id in seats[member.pk]
                )
                if not mine:
                    continue
                # Attendance may be taken from an hour before the start: once taken, the
                # session is on the person's record rather than ahead of them.
                if session.starts_at > now and session.pk not in taken:
                    if member.status == MemberStatus.ACCEPTED:
                        upcoming.append(session)
                elif is_expected(member=member, session=session, seats=seats):
                    record.append((session, taken.get(session.pk, "")))
        counts: dict[str, int] = {}
        for _, status in record:
            counts[status or "not_taken"] = counts.get(status or "not_taken", 0) + 1
        out.append(
            MyCohort(
                member=member,
                groups=groups,
                facilitating=leading,
                upcoming=upcoming,
                record=record,
                next_session=upcoming[0] if upcoming else None,
                counts=counts,
            )
        )
    return out


def accepted_participants(*, cohort: Cohort) -> int:
    return cohort.members.filter(status=MemberStatus.ACCEPTED, role=MemberRole.PARTICIPANT).count()
