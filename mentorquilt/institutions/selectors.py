"""Permission-scoped reads about institutions and memberships.

An object the user may not see is reported as missing (Http404 in views,
404 in the API), never as forbidden, so its existence is not disclosed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from mentorquilt.accounts.selectors import user_has_totp
from mentorquilt.core.ids import parse_public_id
from mentorquilt.institutions.links import invitation_token_read
from mentorquilt.institutions.models import (
    PRIVILEGED_ROLES,
    Institution,
    Invitation,
    Membership,
    MembershipStatus,
    Role,
)

# Roles that manage an institution's people and see its compliance.
MANAGING_ROLES = (Role.ADMIN, Role.COORDINATOR)


def user_roles(*, user: Any) -> set[str]:
    """Active roles of a person across all their institutions, plus "staff"."""
    if not user.is_authenticated:
        return set()
    roles = set(
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values_list(
            "role", flat=True
        )
    )
    if user.is_staff:
        roles.add("staff")
    return roles


def user_is_privileged(*, user: Any) -> bool:
    """Staff and holders of privileged roles need two-factor sign-in and short sessions."""
    if not user.is_authenticated:
        return False
    return user.is_staff or bool(user_roles(user=user) & set(PRIVILEGED_ROLES))


def user_needs_two_factor(*, user: Any) -> bool:
    """A privileged person without a TOTP authenticator: refused everywhere but the
    two-factor set-up, by session and by personal access token alike (decision 0003)."""
    return user_is_privileged(user=user) and not user_has_totp(user=user)


def membership_list_for_user(*, user: Any) -> QuerySet[Membership]:
    """A person's own memberships, every status, with their institutions."""
    return Membership.objects.filter(user=user).select_related("institution")


# What else an active, verified mentor must be to count toward compliance (R1): apps
# above this one add a condition in their AppConfig.ready() (profiles: the profile is
# published; training: training is complete), so this app never imports them. Each
# condition takes the lookup prefix that leads to a Membership ("" or "memberships__").
CountedMentorCondition = Callable[[str], Q]
_counted_mentor_conditions: dict[str, CountedMentorCondition] = {}


def counted_mentor_condition_add(*, name: str, condition: CountedMentorCondition) -> None:
    """Register (or replace) one named condition a counted mentor must meet."""
    _counted_mentor_conditions[name] = condition


def counted_mentor_conditions() -> list[str]:
    return sorted(_counted_mentor_conditions)


def _counted(prefix: str) -> Q:
    condition = Q(**{f"{prefix}verified_at__isnull": False})
    for name in sorted(_counted_mentor_conditions):
        condition &= _counted_mentor_conditions[name](prefix)
    return condition


def _with_compliance_counts(institutions: QuerySet[Institution]) -> QuerySet[Institution]:
    active = Q(memberships__status=MembershipStatus.ACTIVE)
    return institutions.annotate(
        verified_mentors=Count(
            "memberships",
            filter=active
            & Q(memberships__role=Role.MENTOR, memberships__verified_at__isnull=False),
        ),
        counted_mentors=Count(
            "memberships",
            filter=active & Q(memberships__role=Role.MENTOR) & _counted("memberships__"),
        ),
        active_mentors=Count("memberships", filter=active & Q(memberships__role=Role.MENTOR)),
        active_mentees=Count("memberships", filter=active & Q(memberships__role=Role.MENTEE)),
        pending_requests=Count(
            "memberships", filter=Q(memberships__status=MembershipStatus.PENDING)
        ),
    )


def institution_list_managed(*, user: Any) -> QuerySet[Institution]:
    """Institutions the user manages (all of them for staff), with compliance counts."""
    if not user.is_authenticated:
        return Institution.objects.none()
    if user.is_staff:
        institutions = Institution.objects.all()
    else:
        institutions = Institution.objects.filter(
            id__in=Membership.objects.filter(
                user=user, role__in=MANAGING_ROLES, status=MembershipStatus.ACTIVE
            ).values("institution_id")
        )
    return _with_compliance_counts(institutions).order_by("name")


def institution_list_visible(*, user: Any) -> QuerySet[Institution]:
    """Institutions a person belongs to (any active role); staff see all."""
    if not user.is_authenticated:
        return Institution.objects.none()
    if user.is_staff:
        return Institution.objects.all()
    return Institution.objects.filter(
        id__in=Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values(
            "institution_id"
        )
    )


def institution_list_joinable() -> QuerySet[Institution]:
    """Active institutions a newly registered person can ask to join (names only)."""
    return Institution.objects.filter(is_active=True).only("public_id", "name", "region")


def institution_get_managed(*, user: Any, public_id: Any) -> Institution:
    """One institution the user manages, with compliance counts; 404 otherwise."""
    institution = (
        institution_list_managed(user=user)
        .filter(public_id=parse_public_id(public_id, "institution"))
        .first()
    )
    if institution is None:
        raise Http404("No such institution.")
    return institution


def institution_get_visible(*, user: Any, public_id: Any) -> Institution:
    institution = (
        institution_list_visible(user=user)
        .filter(public_id=parse_public_id(public_id, "institution"))
        .first()
    )
    if institution is None:
        raise Http404("No such institution.")
    return institution


def user_manages(
    *, user: Any, institution: Institution, roles: tuple[str, ...] = (Role.ADMIN,)
) -> bool:
    """True for staff and for active holders of one of `roles` at the institution."""
    if user.is_staff:
        return True
    return Membership.objects.filter(
        user=user, institution=institution, role__in=roles, status=MembershipStatus.ACTIVE
    ).exists()


@dataclass(frozen=True)
class Compliance:
    """R1 at a glance: counted mentors against the schedule's minimum.

    `counted` are the active mentors who are verified and meet every registered
    condition (published profile, completed training): the compliance figure.
    `verified` counts verification alone, `active_mentors` every active mentor.
    """

    required: int
    verified: int
    active_mentors: int
    counted: int

    @property
    def shortfall(self) -> int:
        return max(self.required - self.counted, 0)

    @property
    def is_compliant(self) -> bool:
        return self.counted >= self.required

    @property
    def percent(self) -> int:
        if self.required == 0:
            return 100
        return min(100, round(100 * self.counted / self.required))


def institution_compliance(*, institution: Institution) -> Compliance:
    """Compliance from the annotated counts when present, else counted now."""
    verified = getattr(institution, "verified_mentors", None)
    active = getattr(institution, "active_mentors", None)
    counted = getattr(institution, "counted_mentors", None)
    if verified is None or active is None or counted is None:
        mentors = Membership.objects.filter(
            institution=institution, role=Role.MENTOR, status=MembershipStatus.ACTIVE
        )
        active = mentors.count()
        verified = mentors.filter(verified_at__isnull=False).count()
        counted = mentors.filter(_counted("")).count()
    return Compliance(
        required=institution.required_mentors,
        verified=verified,
        active_mentors=active,
        counted=counted,
    )


def member_list(
    *, user: Any, institution: Institution, role: str = "", status: str = ""
) -> QuerySet[Membership]:
    """An institution's memberships, for its managers and staff only."""
    if not user_manages(user=user, institution=institution, roles=MANAGING_ROLES):
        return Membership.objects.none()
    # `user__suspensions`: the people list shows a suspension (by staff, or after
    # unanswered requests) next to the person; the relation is the mentorships app's.
    members = (
        Membership.objects.filter(institution=institution)
        .select_related("user")
        .prefetch_related("user__suspensions")
    )
    if role:
        members = members.filter(role=role)
    if status:
        members = members.filter(status=status)
    return members.order_by("user__name", "user__email", "role")


def membership_get_managed(*, user: Any, public_id: Any) -> Membership:
    """A membership at an institution the user administers; 404 otherwise."""
    key = parse_public_id(public_id, "membership")
    membership = (
        Membership.objects.select_related("institution", "user").filter(public_id=key).first()
    )
    if membership is None or not user_manages(user=user, institution=membership.institution):
        raise Http404("No such membership.")
    return membership


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a signed link points to, or None for a bad or expired link."""
    max_age = settings.INVITATION_MAX_AGE_DAYS * 24 * 60 * 60
    public_id = invitation_token_read(token, max_age_seconds=max_age)
    if public_id is None:
        return None
    return Invitation.objects.select_related("institution").filter(public_id=public_id).first()


def invitation_list(*, user: Any, institution: Institution) -> QuerySet[Invitation]:
    """An institution's invitations, for its admins and staff only."""
    if not user_manages(user=user, institution=institution):
        return Invitation.objects.none()
    return Invitation.objects.filter(institution=institution).select_related("invited_by")


def invitation_get_managed(*, user: Any, public_id: Any) -> Invitation:
    key = parse_public_id(public_id, "invitation")
    invitation = Invitation.objects.select_related("institution").filter(public_id=key).first()
    if invitation is None or not user_manages(user=user, institution=invitation.institution):
        raise Http404("No such invitation.")
    return invitation
