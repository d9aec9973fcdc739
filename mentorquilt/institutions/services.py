"""Institution services: creating schools and managing who belongs to them.

Rules:
- Only platform staff create or change institutions (views check; R1).
- The size schedule is computed from kind and class size, never typed in.
- A person holds at most one membership per (institution, role); they may hold
  several roles (R2). Self-registered people may ask only for mentee or mentor;
  an institution admin approves or declines.
- Only mentors can be verified, and only verified active mentors count toward
  compliance.
- Institution admins invite people by email with a role (R2). The link is
  signed, expires after INVITATION_MAX_AGE_DAYS and works once. It is accepted
  by the owner of the invited address: a new account is created for it
  (already verified, since the link reached it), or the existing account signs
  in first.
- A roster import (CSV: name, email, role) checks every row first; any bad row
  means nothing is written, and every bad row is reported with its line number.
  Rows for people who already hold the role, or have an open invitation for
  it, are skipped and reported.
- Every change writes an audit row in the same transaction. Emails go out from
  a background task after commit; task arguments are ids, never addresses.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorquilt.accounts.models import User
from mentorquilt.core.errors import DomainError
from mentorquilt.core.services import audit_record
from mentorquilt.institutions.models import (
    SELF_SERVICE_ROLES,
    Institution,
    InstitutionKind,
    Invitation,
    Membership,
    MembershipStatus,
    Role,
)
from mentorquilt.institutions.tasks import invitation_send

MAX_CLASS_SIZE = 10_000


def _check_institution_fields(*, name: str, kind: str, class_size: int, region: str) -> None:
    if not name.strip():
        raise DomainError("Enter the institution's name.", field="name")
    if kind not in InstitutionKind.values:
        raise DomainError("Choose one of the listed kinds of institution.", field="kind")
    if class_size < 1 or class_size > MAX_CLASS_SIZE:
        # A class has at least one student: 0 would size the required mentors of an
        # empty school (R2) and is almost always a typing slip.
        raise DomainError(
            f"Class size must be a whole number from 1 to {MAX_CLASS_SIZE:,}.", field="class_size"
        )
    if not region.strip():
        raise DomainError("Enter the state or region.", field="region")


@transaction.atomic
def institution_create(
    *, actor: Any, name: str, kind: str, class_size: int, region: str
) -> Institution:
    _check_institution_fields(name=name, kind=kind, class_size=class_size, region=region)
    if Institution.objects.filter(name__iexact=name.strip()).exists():
        raise DomainError("An institution with this name already exists.", field="name")
    institution = Institution.objects.create(
        name=name.strip(), kind=kind, class_size=class_size, region=region.strip()
    )
    audit_record(
        actor=actor,
        action="institution.create",
        target=institution,
        institution=institution,
        data={"kind": kind, "class_size": class_size},
    )
    return institution


@transaction.atomic
def institution_update(
    *,
    actor: Any,
    institution: Institution,
    name: str,
    kind: str,
    class_size: int,
    region: str,
    is_active: bool,
) -> Institution:
    _check_institution_fields(name=name, kind=kind, class_size=class_size, region=region)
    clash = Institution.objects.filter(name__iexact=name.strip()).exclude(pk=institution.pk)
    if clash.exists():
        raise DomainError("An institution with this name already exists.", field="name")
    changed = [
        field
        for field, value in (
            ("name", name.strip()),
            ("kind", kind),
            ("class_size", class_size),
            ("region", region.strip()),
            ("is_active", is_active),
        )
        if getattr(institution, field) != value
    ]
    if not changed:
        return institution
    institution.name = name.strip()
    institution.kind = kind
    institution.class_size = class_size
    institution.region = region.strip()
    institution.is_active = is_active
    institution.save()
    audit_record(
        actor=actor,
        action="institution.update",
        target=institution,
        institution=institution,
        data={"fields": changed},
    )
    return institution


@transaction.atomic
def membership_grant(
    *, actor: Any, user: Any, institution: Institution, role: str, source: str
) -> Membership:
    """Give a person a role at an institution (idempotent: an existing role is reactivated)."""
    if role not in Role.values:
        raise DomainError("Choose one of the listed roles.", field="role")
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user,
        institution=institution,
        role=role,
        defaults={"status": MembershipStatus.ACTIVE},
    )
    if not created and membership.status != MembershipStatus.ACTIVE:
        membership.status = MembershipStatus.ACTIVE
        membership.ended_at = None
        membership.save(update_fields=["status", "ended_at", "updated_at"])
    elif not created:
        return membership
    audit_record(
        actor=actor,
        action="membership.grant",
        target=membership,
        institution=institution,
        data={"role": role, "source": source, "user": str(user.public_id)},
    )
    return membership


@transaction.atomic
def membership_request(*, user: Any, institution: Institution, role: str) -> Membership:
    """A self-registered person asks to join as a mentee or mentor (R2)."""
    if role not in SELF_SERVICE_ROLES:
        raise DomainError("You can ask to join as a mentee or as a mentor.", field="role")
    if not institution.is_active:
        raise DomainError("This institution is not taking new members.", field="institution")
    existing = Membership.objects.filter(user=user, institution=institution, role=role).first()
    if existing is not None and existing.status in (
        MembershipStatus.ACTIVE,
        MembershipStatus.PENDING,
    ):
        raise DomainError(
            "You already have this role here, or your request is waiting for approval.",
            field="role",
        )
    try:
        with transaction.atomic():
            if existing is None:
                membership = Membership.objects.create(
                    user=user,
                    institution=institution,
                    role=role,
                    status=MembershipStatus.PENDING,
                )
            else:
                membership = existing
                membership.status = MembershipStatus.PENDING
                membership.save(update_fields=["status", "updated_at"])
    except IntegrityError as exc:  # a double submit raced this one
        raise DomainError("Your request is already waiting for approval.", field="role") from exc
    audit_record(
        actor=user,
        action="membership.request",
        target=membership,
        institution=institution,
        data={"role": role},
    )
    return membership


def _decide(*, actor: Any, membership: Membership, status: str, action: str) -> Membership:
    if membership.status != MembershipStatus.PENDING:
        raise DomainError("This request has already been answered.")
    membership.status = status
    membership.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        target=membership,
        institution=membership.institution,
        data={"role": membership.role, "user": str(membership.user.public_id)},
    )
    return membership


@transaction.atomic
def membership_approve(*, actor: Any, membership: Membership) -> Membership:
    return _decide(
        actor=actor,
        membership=membership,
        status=MembershipStatus.ACTIVE,
        action="membership.approve",
    )


@transaction.atomic
def membership_decline(*, actor: Any, membership: Membership) -> Membership:
    return _decide(
        actor=actor,
        membership=membership,
        status=MembershipStatus.DECLINED,
        action="membership.decline",
    )


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership) -> Membership:
    """End a role (for example at graduation). History is kept.

    A mentee who leaves is invited to mentor by the mentorships app's periodic job
    (`mentorships.services.alumni_invite_due`, run by `manage.py tick`), R18.
    """
    if membership.status != MembershipStatus.ACTIVE:
        raise DomainError("Only an active membership can be ended.")
    if membership.user_id == actor.pk and membership.role == Role.ADMIN and not actor.is_staff:
        raise DomainError("You cannot remove your own admin role; ask another admin or staff.")
    membership.status = MembershipStatus.ENDED
    membership.ended_at = timezone.now()
    membership.save(update_fields=["status", "ended_at", "updated_at"])
    audit_record(
        actor=actor,
        action="membership.end",
        target=membership,
        institution=membership.institution,
        data={"role": membership.role, "user": str(membership.user.public_id)},
    )
    return membership


@transaction.atomic
def mentor_verify(*, actor: Any, membership: Membership, verified: bool) -> Membership:
    """The institution verifies (or withdraws verification of) a mentor (R4, counts for R1)."""
    if membership.role != Role.MENTOR:
        raise DomainError("Only mentors are verified.")
    if membership.status != MembershipStatus.ACTIVE:
        raise DomainError("Only an active mentor can be verified.")
    membership.verified_at = timezone.now() if verified else None
    membership.save(update_fields=["verified_at", "updated_at"])
    audit_record(
        actor=actor,
        action="mentor.verify" if verified else "mentor.unverify",
        target=membership,
        institution=membership.institution,
        data={"user": str(membership.user.public_id)},
    )
    return membership


ROLE_WORDS = {
    "mentee": Role.MENTEE,
    "student": Role.MENTEE,
    "mentor": Role.MENTOR,
    "admin": Role.ADMIN,
    "institution admin": Role.ADMIN,
    "coordinator": Role.COORDINATOR,
    "program coordinator": Role.COORDINATOR,
    "researcher": Role.RESEARCHER,
}


def role_from_text(text: str) -> str | None:
    """A role from what a person typed in a roster ("Mentor", "program coordinator"...)."""
    return ROLE_WORDS.get(" ".join(text.strip().lower().replace("_", " ").split()))


def _normalise_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError("Enter a valid email address.", field="email") from exc
    return email


def _open_invitation(*, institution: Institution, email: str, role: str) -> Invitation | None:
    return (
        Invitation.objects.filter(
            institution=institution,
            email=email,
            role=role,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )


def _already_member(*, institution: Institution, email: str, role: str) -> bool:
    return Membership.objects.filter(
        institution=institution,
        user__email=email,
        role=role,
        status=MembershipStatus.ACTIVE,
    ).exists()


def _new_invitation(
    *, actor: Any, institution: Institution, email: str, name: str, role: str, source: str
) -> Invitation:
    invitation = Invitation.objects.create(
        institution=institution,
        email=email,
        name=name.strip(),
        role=role,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS),
    )
    audit_record(
        actor=actor,
        action="invitation.create",
        target=invitation,
        institution=institution,
        data={"role": role, "source": source},
    )
    invitation_id = str(invitation.public_id)
    transaction.on_commit(lambda: invitation_send.enqueue(invitation_id))
    return invitation


@transaction.atomic
def invitation_create(
    *, actor: Any, institution: Institution, email: str, name: str, role: str
) -> Invitation:
    """Invite one person by email with a role; the email goes out after commit."""
    email = _normalise_email(email)
    if role not in Role.values:
        raise DomainError("Choose one of the listed roles.", field="role")
    if _already_member(institution=institution, email=email, role=role):
        raise DomainError("This person already has this role here.", field="email")
    if _open_invitation(institution=institution, email=email, role=role):
        raise DomainError(
            "An invitation for this address and role is still open. "
            "Resend it from the list below instead.",
            field="email",
        )
    return _new_invitation(
        actor=actor, institution=institution, email=email, name=name, role=role, source="single"
    )


@transaction.atomic
def invitation_resend(*, actor: Any, invitation: Invitation) -> Invitation:
    """Send an open invitation again, with a fresh expiry date."""
    if invitation.state not in ("open", "expired"):
        raise DomainError("Only an open or expired invitation can be sent again.")
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
    invitation.sent_at = None
    invitation.save(update_fields=["expires_at", "sent_at", "updated_at"])
    audit_record(
        actor=actor,
        action="invitation.resend",
        target=invitation,
        institution=invitation.institution,
    )
    invitation_id = str(invitation.public_id)
    transaction.on_commit(lambda: invitation_send.enqueue(invitation_id))
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    if invitation.state != "open":
        raise DomainError("Only an open invitation can be withdrawn.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        actor=actor,
        action="invitation.revoke",
        target=invitation,
        institution=invitation.institution,
    )
    return invitation


def _claim(invitation: Invitation, user: User) -> None:
    """Mark the invitation used and give the role; the caller holds the row lock."""
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    membership_grant(
        actor=user,
        user=user,
        institution=invitation.institution,
        role=invitation.role,
        source="invitation",
    )
    audit_record(
        actor=user,
        action="invitation.accept",
        target=invitation,
        institution=invitation.institution,
    )


def _lock_open(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update().select_related("institution").get(pk=invitation.pk)
    )
    if locked.state != "open":
        raise DomainError(
            {
                "accepted": "This invitation has already been used.",
                "revoked": "This invitation was withdrawn by the institution.",
                "expired": "This invitation has expired. Ask the institution to send a new one.",
            }[locked.state]
        )
    return locked


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Invitation:
    """A signed-in person accepts an invitation sent to their own address."""
    invitation = _lock_open(invitation)
    if user.email.lower() != invitation.email.lower():
        raise DomainError(
            "This invitation was sent to a different email address. "
            "Sign out and sign in with the address that received it."
        )
    _claim(invitation, user)
    return invitation


@transaction.atomic
def invitation_signup(*, invitation: Invitation, name: str, password: str) -> User:
    """Create the account for an invited address and accept the invitation."""
    invitation = _lock_open(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise DomainError("You already have an account. Sign in to accept this invitation.")
    if not name.strip():
        raise DomainError("Enter your name.", field="name")
    user = User.objects.create_user(invitation.email, password, name=name.strip())
    # The link reached this mailbox, so the address is verified.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    audit_record(actor=user, action="user.signup", target=user, data={"source": "invitation"})
    _claim(invitation, user)
    return user


@dataclass
class RosterReport:
    """What a roster import did, or would have done: every problem with its line."""

    invited: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _RosterRow:
    line: int
    name: str
    email: str
    role: str


def _roster_rows(csv_text: str, report: RosterReport) -> list[_RosterRow]:
    """Parse and check every row; problems go to report.errors, good rows are returned."""
    text = csv_text.lstrip("\ufeff")
    if not text.strip():
        report.errors.append((1, "The file is empty. The first line must be: name,email,role"))
        return []
    reader = csv.reader(io.StringIO(text))
    try:
        header = [column.strip().lower() for column in next(reader)]
    except csv.Error as exc:
        report.errors.append((1, f"The first line could not be read as CSV ({exc})."))
        return []
    missing = [column for column in ("name", "email", "role") if column not in header]
    if missing:
        report.errors.append(
            (
                1,
                f"The first line must name the columns name, email and role; missing: "
                f"{', '.join(missing)}.",
            )
        )
        return []
    positions = {column: header.index(column) for column in ("name", "email", "role")}
    rows: list[_RosterRow] = []
    seen: dict[tuple[str, str], int] = {}
    limit = settings.ROSTER_IMPORT_MAX_ROWS
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(rows) + len(report.errors) >= limit:
                report.errors.append((line, f"Too many rows: import at most {limit:,} at a time."))
                break
            if len(values) < len(header):
                report.errors.append((line, f"Expected {len(header)} values, found {len(values)}."))
                continue
            name = values[positions["name"]].strip()
            raw_email = values[positions["email"]].strip()
            raw_role = values[positions["role"]]
            problems = []
            if not name:
                problems.append("the name is empty")
            try:
                email = _normalise_email(raw_email)
            except DomainError:
                email = ""
                problems.append(
                    f"'{raw_email}' is not a valid email address"
                    if raw_email
                    else "the email is empty"
                )
            role = role_from_text(raw_role)
            if role is None:
                problems.append(
                    f"'{raw_role.strip()}' is not a role (use mentee, mentor, admin, "
                    "coordinator or researcher)"
                )
            if email and role and (email, role) in seen:
                problems.append(
                    f"the same email and role are already on line {seen[(email, role)]}"
                )
            if problems:
                report.errors.append((line, "; ".join(problems).capitalize() + "."))
                continue
            assert role is not None
            seen[(email, role)] = line
            rows.append(_RosterRow(line=line, name=name, email=email, role=role))
    except csv.Error as exc:
        report.errors.append((reader.line_num, f"This line could not be read as CSV ({exc})."))
    if not rows and not report.errors:
        report.errors.append((1, "The file has a header but no people in it."))
    return rows


@transaction.atomic
def roster_import(*, actor: Any, institution: Institution, csv_text: str) -> RosterReport:
    """Invite everyone on a roster, or no one if any row is bad (R2)."""
    report = RosterReport()
    rows = _roster_rows(csv_text, report)
    if not report.ok:
        return report
    for row in rows:
        if _already_member(institution=institution, email=row.email, role=row.role):
            report.skipped.append((row.line, "already has this role here"))
        elif _open_invitation(institution=institution, email=row.email, role=row.role):
            report.skipped.append((row.line, "already has an open invitation"))
        else:
            _new_invitation(
                actor=actor,
                institution=institution,
                email=row.email,
                name=row.name,
                role=row.role,
                source="roster",
            )
            report.invited += 1
    audit_record(
        actor=actor,
        action="roster.import",
        target=institution,
        institution=institution,
        data={"invited": report.invited, "skipped": len(report.skipped)},
    )
    return report
