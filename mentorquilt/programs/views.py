"""Pages of programs (R29, R30, R25): coordinators run programs, cohorts, groups, sessions
and attendance; participants apply and see "My programs"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorquilt.accounts.models import User
from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.errors import DomainError
from mentorquilt.core.forms import add_domain_error
from mentorquilt.engagement.ics import calendar_text
from mentorquilt.engagement.selectors import own_timezone
from mentorquilt.institutions.models import Institution
from mentorquilt.programs import services
from mentorquilt.programs.forms import (
    ApplyForm,
    CohortForm,
    GroupForm,
    InviteForm,
    ProgramForm,
    SessionForm,
)
from mentorquilt.programs.models import (
    AttendanceStatus,
    CohortStatus,
    GroupRole,
    MemberStatus,
    SessionStatus,
)
from mentorquilt.programs.selectors import (
    accepted_participants,
    attendance_grid,
    attendance_sheet,
    cohort_get_managed,
    cohort_get_visible,
    cohort_groups,
    cohort_members,
    cohort_sessions,
    cohorts_of,
    institutions_managed,
    member_get_managed,
    member_get_own_or_managed,
    member_of,
    program_get_managed,
    program_get_visible,
    program_list_managed,
    program_list_visible,
    session_get_for_attendance,
    session_get_for_member,
    user_manages_program,
    user_may_join,
    user_runs_programs,
)
from mentorquilt.programs.selectors import (
    my_programs as my_programs_read,
)
from mentorquilt.programs.tasks import session_calendar_event

LATER = (
    "Not built yet: groups proposed by the matching engine, curriculum modules and "
    "progress, the campaign dashboard and its CSV export, CSV import of members, "
    "reminders before sessions, and pairing rounds over a cohort."
)


def _tz(user: Any) -> dict[str, str]:
    name, label = own_timezone(user=user)
    return {"tz_name": name, "tz_label": label}


def _refuse(error: DomainError) -> None:
    if error.code == "forbidden":
        raise PermissionDenied(error.message)


# --- programs -----------------------------------------------------------------------------


@login_required
def program_list(request: AuthedRequest) -> HttpResponse:
    managed = list(program_list_managed(user=request.user).order_by("name"))
    managed_ids = {p.pk for p in managed}
    open_to_me = [
        p
        for p in program_list_visible(user=request.user).order_by("name")
        if p.pk not in managed_ids
    ]
    return render(
        request,
        "programs/program_list.html",
        {
            "managed": managed,
            "open_to_me": open_to_me,
            "runs_programs": user_runs_programs(user=request.user),
            "later": LATER,
        },
    )


def _program_form(request: AuthedRequest, program: Any = None) -> ProgramForm:
    institutions = institutions_managed(user=request.user)
    initial: dict[str, Any] = {}
    if program is not None:
        initial = {
            "institution": program.institution,
            "kind": program.kind,
            "name": program.name,
            "description": program.description,
            "partners": list(program.partners.all()),
            "min_mentorship_months": program.min_mentorship_months,
            "cadence_weeks": program.cadence_weeks,
            "values_statement": program.values_statement,
            "questions": "\n".join(program.application_questions),
        }
        institutions = Institution.objects.filter(pk=program.institution_id)
    form = ProgramForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        institutions=institutions,
        partners=Institution.objects.filter(is_active=True).order_by("name"),
    )
    return form


def _program_fields(form: ProgramForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "name": data["name"],
        "description": data["description"],
        "partners": list(data["partners"]),
        "min_mentorship_months": data["min_mentorship_months"],
        "cadence_weeks": data["cadence_weeks"],
        "values_statement": data["values_statement"],
        "application_questions": form.question_list(),
    }


@login_required
def program_create(request: AuthedRequest) -> HttpResponse:
    if not user_runs_programs(user=request.user):
        raise PermissionDenied("Program coordinators and institution admins create programs.")
    form = _program_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                actor=request.user,
                institution=form.cleaned_data["institution"],
                **_program_fields(form),
            )
        except DomainError as error:
            _refuse(error)
            add_domain_error(form, error)
        else:
            messages.success(request, "Program created. Now add its first cohort.")
            return redirect("program_detail", program_id=program.public_id)
    return render(request, "programs/program_form.html", {"form": form, "program": None})


@login_required
def program_edit(request: AuthedRequest, program_id: str) -> HttpResponse:
    program = program_get_managed(user=request.user, public_id=program_id)
    form = _program_form(request, program)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(actor=request.user, program=program, **_program_fields(form))
        except DomainError as error:
            _refuse(error)
            add_domain_error(form, error)
        else:
            messages.success(request, "Program saved.")
            return redirect("program_detail", program_id=program.public_id)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


@login_required
def program_detail(request: AuthedRequest, program_id: str) -> HttpResponse:
    program = program_get_visible(user=request.user, public_id=program_id)
    manages = user_manages_program(user=request.user, program=program)
    cohorts = list(cohorts_of(user=request.user, program=program))
    mine = {m.cohort_id: m for m in request.user.cohort_memberships.filter(cohort__program=program)}
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "partners": list(program.partners.order_by("name")),
            "manages": manages,
            "cohorts": [(c, mine.get(c.pk)) for c in cohorts],
            "may_join": user_may_join(user=request.user, program=program),
            "later": LATER,
        },
    )


# --- cohorts ------------------------------------------------------------------------------


@login_required
def cohort_create(request: AuthedRequest, program_id: str) -> HttpResponse:
    program = program_get_managed(user=request.user, public_id=program_id)
    form = CohortForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(
                actor=request.user, program=program, **form.cleaned_data
            )
        except DomainError as error:
            _refuse(error)
            add_domain_error(form, error)
        else:
            messages.success(request, "Cohort created.")
            return redirect("cohort_detail", cohort_id=cohort.public_id)
    return render(request, "programs/cohort_form.html", {"form": form, "program": program})


@login_required
def cohort_detail(request: AuthedRequest, cohort_id: str) -> HttpResponse:
    cohort = cohort_get_managed(user=request.user, public_id=cohort_id)
    members = list(cohort_members(cohort=cohort))
    groups = list(cohort_groups(cohort=cohort))
    by_status: dict[str, list[Any]] = {}
    for member in members:
        member.group_names = ", ".join(s.group.name for s in member.seats.all())  # type: ignore[attr-defined]
        member.group_ids = {s.group_id for s in member.seats.all() if s.role == GroupRole.MEMBER}  # type: ignore[attr-defined]
        by_status.setdefault(member.status, []).append(member)
    return render(
        request,
        "programs/cohort_detail.html",
        {
            "cohort": cohort,
            "program": cohort.program,
            "waiting": by_status.get(MemberStatus.APPLIED, [])
            + by_status.get(MemberStatus.WAITLISTED, []),
            "accepted": by_status.get(MemberStatus.ACCEPTED, []),
            "invited": by_status.get(MemberStatus.INVITED, []),
            "gone": by_status.get(MemberStatus.LEFT, []) + by_status.get(MemberStatus.DECLINED, []),
            "places_taken": sum(
                1 for m in by_status.get(MemberStatus.ACCEPTED, []) if m.role == "participant"
            ),
            "groups": groups,
            "sessions": list(cohort_sessions(cohort=cohort)),
            "statuses": [s for s in CohortStatus if s != cohort.status],
            "now": timezone.now(),
            "later": LATER,
            **_tz(request.user),
        },
    )


@login_required
@require_POST
def cohort_status(request: AuthedRequest, cohort_id: str) -> HttpResponse:
    cohort = cohort_get_managed(user=request.user, public_id=cohort_id)
    try:
        services.cohort_status_set(
            actor=request.user, cohort=cohort, status=request.POST.get("status", "")
        )
    except DomainError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(request, "Cohort status changed.")
    return redirect("cohort_detail", cohort_id=cohort.public_id)


@login_required
def cohort_invite(request: AuthedRequest, cohort_id: str) -> HttpResponse:
    cohort = cohort_get_managed(user=request.user, public_id=cohort_id)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True
        ).first()
        try:
            if person is None:
                raise DomainError(
                    "Nobody with this email address has a MentorQuilt account.", field="email"
                )
            services.member_invite(
                actor=request.user, cohort=cohort, user=person, role=form.cleaned_data["role"]
            )
        except DomainError as error:
            _refuse(error)
            add_domain_error(form, error)
        else:
            messages.success(request, "Invitation sent. They join when they accept it.")
            return redirect("cohort_detail", cohort_id=cohort.public_id)
    return render(request, "programs/cohort_invite.html", {"form": form, "cohort": cohort})


@login_required
def cohort_apply(request: AuthedRequest, cohort_id: str) -> HttpResponse:
    cohort = cohort_get_visible(user=request.user, public_id=cohort_id)
    program = cohort.program
    member = member_of(user=request.user, cohort=cohort)
    invited = member is not None and member.status == MemberStatus.INVITED
    if member is not None and not invited:
        messages.info(
            request, f"You are on this cohort's list: {member.get_status_display().lower()}."
        )
        return redirect("my_programs")
    form = ApplyForm(
        request.POST if request.method == "POST" else None, program=program, invited=invited
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_apply(
                actor=request.user,
                cohort=cohort,
                role=form.cleaned_data.get("role", ""),
                answers=form.answers(),
                accept_values=bool(form.cleaned_data.get("accept_values")),
            )
        except DomainError as error:
            _refuse(error)
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                "Welcome: you are in."
                if invited
                else "Application sent. The coordinator will tell you their answer.",
            )
            return redirect("my_programs")
    return render(
        request,
        "programs/apply.html",
        {
            "cohort": cohort,
            "program": program,
            "form": form,
            "invited": invited,
            "open": invited or cohort.status == CohortStatus.RECRUITING,
            "may_join": invited or user_may_join(user=request.user, program=program),
            "places_left": max(cohort.capacity - accepted_participants(cohort=cohort), 0),
        },
    )


# --- members ------------------------------------------------------------------------------


@login_required
@require_POST
def member_decide(request: AuthedRequest, member_id: str) -> HttpResponse:
    member = member_get_managed(user=request.user, public_id=member_id)
    try:
        services.member_decide(
            actor=request.user, member=member, decision=request.POST.get("decision", "")
        )
    except DomainError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(request, f"Saved. {member.user.get_short_name()} has been told.")
    return redirect("cohort_detail", cohort_id=member.cohort.public_id)


@login_required
@require_POST
def member_leave(request: AuthedRequest, member_id: str) -> HttpResponse:
    member = member_get_own_or_managed(user=request.user, public_id=member_id)
    try:
        services.member_leave(actor=request.user, member=member)
    except DomainError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(request, "Done: no longer in the cohort or its groups.")
    if member.user_id == request.user.pk:
        return redirect("my_programs")
    return redirect("cohort_detail", cohort_id=member.cohort.public_id)


@login_required
@require_POST
def member_group(request: AuthedRequest, member_id: str) -> HttpResponse:
    """Put a member in a group (or take them out of their group)."""
    member = member_get_managed(user=request.user, public_id=member_id)
    group = member.cohort.groups.filter(public_id__in=[request.POST.get("group") or None]).first()
    role = request.POST.get("role", GroupRole.MEMBER)
    try:
        if group is None:
            for seat in member.seats.filter(role=GroupRole.MEMBER).select_related("group"):
                services.group_unassign(actor=request.user, group=seat.group, member=member)
        else:
            services.group_assign(actor=request.user, group=group, member=member, role=role)
    except DomainError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(request, "Group saved.")
    return redirect("cohort_detail", cohort_id=member.cohort.public_id)


# --- groups -------------------------------------------------------------------------------


@login_required
def group_create(request: AuthedRequest, cohort_id: str) -> HttpResponse:
    cohort = cohort_get_managed(user=request.user, public_id=cohort_id)
    form = GroupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_create(actor=request.user, cohort=cohort, name=form.cleaned_data["name"])
        except DomainError as error:
            _refuse(error)
            add_domain_error(form, error)
        else:
            messages.success(request, "Group created. Put members in it from the member list.")
            return redirect("cohort_detail", cohort_id=cohort.public_id)
    return render(request, "programs/group_form.html", {"form": form, "cohort": cohort})


# --- sessions -----------------------------------------------------------------------------


@login_required
def session_create(request: AuthedRequest, cohort_id: str) -> HttpResponse:
    cohort = cohort_get_managed(user=request.user, public_id=cohort_id)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        groups=list(cohort.groups.all()),
        initial={"timezone": own_timezone(user=request.user)[0]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_create(
                actor=request.user,
                cohort=cohort,
                kind=data["kind"],
                title=data["title"],
                starts_at=form.starts_at(),
                ends_at=form.ends_at(),
                place=data["place"],
                video_url=data["video_url"],
                group=form.group_object(),
                speaker_name=data["speaker_name"],
                speaker_title=data["speaker_title"],
                speaker_bio=data["speaker_bio"],
            )
        except DomainError as error:
            _refuse(error)
            if error.field in ("starts_at", "ends_at"):
                error.field = "day" if error.field == "starts_at" else "minutes"
            add_domain_error(form, error)
        else:
            messages.success(
                request, "Session planned. Everyone expected gets a calendar invitation by email."
            )
            return redirect("cohort_detail", cohort_id=cohort.public_id)
    return render(request, "programs/session_form.html", {"form": form, "cohort": cohort})


@login_required
@require_POST
def session_cancel(request: AuthedRequest, session_id: str) -> HttpResponse:
    session = session_get_for_attendance(user=request.user, public_id=session_id)
    if not user_manages_program(user=request.user, program=session.cohort.program):
        raise PermissionDenied("Only the program's coordinators cancel sessions.")
    try:
        services.session_cancel(actor=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Session cancelled. Everyone invited gets the cancellation.")
    return redirect("cohort_detail", cohort_id=session.cohort.public_id)


@login_required
def session_attendance(request: AuthedRequest, session_id: str) -> HttpResponse:
    """Take attendance on a phone: one line per expected member, four choices each."""
    session = session_get_for_attendance(user=request.user, public_id=session_id)
    rows = attendance_sheet(session=session)
    errors: list[str] = []
    if request.method == "POST":
        saved = 0
        for row in rows:
            if not row.expected:
                continue
            chosen = request.POST.get(f"m-{row.member.public_id}", "")
            if not chosen or chosen == row.status:
                continue
            try:
                services.attendance_record(
                    actor=request.user, session=session, member=row.member, status=chosen
                )
                saved += 1
            except DomainError as error:
                _refuse(error)
                errors.append(f"{row.member.user.name}: {error.message}")
        if not errors:
            messages.success(request, f"Attendance saved ({saved} changed).")
            return redirect("session_attendance", session_id=session.public_id)
        rows = attendance_sheet(session=session)
    return render(
        request,
        "programs/attendance.html",
        {
            "session": session,
            "cohort": session.cohort,
            "expected_rows": [row for row in rows if row.expected],
            "not_expected": [row for row in rows if not row.expected],
            "choices": AttendanceStatus.choices,
            "errors": errors,
            "manages": user_manages_program(user=request.user, program=session.cohort.program),
            "cancelled": session.status == SessionStatus.CANCELLED,
            **_tz(request.user),
        },
    )


@login_required
def session_invite(request: AuthedRequest, session_id: str) -> HttpResponse:
    """The session's calendar file, for a member expected at it (or who runs it)."""
    session = session_get_for_member(user=request.user, public_id=session_id)
    member = member_of(user=request.user, cohort=session.cohort)
    event = session_calendar_event(session, [member] if member is not None else [])
    response = HttpResponse(calendar_text(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="session.ics"'
    return response


@login_required
def cohort_attendance(request: AuthedRequest, cohort_id: str) -> HttpResponse:
    cohort = cohort_get_managed(user=request.user, public_id=cohort_id)
    grid = attendance_grid(cohort=cohort)
    return render(
        request,
        "programs/attendance_grid.html",
        {"cohort": cohort, "grid": grid, **_tz(request.user)},
    )


# --- participants -------------------------------------------------------------------------


@login_required
def my_programs(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "programs/my_programs.html",
        {"cohorts": my_programs_read(user=request.user), "later": LATER, **_tz(request.user)},
    )
