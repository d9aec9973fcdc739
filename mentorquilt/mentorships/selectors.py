"""Reads about requests, mentorships, the quilt, responsiveness and suspensions.

Scoping: a mentor sees only requests to them, a mentee only their own; a mentorship
is seen by its two people; a suspension by the admins of the mentor's institutions
and staff. Anything else is "not found" (Http404), never "forbidden".
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentorquilt.core.ids import parse_public_id
from mentorquilt.institutions.models import Institution, Membership, MembershipStatus, Role
from mentorquilt.institutions.selectors import user_manages
from mentorquilt.mentorships.models import (
    Mentorship,
    MentorshipMessage,
    MentorshipRequest,
    MentorshipState,
    MentorSuspension,
    RequestStatus,
)
from mentorquilt.profiles.models import MentorProfile, NeedArea
from mentorquilt.profiles.selectors import (
    mentee_needs_ordered,
    mentee_profile_of,
    mentor_profiles_findable,
)

# --- requests --------------------------------------------------------------------------


def _requests() -> QuerySet[MentorshipRequest]:
    return MentorshipRequest.objects.select_related("mentee", "mentor").prefetch_related("needs")


def request_list_received(*, user: Any) -> QuerySet[MentorshipRequest]:
    """Requests to this mentor, newest first."""
    if not user.is_authenticated:
        return MentorshipRequest.objects.none()
    return _requests().filter(mentor=user)


def request_list_sent(*, user: Any) -> QuerySet[MentorshipRequest]:
    """This mentee's own requests, newest first."""
    if not user.is_authenticated:
        return MentorshipRequest.objects.none()
    return _requests().filter(mentee=user)


def request_get_for_party(*, user: Any, public_id: Any) -> MentorshipRequest:
    """A request its mentee or its mentor may open; 404 for everyone else."""
    key = parse_public_id(public_id, "request")
    if not user.is_authenticated:
        raise Http404("No such request.")
    found = _requests().filter(Q(mentor=user) | Q(mentee=user), public_id=key).first()
    if found is None:
        raise Http404("No such request.")
    return found


def pending_sent_count(*, mentee: Any) -> int:
    return MentorshipRequest.objects.filter(mentee=mentee, status=RequestStatus.PENDING).count()


# --- mentorships -----------------------------------------------------------------------


def _mentorships() -> QuerySet[Mentorship]:
    return Mentorship.objects.select_related("mentee", "mentor").prefetch_related("needs")


def mentorship_list_for(*, user: Any) -> QuerySet[Mentorship]:
    """Mentorships the person is part of, as mentee or as mentor."""
    if not user.is_authenticated:
        return Mentorship.objects.none()
    return _mentorships().filter(Q(mentor=user) | Q(mentee=user))


def mentorship_get_for_party(*, user: Any, public_id: Any) -> Mentorship:
    key = parse_public_id(public_id, "mentorship")
    found = mentorship_list_for(user=user).filter(public_id=key).first()
    if found is None:
        raise Http404("No such mentorship.")
    return found


def open_mentorship_count(*, mentor: Any) -> int:
    """Mentees holding one of the mentor's places: active or paused (R6)."""
    return Mentorship.objects.filter(mentor=mentor).exclude(state=MentorshipState.CONCLUDED).count()


def mentor_has_free_place(*, profile: MentorProfile) -> bool:
    return open_mentorship_count(mentor=profile.user) < profile.capacity


# --- the quilt (R13, B1) ---------------------------------------------------------------


@dataclass
class QuiltPatch:
    mentorship: Mentorship
    needs: list[NeedArea]


@dataclass
class Quilt:
    needs: list[NeedArea]
    patches: list[QuiltPatch] = field(default_factory=list)
    uncovered: list[NeedArea] = field(default_factory=list)
    pending: list[MentorshipRequest] = field(default_factory=list)


def quilt_for(*, user: Any) -> Quilt:
    """A mentee's mentors, the needs each covers, and the needs no mentor covers yet."""
    profile = mentee_profile_of(user=user)
    needs = mentee_needs_ordered(profile=profile) if profile else []
    patches = []
    covered: set[int] = set()
    for mentorship in (
        _mentorships().filter(mentee=user).exclude(state=MentorshipState.CONCLUDED)
    ).order_by("started_on", "id"):
        mine = list(mentorship.needs.all())
        covered |= {need.pk for need in mine}
        patches.append(QuiltPatch(mentorship=mentorship, needs=mine))
    pending = list(request_list_sent(user=user).filter(status=RequestStatus.PENDING))
    return Quilt(
        needs=needs,
        patches=patches,
        uncovered=[need for need in needs if need.pk not in covered],
        pending=pending,
    )


# --- responsiveness (R8, R20, B3) -----------------------------------------------------


@dataclass(frozen=True)
class Responsiveness:
    """How a mentor answers requests: the figures matching weighs (R20)."""

    answered_in_time: int = 0
    answered_late: int = 0
    lapsed: int = 0
    pending: int = 0
    median_response_days: float | None = None

    @property
    def decided(self) -> int:
        return self.answered_in_time + self.answered_late + self.lapsed

    @property
    def in_time_rate(self) -> float | None:
        return self.answered_in_time / self.decided if self.decided else None


def responsiveness_for(*, mentor_ids: list[int]) -> dict[int, Responsiveness]:
    """Response history per mentor (user id): answered in time, lapsed, median days."""
    rows = MentorshipRequest.objects.filter(mentor_id__in=mentor_ids).values_list(
        "mentor_id", "status", "created_at", "answered_at", "due_at"
    )
    figures: dict[int, dict[str, Any]] = {
        mentor_id: {"in_time": 0, "late": 0, "lapsed": 0, "pending": 0, "days": []}
        for mentor_id in mentor_ids
    }
    for mentor_id, status, created_at, answered_at, due_at in rows:
        bucket = figures[mentor_id]
        if status == RequestStatus.LAPSED:
            bucket["lapsed"] += 1
        elif status == RequestStatus.PENDING:
            bucket["pending"] += 1
        elif answered_at is not None:
            bucket["in_time" if answered_at <= due_at else "late"] += 1
            bucket["days"].append((answered_at - created_at).total_seconds() / 86400)
    return {
        mentor_id: Responsiveness(
            answered_in_time=b["in_time"],
            answered_late=b["late"],
            lapsed=b["lapsed"],
            pending=b["pending"],
            median_response_days=round(statistics.median(b["days"]), 1) if b["days"] else None,
        )
        for mentor_id, b in figures.items()
    }


def responsiveness_of(*, mentor: Any) -> Responsiveness:
    return responsiveness_for(mentor_ids=[mentor.pk])[mentor.pk]


def lapses_counting(*, mentor: Any, now: datetime | None = None) -> int:
    """Lapsed requests that count toward a suspension: within the period, after the
    mentor was last reinstated."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.MENTORSHIP_LAPSE_PERIOD_DAYS)
    last_end = (
        MentorSuspension.objects.filter(mentor=mentor, ended_at__isnull=False)
        .order_by("-ended_at")
        .values_list("ended_at", flat=True)
        .first()
    )
    if last_end and last_end > since:
        since = last_end
    return MentorshipRequest.objects.filter(
        mentor=mentor, status=RequestStatus.LAPSED, lapsed_at__gt=since
    ).count()


# --- suspension and search (R8, B3) ---------------------------------------------------


def suspension_open_of(*, mentor: Any) -> MentorSuspension | None:
    return MentorSuspension.objects.filter(mentor=mentor, ended_at__isnull=True).first()


def unavailable_mentor_ids() -> QuerySet[Any]:
    """THE one notion of "not available" as a mentor (R8, B3, R27): user ids, as a subquery.

    A person is not available when staff suspended their account (inactive) or they have
    an open suspension of any cause (staff, or repeated lapsed requests). Everything that
    finds, suggests, pairs or lets someone ask a mentor excludes these ids: search and its
    re-check (`mentor_profiles_searchable`), the matching pool (`matching.adapter`),
    pairing rounds (`pairing.selectors.mentor_candidates` and the run), requests and
    paired starts (`mentor_is_available`). Do not write another rule next to it.
    """
    from mentorquilt.accounts.models import User

    open_suspension = MentorSuspension.objects.filter(mentor=OuterRef("pk"), ended_at__isnull=True)
    return User.objects.filter(Q(is_active=False) | Q(Exists(open_suspension))).values("pk")


def mentor_is_available(*, mentor: Any) -> bool:
    """The same rule as `unavailable_mentor_ids`, for one person."""
    return not unavailable_mentor_ids().filter(pk=mentor.pk).exists()


def mentor_profiles_searchable(*, viewer: Any) -> QuerySet[MentorProfile]:
    """Mentors a person can find and ask: findable (profiles' rule) and available.

    Search and matching use this, never `mentor_profiles_findable` alone (R8, B3).
    """
    return mentor_profiles_findable(viewer=viewer).exclude(user_id__in=unavailable_mentor_ids())


def _mentor_institution_ids(mentor_id: Any) -> QuerySet[Any]:
    return Membership.objects.filter(user_id=mentor_id, role=Role.MENTOR).values("institution_id")


def suspension_list_managed(*, user: Any, institution: Institution) -> QuerySet[MentorSuspension]:
    """Suspensions of the institution's mentors, for its admins and staff only."""
    if not user.is_authenticated or not user_manages(user=user, institution=institution):
        return MentorSuspension.objects.none()
    mentors = Membership.objects.filter(
        institution=institution, role=Role.MENTOR, status=MembershipStatus.ACTIVE
    ).values("user_id")
    return MentorSuspension.objects.filter(mentor_id__in=mentors).select_related("mentor")


def suspension_get_managed(*, user: Any, public_id: Any) -> MentorSuspension:
    key = parse_public_id(public_id, "suspension")
    suspension = MentorSuspension.objects.select_related("mentor").filter(public_id=key).first()
    if suspension is None or not user.is_authenticated:
        raise Http404("No such suspension.")
    if user.is_staff:
        return suspension
    institutions = Institution.objects.filter(id__in=_mentor_institution_ids(suspension.mentor_id))
    if any(user_manages(user=user, institution=i) for i in institutions):
        return suspension
    raise Http404("No such suspension.")


def admins_of_mentor(*, mentor: Any) -> QuerySet[Any]:
    """The active admins of every institution where the person is a mentor."""
    from mentorquilt.accounts.models import User

    admin_rows = Membership.objects.filter(
        role=Role.ADMIN,
        status=MembershipStatus.ACTIVE,
        institution_id__in=_mentor_institution_ids(mentor.pk),
    ).values("user_id")
    return User.objects.filter(id__in=admin_rows, is_active=True)


def suspension_contacts(*, mentor: Any) -> list[str]:
    """Whom a lapse-suspended mentor talks to: "Name (Institution)" of each admin."""
    rows = Membership.objects.filter(
        role=Role.ADMIN,
        status=MembershipStatus.ACTIVE,
        institution_id__in=_mentor_institution_ids(mentor.pk),
        user__is_active=True,
    ).select_related("user", "institution")
    return sorted({f"{m.user.name or m.user.email} ({m.institution.name})" for m in rows})


# --- the home page -----------------------------------------------------------------------


@dataclass(frozen=True)
class MentorshipHome:
    """What the home page shows about requests and mentorships, in counts."""

    waiting_for_me: int
    my_pending: int
    mentees: int
    mentors: int
    suspended: bool
    contacts: list[str] = field(default_factory=list)


def mentorship_home(*, user: Any) -> MentorshipHome:
    open_rows = Mentorship.objects.exclude(state=MentorshipState.CONCLUDED)
    suspended = suspension_open_of(mentor=user) is not None
    return MentorshipHome(
        waiting_for_me=MentorshipRequest.objects.filter(
            mentor=user, status=RequestStatus.PENDING
        ).count(),
        my_pending=pending_sent_count(mentee=user),
        mentees=open_rows.filter(mentor=user).count(),
        mentors=open_rows.filter(mentee=user).count(),
        suspended=suspended,
        contacts=suspension_contacts(mentor=user) if suspended else [],
    )


# --- the pair's hub: messages and shared contact details -----------------------------------


def _party_or_404(user: Any, mentorship: Mentorship) -> None:
    if getattr(user, "pk", None) not in (mentorship.mentee_id, mentorship.mentor_id):
        raise Http404("No such mentorship.")


def mentorship_messages(*, user: Any, mentorship: Mentorship) -> QuerySet[MentorshipMessage]:
    """The pair's thread, oldest first, for one of its two people; anyone else gets 404.

    Staff included: no page or API operation shows a thread to anyone but the pair.
    """
    _party_or_404(user, mentorship)
    return MentorshipMessage.objects.filter(mentorship=mentorship).select_related("author")


def mentorship_accepts_messages(mentorship: Mentorship) -> bool:
    """New messages while active only; a paused or concluded thread stays readable."""
    return mentorship.state == MentorshipState.ACTIVE


@dataclass(frozen=True)
class ContactDetail:
    label: str
    value: str
    href: str


def contact_details_shared_with(*, viewer: Any, mentorship: Mentorship) -> list[ContactDetail]:
    """What the other person of an active mentorship chose to share with the viewer.

    Nothing while paused or concluded, nothing about the viewer themselves, and nothing
    the other person did not turn on (User.share_email, User.share_phone).
    """
    _party_or_404(viewer, mentorship)
    if mentorship.state != MentorshipState.ACTIVE:
        return []
    other = mentorship.mentor if viewer.pk == mentorship.mentee_id else mentorship.mentee
    shared = []
    if other.share_email:
        shared.append(ContactDetail("Email", other.email, f"mailto:{other.email}"))
    if other.share_phone and other.phone:
        dial = "".join(c for c in other.phone if c.isdigit() or c == "+")
        shared.append(ContactDetail("Phone", other.phone, f"tel:{dial}"))
    return shared
