"""Programs services: programs, cohorts, members, small groups, sessions and attendance
(R29, R30, R25).

Rules:
- Coordinators and admins of a program's owning institution, and platform staff, create
  and change the program, its cohorts, groups and sessions, and decide on members.
- A program has a kind (cohort program, pairing program, training campaign), partner
  institutions whose members may join, an optional minimum mentorship length in months
  (R25) and meeting cadence in weeks, a values statement, and up to five short
  application questions.
- Cohorts go draft -> recruiting -> active -> closed (a step back to recruiting from
  active is allowed; closed is final). Only a recruiting cohort takes applications.
- A person with an active membership at the owning or a partner institution applies to a
  recruiting cohort as participant or mentor, answering every application question and
  accepting the values statement. Someone the coordinator invited joins at once when
  they accept the invitation (capacity permitting).
- The coordinator accepts, waitlists or declines an application; the person is told
  (notifications). Capacity counts accepted participants and holds under concurrency
  (the cohort row is locked); over capacity is refused with a clear message.
- A member may leave (or be removed by the coordinator); leaving takes them out of the
  cohort's small groups. Their past attendance stays.
- Small groups are formed by hand: each accepted member sits in at most one group per
  cohort; facilitators may lead several.
- A session has a kind, a title, a start and an end (15 minutes to 8 hours), a place or a
  video link, an optional speaker (a guest without an account: name, title, short bio).
  A small-group session belongs to one group. Sessions for the same people may not
  overlap: a whole-cohort session overlaps nothing of the cohort; a group session
  overlaps no session of its group and no whole-cohort session. Every expected member
  gets an email with a calendar invitation (.ics) after commit; a cancellation too.
- Attendance is taken by the managers or a facilitator of the cohort, from an hour
  before the start, for members expected at the session: refused for a non-member, and
  "not expected" for a member who joined after the session started. Edits are allowed
  and every change is audited (old and new status).
- Every change writes an audit row with ids and field names only (never answers or
  statement text). Task arguments are ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentorquilt.core.errors import DomainError
from mentorquilt.core.services import audit_record
from mentorquilt.institutions.models import Institution
from mentorquilt.notifications.services import notify
from mentorquilt.programs.models import (
    MAX_QUESTIONS,
    Attendance,
    AttendanceStatus,
    Cohort,
    CohortMember,
    CohortStatus,
    GroupMember,
    GroupRole,
    MemberRole,
    MemberStatus,
    Program,
    ProgramKind,
    Session,
    SessionKind,
    SessionStatus,
    SmallGroup,
)
from mentorquilt.programs.selectors import (
    accepted_participants,
    facilitates,
    is_expected,
    user_manages_program,
    user_may_join,
)
from mentorquilt.programs.tasks import member_invites_send, session_invite_send

SESSION_MIN = timedelta(minutes=15)
SESSION_MAX = timedelta(hours=8)
ATTENDANCE_OPENS_BEFORE = timedelta(hours=1)
STATUS_STEPS = {
    CohortStatus.DRAFT: {CohortStatus.RECRUITING, CohortStatus.ACTIVE},
    CohortStatus.RECRUITING: {CohortStatus.ACTIVE, CohortStatus.CLOSED, CohortStatus.DRAFT},
    CohortStatus.ACTIVE: {CohortStatus.RECRUITING, CohortStatus.CLOSED},
    CohortStatus.CLOSED: set(),
}


def _text(value: str, *, field: str, limit: int, required: bool, what: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"Write {what}.", field=field)
    if len(value) > limit:
        raise DomainError(f"Use at most {limit:,} characters.", field=field)
    return value


def _require_manager(actor: Any, program: Program) -> None:
    if not user_manages_program(user=actor, program=program):
        # A role refusal is 403 everywhere (institutions.access), not a refused rule.
        raise PermissionDenied("Only the program's coordinators and admins can do this.")


def _tell(user: Any, *, title: str, body: str = "", link: str = "") -> None:
    if user.is_active:
        notify(user=user, kind="program", title=title, body=body, link=link)


# --- programs -----------------------------------------------------------------------------


def _check_program(
    *,
    kind: str,
    name: str,
    description: str,
    min_mentorship_months: int | None,
    cadence_weeks: int | None,
    values_statement: str,
    application_questions: Sequence[str],
) -> dict[str, Any]:
    if kind not in ProgramKind.values:
        raise DomainError(
            "Choose a cohort program, a pairing program or a training campaign.", field="kind"
        )
    if min_mentorship_months is not None and not 1 <= min_mentorship_months <= 60:
        raise DomainError(
            "Give the minimum length in months, from 1 to 60.", field="min_mentorship_months"
        )
    if cadence_weeks is not None and not 1 <= cadence_weeks <= 52:
        raise DomainError("Give how often they meet in weeks, from 1 to 52.", field="cadence_weeks")
    questions = [q.strip() for q in application_questions if q and q.strip()]
    if len(questions) > MAX_QUESTIONS:
        raise DomainError(f"Ask at most {MAX_QUESTIONS} questions.", field="application_questions")
    if any(len(q) > 300 for q in questions):
        raise DomainError("Keep each question under 300 characters.", field="application_questions")
    return {
        "kind": kind,
        "name": _text(name, field="name", limit=160, required=True, what="the program's name"),
        "description": _text(description, field="description", limit=4000, required=False),
        "min_mentorship_months": min_mentorship_months,
        "cadence_weeks": cadence_weeks,
        "values_statement": _text(
            values_statement, field="values_statement", limit=4000, required=False
        ),
        "application_questions": questions,
    }


def _check_partners(institution: Institution, partners: Sequence[Institution]) -> list[Institution]:
    return [p for p in dict.fromkeys(partners) if p.pk != institution.pk]


@transaction.atomic
def program_create(
    *,
    actor: Any,
    institution: Institution,
    kind: str,
    name: str,
    description: str = "",
    partners: Sequence[Institution] = (),
    min_mentorship_months: int | None = None,
    cadence_weeks: int | None = None,
    values_statement: str = "",
    application_questions: Sequence[str] = (),
) -> Program:
    """Create a program of `institution` (its coordinators and admins, or staff)."""
    fields = _check_program(
        kind=kind,
        name=name,
        description=description,
        min_mentorship_months=min_mentorship_months,
        cadence_weeks=cadence_weeks,
        values_statement=values_statement,
        application_questions=application_questions,
    )
    program = Program(institution=institution, created_by=actor, **fields)
    _require_manager(actor, program)
    program.save()
    program.partners.set(_check_partners(institution, partners))
    audit_record(
        actor=actor,
        action="program.create",
        target=program,
        institution=institution,
        data={"kind": kind, "partners": [str(p.public_id) for p in program.partners.all()]},
    )
    return program


@transaction.atomic
def program_update(
    *,
    actor: Any,
    program: Program,
    kind: str,
    name: str,
    description: str = "",
    partners: Sequence[Institution] = (),
    min_mentorship_months: int | None = None,
    cadence_weeks: int | None = None,
    values_statement: str = "",
    application_questions: Sequence[str] = (),
) -> Program:
    program = Program.objects.select_for_update().get(pk=program.pk)
    _require_manager(actor, program)
    fields = _check_program(
        kind=kind,
        name=name,
        description=description,
        min_mentorship_months=min_mentorship_months,
        cadence_weeks=cadence_weeks,
        values_statement=values_statement,
        application_questions=application_questions,
    )
    changed = [key for key, value in fields.items() if getattr(program, key) != value]
    for key, value in fields.items():
        setattr(program, key, value)
    program.save()
    before = set(program.partners.values_list("pk", flat=True))
    program.partners.set(_check_partners(program.institution, partners))
    if before != set(program.partners.values_list("pk", flat=True)):
        changed.append("partners")
    audit_record(
        actor=actor,
        action="program.update",
        target=program,
        institution=program.institution,
        data={"fields": sorted(changed)},
    )
    return program


# --- cohorts ------------------------------------------------------------------------------


def _check_cohort(*, name: str, starts_on: date, ends_on: date, capacity: int) -> str:
    name = _text(name, field="name", limit=160, required=True, what="the cohort's name")
    if ends_on < starts_on:
        raise DomainError("The cohort must end on or after the day it starts.", field="ends_on")
    if ends_on - starts_on > timedelta(days=3 * 366):
        raise DomainError("A cohort runs for at most three years.", field="ends_on")
    if not 1 <= capacity <= 10_000:
        raise DomainError("Give the number of places, from 1 to 10,000.", field="capacity")
    return name


@transaction.atomic
def cohort_create(
    *,
    actor: Any,
    program: Program,
    name: str,
    starts_on: date,
    ends_on: date,
    capacity: int,
    status: str = CohortStatus.DRAFT,
) -> Cohort:
    _require_manager(actor, program)
    name = _check_cohort(name=name, starts_on=starts_on, ends_on=ends_on, capacity=capacity)
    if status not in (CohortStatus.DRAFT, CohortStatus.RECRUITING):
        raise DomainError("A new cohort starts as a draft or recruiting.", field="status")
    cohort = Cohort.objects.create(
        program=program,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        status=status,
    )
    audit_record(
        actor=actor,
        action="cohort.create",
        target=cohort,
        institution=program.institution,
        data={"program": str(program.public_id), "status": status, "capacity": capacity},
    )
    return cohort


@transaction.atomic
def cohort_status_set(*, actor: Any, cohort: Cohort, status: str) -> Cohort:
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
    _require_manager(actor, cohort.program)
    if status not in CohortStatus.values:
        raise DomainError("Choose draft, recruiting, running or closed.", field="status")
    if status == cohort.status:
        return cohort
    if status not in STATUS_STEPS[CohortStatus(cohort.status)]:
        raise DomainError(
            f"A cohort that is {cohort.get_status_display().lower()} cannot become "
            f"{CohortStatus(status).label.lower()}."
        )
    before = cohort.status
    cohort.status = status
    cohort.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="cohort.status",
        target=cohort,
        institution=cohort.program.institution,
        data={"from": before, "to": status},
    )
    return cohort


# --- members ------------------------------------------------------------------------------


def _my_programs_link() -> str:
    return reverse("my_programs")


def _lock_cohort(cohort: Cohort) -> Cohort:
    return (
        Cohort.objects.select_for_update().select_related("program__institution").get(pk=cohort.pk)
    )


def _has_place(cohort: Cohort, role: str) -> bool:
    """Call with the cohort row locked (_lock_cohort)."""
    if role != MemberRole.PARTICIPANT:
        return True
    return accepted_participants(cohort=cohort) < cohort.capacity


def _full_message(cohort: Cohort) -> str:
    return (
        f"{cohort.name} is full: all {cohort.capacity} places are taken. Put the person "
        "on the waiting list, or give the cohort more places first."
    )


def _check_answers(program: Program, answers: Sequence[str]) -> list[dict[str, str]]:
    questions = list(program.application_questions)
    answers = [(a or "").strip() for a in answers]
    if len(answers) != len(questions) or any(not a for a in answers):
        raise DomainError("Answer every question.", field="answers")
    if any(len(a) > 2000 for a in answers):
        raise DomainError("Keep each answer under 2,000 characters.", field="answers")
    return [{"question": q, "answer": a} for q, a in zip(questions, answers, strict=True)]


@transaction.atomic
def member_apply(
    *,
    actor: Any,
    cohort: Cohort,
    role: str,
    answers: Sequence[str],
    accept_values: bool,
) -> CohortMember:
    """Apply to a recruiting cohort (or accept an invitation to it)."""
    cohort = _lock_cohort(cohort)
    program = cohort.program
    existing = CohortMember.objects.filter(cohort=cohort, user=actor).first()
    invited = existing is not None and existing.status == MemberStatus.INVITED
    if existing is not None and not invited:
        if existing.status == MemberStatus.LEFT:
            raise DomainError("You left this cohort. Ask the coordinator if you want to return.")
        raise DomainError("You have already applied to this cohort.")
    if not invited:
        if cohort.status != CohortStatus.RECRUITING:
            raise DomainError("This cohort is not taking applications.")
        if not user_may_join(user=actor, program=program):
            raise DomainError(
                "This program is open to members of its own and its partner institutions only."
            )
        if role not in (MemberRole.PARTICIPANT, MemberRole.MENTOR):
            raise DomainError("Apply as a participant or as a mentor.", field="role")
    if program.values_statement and not accept_values:
        raise DomainError(
            "To join, tick the box to accept the program's values.", field="accept_values"
        )
    rows = _check_answers(program, answers) if not invited or program.application_questions else []
    now = timezone.now()
    if invited:
        assert existing is not None
        member = existing
        if not _has_place(cohort, member.role):
            raise DomainError(_full_message(cohort), code="full")
        member.status = MemberStatus.ACCEPTED
        member.joined_at = now
        member.answers = rows
        member.values_accepted_at = now if program.values_statement else None
        member.save()
        action = "cohort_member.accept_invitation"
        member_id = str(member.public_id)
        transaction.on_commit(lambda: member_invites_send.enqueue(member_id))
    else:
        member = CohortMember.objects.create(
            cohort=cohort,
            user=actor,
            role=role,
            status=MemberStatus.APPLIED,
            answers=rows,
            values_accepted_at=now if program.values_statement else None,
        )
        action = "cohort_member.apply"
    audit_record(
        actor=actor,
        action=action,
        target=member,
        institution=program.institution,
        data={"cohort": str(cohort.public_id), "role": member.role},
    )
    return member


@transaction.atomic
def member_invite(*, actor: Any, cohort: Cohort, user: Any, role: str) -> CohortMember:
    """Invite a person with an account into the cohort; they join when they accept."""
    cohort = _lock_cohort(cohort)
    _require_manager(actor, cohort.program)
    if role not in MemberRole.values:
        raise DomainError("Choose participant, mentor or facilitator.", field="role")
    if cohort.status == CohortStatus.CLOSED:
        raise DomainError("This cohort is closed.")
    if not user_may_join(user=user, program=cohort.program):
        raise DomainError(
            "This person is not a member of the program's institution or of a partner institution.",
            field="email",
        )
    if CohortMember.objects.filter(cohort=cohort, user=user).exists():
        raise DomainError("This person is already on the cohort's list.", field="email")
    member = CohortMember.objects.create(
        cohort=cohort, user=user, role=role, status=MemberStatus.INVITED, decided_by=actor
    )
    audit_record(
        actor=actor,
        action="cohort_member.invite",
        target=member,
        institution=cohort.program.institution,
        data={"cohort": str(cohort.public_id), "role": role},
    )
    _tell(
        user,
        title=f"You are invited to join {cohort.program.name}",
        body=f"{cohort.name}. Open your programs page to accept.",
        link=reverse("cohort_apply", kwargs={"cohort_id": cohort.public_id}),
    )
    return member


DECISIONS = (MemberStatus.ACCEPTED, MemberStatus.WAITLISTED, MemberStatus.DECLINED)


@transaction.atomic
def member_decide(*, actor: Any, member: CohortMember, decision: str) -> CohortMember:
    """Accept, waitlist or decline an application (or move someone off the waiting list).
    The person is told. Capacity holds: the cohort row is locked while counting."""
    cohort = _lock_cohort(member.cohort)
    _require_manager(actor, cohort.program)
    member = CohortMember.objects.select_for_update().select_related("user").get(pk=member.pk)
    if decision not in DECISIONS:
        raise DomainError("Choose accept, waiting list or decline.", field="decision")
    if member.status not in (MemberStatus.APPLIED, MemberStatus.WAITLISTED):
        raise DomainError(
            f"Only applications and the waiting list are decided here; this person is "
            f"{member.get_status_display().lower()}."
        )
    if decision == member.status:
        return member
    if decision == MemberStatus.ACCEPTED:
        if cohort.status == CohortStatus.CLOSED:
            raise DomainError("This cohort is closed.")
        if not _has_place(cohort, member.role):
            raise DomainError(_full_message(cohort), code="full")
        member.joined_at = timezone.now()
    before = member.status
    member.status = decision
    member.decided_by = actor
    member.save()
    audit_record(
        actor=actor,
        action="cohort_member.decide",
        target=member,
        institution=cohort.program.institution,
        data={"from": before, "to": decision},
    )
    program = cohort.program.name
    titles = {
        MemberStatus.ACCEPTED: f"You are in: {program}",
        MemberStatus.WAITLISTED: f"You are on the waiting list for {program}",
        MemberStatus.DECLINED: f"Your application to {program} was not accepted this time",
    }
    _tell(
        member.user,
        title=titles[MemberStatus(decision)],
        body=cohort.name,
        link=_my_programs_link(),
    )
    if decision == MemberStatus.ACCEPTED:
        member_id = str(member.public_id)
        transaction.on_commit(lambda: member_invites_send.enqueue(member_id))
    return member


@transaction.atomic
def member_leave(*, actor: Any, member: CohortMember) -> CohortMember:
    """The person leaves the cohort (or a coordinator takes them off); they leave its groups."""
    member = (
        CohortMember.objects.select_for_update()
        .select_related("cohort__program__institution", "user")
        .get(pk=member.pk)
    )
    if actor.pk != member.user_id:
        _require_manager(actor, member.cohort.program)
    if member.status in (MemberStatus.LEFT, MemberStatus.DECLINED):
        raise DomainError("This person is not in the cohort.")
    before = member.status
    member.status = MemberStatus.LEFT
    member.left_at = timezone.now()
    member.save(update_fields=["status", "left_at", "updated_at"])
    seats = GroupMember.objects.filter(member=member)
    groups = [str(g) for g in seats.values_list("group__public_id", flat=True)]
    seats.delete()
    audit_record(
        actor=actor,
        action="cohort_member.leave",
        target=member,
        institution=member.cohort.program.institution,
        data={"from": before, "groups_left": groups, "by_self": actor.pk == member.user_id},
    )
    if actor.pk != member.user_id:
        _tell(
            member.user,
            title=f"You are no longer in {member.cohort.program.name}",
            body=member.cohort.name,
            link=_my_programs_link(),
        )
    return member


# --- small groups -------------------------------------------------------------------------


def _seat(group: SmallGroup, member: CohortMember, role: str) -> None:
    if member.cohort_id != group.cohort_id:
        raise DomainError("This person is not in this cohort.", field="members")
    if member.status != MemberStatus.ACCEPTED:
        raise DomainError("Only accepted members can be put in a group.", field="members")
    if (
        role == GroupRole.MEMBER
        and GroupMember.objects.filter(member=member, role=GroupRole.MEMBER)
        .exclude(group=group)
        .exists()
    ):
        raise DomainError(
            f"{member.user.name} is already in another group of this cohort.", field="members"
        )
    GroupMember.objects.update_or_create(group=group, member=member, defaults={"role": role})


@transaction.atomic
def group_create(
    *,
    actor: Any,
    cohort: Cohort,
    name: str,
    facilitators: Sequence[CohortMember] = (),
    members: Sequence[CohortMember] = (),
) -> SmallGroup:
    cohort = _lock_cohort(cohort)
    _require_manager(actor, cohort.program)
    name = _text(name, field="name", limit=120, required=True, what="the group's name")
    if SmallGroup.objects.filter(cohort=cohort, name__iexact=name).exists():
        raise DomainError("This cohort already has a group of that name.", field="name")
    group = SmallGroup.objects.create(cohort=cohort, name=name)
    for member in facilitators:
        _seat(group, member, GroupRole.FACILITATOR)
    for member in members:
        _seat(group, member, GroupRole.MEMBER)
    audit_record(
        actor=actor,
        action="small_group.create",
        target=group,
        institution=cohort.program.institution,
        data={"cohort": str(cohort.public_id), "size": len(members)},
    )
    return group


@transaction.atomic
def group_assign(
    *, actor: Any, group: SmallGroup, member: CohortMember, role: str = GroupRole.MEMBER
) -> SmallGroup:
    """Put an accepted member in a group (as member or facilitator), or move them."""
    group = SmallGroup.objects.select_related("cohort__program__institution").get(pk=group.pk)
    _require_manager(actor, group.cohort.program)
    if role not in GroupRole.values:
        raise DomainError("Choose member or facilitator.", field="role")
    member = CohortMember.objects.select_for_update().select_related("user").get(pk=member.pk)
    moved_from = list(
        GroupMember.objects.filter(member=member, role=GroupRole.MEMBER)
        .exclude(group=group)
        .values_list("group__public_id", flat=True)
    )
    if role == GroupRole.MEMBER:
        GroupMember.objects.filter(member=member, role=GroupRole.MEMBER).exclude(
            group=group
        ).delete()
    _seat(group, member, role)
    audit_record(
        actor=actor,
        action="small_group.assign",
        target=group,
        institution=group.cohort.program.institution,
        data={
            "member": str(member.public_id),
            "role": role,
            "moved_from": [str(g) for g in moved_from],
        },
    )
    return group


@transaction.atomic
def group_unassign(*, actor: Any, group: SmallGroup, member: CohortMember) -> SmallGroup:
    group = SmallGroup.objects.select_related("cohort__program__institution").get(pk=group.pk)
    _require_manager(actor, group.cohort.program)
    GroupMember.objects.filter(group=group, member=member).delete()
    audit_record(
        actor=actor,
        action="small_group.unassign",
        target=group,
        institution=group.cohort.program.institution,
        data={"member": str(member.public_id)},
    )
    return group


# --- sessions -----------------------------------------------------------------------------


def _overlap_message(other: Session) -> str:
    when = timezone.localtime(other.starts_at).strftime("%d %b %Y %H:%M")
    return (
        f"This overlaps “{other.title}” ({when}) for the same people. "
        "Choose another time, or change that session first."
    )


def _clashing(
    cohort: Cohort, group: SmallGroup | None, starts_at: datetime, ends_at: datetime
) -> Session | None:
    sessions = cohort.sessions.filter(
        status=SessionStatus.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if group is not None:
        # Parallel groups may meet at once; the same group, or everyone, may not.
        sessions = sessions.filter(group__isnull=True) | sessions.filter(group=group)
    return sessions.order_by("starts_at").first()


@transaction.atomic
def session_create(
    *,
    actor: Any,
    cohort: Cohort,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_url: str = "",
    group: SmallGroup | None = None,
    speaker_name: str = "",
    speaker_title: str = "",
    speaker_bio: str = "",
) -> Session:
    """Plan a session; every expected member gets a calendar invitation by email."""
    cohort = _lock_cohort(cohort)
    _require_manager(actor, cohort.program)
    if cohort.status == CohortStatus.CLOSED:
        raise DomainError("This cohort is closed.")
    if kind not in SessionKind.values:
        raise DomainError("Choose workshop, small-group session or speaker session.", field="kind")
    title = _text(title, field="title", limit=200, required=True, what="a title")
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise DomainError("Give the time with its time zone.", field="starts_at")
    if ends_at - starts_at < SESSION_MIN:
        raise DomainError("A session ends at least 15 minutes after it starts.", field="ends_at")
    if ends_at - starts_at > SESSION_MAX:
        raise DomainError("A session lasts at most 8 hours.", field="ends_at")
    now = timezone.now()
    if abs(starts_at - now) > timedelta(days=3 * 366):
        raise DomainError("Choose a time within three years of today.", field="starts_at")
    if kind == SessionKind.SMALL_GROUP:
        if group is None:
            raise DomainError("Choose the group that meets.", field="group")
        if group.cohort_id != cohort.pk:
            raise DomainError("Choose one of this cohort's groups.", field="group")
    else:
        group = None
    place = _text(place, field="place", limit=300, required=False)
    video_url = _text(video_url, field="video_url", limit=500, required=False)
    if video_url and not video_url.startswith(("https://", "http://")):
        raise DomainError("Paste the whole link, starting with https://", field="video_url")
    if not place and not video_url:
        raise DomainError("Say where it takes place, or paste the video link.", field="place")
    speaker_name = _text(speaker_name, field="speaker_name", limit=160, required=False)
    if kind == SessionKind.SPEAKER and not speaker_name:
        raise DomainError("Give the speaker's name.", field="speaker_name")
    clash = _clashing(cohort, group, starts_at, ends_at)
    if clash is not None:
        raise DomainError(_overlap_message(clash), field="starts_at", code="overlap")
    session = Session.objects.create(
        cohort=cohort,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        group=group,
        speaker_name=speaker_name,
        speaker_title=_text(speaker_title, field="speaker_title", limit=200, required=False),
        speaker_bio=_text(speaker_bio, field="speaker_bio", limit=1000, required=False),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="session.create",
        target=session,
        institution=cohort.program.institution,
        data={"cohort": str(cohort.public_id), "kind": kind},
    )
    if starts_at > now:
        session_id = str(session.public_id)
        transaction.on_commit(lambda: session_invite_send.enqueue(session_id, 0))
    return session


@transaction.atomic
def session_cancel(*, actor: Any, session: Session) -> Session:
    session = (
        Session.objects.select_for_update().select_related("cohort__program").get(pk=session.pk)
    )
    _require_manager(actor, session.cohort.program)
    if session.status == SessionStatus.CANCELLED:
        raise DomainError("This session is already cancelled.")
    session.status = SessionStatus.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(
        actor=actor,
        action="session.cancel",
        target=session,
        institution=session.cohort.program.institution,
    )
    session_id, sequence = str(session.public_id), session.sequence
    transaction.on_commit(lambda: session_invite_send.enqueue(session_id, sequence))
    return session


# --- attendance ---------------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *, actor: Any, session: Session, member: CohortMember, status: str
) -> Attendance:
    """Record (or change) one member's attendance at one session."""
    session = Session.objects.select_related("cohort__program__institution").get(pk=session.pk)
    cohort = session.cohort
    if not (
        user_manages_program(user=actor, program=cohort.program)
        or facilitates(user=actor, cohort=cohort)
    ):
        raise PermissionDenied(
            "Only the program's coordinators and the cohort's facilitators take attendance."
        )
    if status not in AttendanceStatus.values:
        raise DomainError("Choose present, late, excused or absent.", field="status")
    member = CohortMember.objects.get(pk=member.pk)  # its current status and dates
    if session.status == SessionStatus.CANCELLED:
        raise DomainError("This session was cancelled.")
    if session.starts_at - ATTENDANCE_OPENS_BEFORE > timezone.now():
        raise DomainError("Attendance opens an hour before the session starts.")
    if member.cohort_id != cohort.pk or member.status not in (
        MemberStatus.ACCEPTED,
        MemberStatus.LEFT,
    ):
        raise DomainError("This person is not a member of this cohort.", field="member")
    if not is_expected(member=member, session=session, seats=None):
        if member.joined_at is not None and member.joined_at > session.starts_at:
            raise DomainError(
                "Not expected: this person joined the cohort after this session.",
                field="member",
            )
        raise DomainError("This person is not expected at this session.", field="member")
    existing = Attendance.objects.select_for_update().filter(session=session, member=member).first()
    before = existing.status if existing is not None else ""
    if existing is not None and existing.status == status:
        return existing
    try:
        with transaction.atomic():
            if existing is None:
                attendance = Attendance.objects.create(
                    session=session, member=member, status=status, recorded_by=actor
                )
            else:
                existing.status = status
                existing.recorded_by = actor
                existing.save(update_fields=["status", "recorded_by", "updated_at"])
                attendance = existing
    except IntegrityError:  # taken at the same moment on another phone: change that row
        attendance = Attendance.objects.select_for_update().get(session=session, member=member)
        before = attendance.status
        attendance.status = status
        attendance.recorded_by = actor
        attendance.save(update_fields=["status", "recorded_by", "updated_at"])
    audit_record(
        actor=actor,
        action="attendance.record" if not before else "attendance.change",
        target=attendance,
        institution=cohort.program.institution,
        data={
            "session": str(session.public_id),
            "member": str(member.public_id),
            "from": before,
            "to": status,
        },
    )
    return attendance
