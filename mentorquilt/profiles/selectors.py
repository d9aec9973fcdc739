"""Reads about taxonomies, profiles, attributes and qualifications, scoped to the viewer.

Visibility of affinity attributes is decided in ONE place, `visible_attributes`:
- the owner sees all of their attributes;
- anyone else sees only those the owner chose to show (show_on_profile), and only
  where they may see the profile at all (the profile selectors below);
- platform staff see the same unless they ask to reveal the private ones for a
  legitimate need; every staff read of someone else's attributes is audited.
Eligibility (R11) is seen only by its owner and, audited, by staff.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from mentorquilt.core.ids import parse_public_id
from mentorquilt.core.services import audit_record
from mentorquilt.institutions.models import Membership, MembershipStatus, Role
from mentorquilt.institutions.selectors import MANAGING_ROLES, user_manages
from mentorquilt.profiles.models import (
    AffinityCategory,
    AffinityDimension,
    AffinityPreference,
    Language,
    MeetingFormat,
    MenteeProfile,
    MentorProfile,
    NeedArea,
    PersonAttribute,
    Qualification,
    QualificationStatus,
    Specialty,
    Taxonomy,
    Track,
    TrainingStage,
)

TAXONOMIES: dict[str, type[Taxonomy]] = {
    "tracks": Track,
    "training_stages": TrainingStage,
    "specialties": Specialty,
    "languages": Language,
    "formats": MeetingFormat,
    "needs": NeedArea,
}


# --- taxonomies (public terms, not personal data) -------------------------------------


def terms_active[T: Taxonomy](model: type[T]) -> QuerySet[T]:
    return model._default_manager.filter(is_active=True)


def dimensions_active() -> QuerySet[AffinityDimension]:
    from django.db.models import Prefetch

    return AffinityDimension.objects.filter(is_active=True).prefetch_related(
        Prefetch(
            "categories",
            queryset=AffinityCategory.objects.filter(is_active=True),
            to_attr="active_categories",
        )
    )


# --- a person's own profile ----------------------------------------------------------


def mentee_profile_of(*, user: Any) -> MenteeProfile | None:
    return MenteeProfile.objects.filter(user=user).first() if user.is_authenticated else None


def mentor_profile_of(*, user: Any) -> MentorProfile | None:
    return MentorProfile.objects.filter(user=user).first() if user.is_authenticated else None


def mentor_capacity_note(*, profile: MentorProfile) -> str:
    """A plain statement when a mentor holds more mentees than their capacity (R6), else "".

    A mentor may always lower their capacity (B2): nobody's mentorship ends, and nobody new
    can ask until enough of the current ones end. Mentorships live in the app above this
    one, so they are counted through the reverse relation instead of an import: open means
    active or paused, as `mentorships.selectors.open_mentorship_count` counts them.
    """
    held = profile.user.mentorships_as_mentor.exclude(state="concluded").count()
    if held <= profile.capacity:
        return ""
    to_end = held - profile.capacity + 1  # a place opens when they hold fewer than capacity
    ends = "ends" if to_end == 1 else "end"
    return (
        f"You have {held} mentees now, more than the {profile.capacity} you chose to take "
        f"at a time. No mentorship ends because of this. Students cannot ask you to be their "
        f"mentor until {to_end} of these mentorships {ends}."
    )


def mentee_needs_ordered(*, profile: MenteeProfile) -> list[NeedArea]:
    return [row.need for row in profile.needs.select_related("need").order_by("priority")]


def mentee_preferences(*, profile: MenteeProfile) -> dict[int, int]:
    """dimension id -> importance (0-3); dimensions never answered are left out."""
    return dict(
        AffinityPreference.objects.filter(profile=profile).values_list("dimension_id", "importance")
    )


def attributes_of_own(*, user: Any) -> QuerySet[PersonAttribute]:
    """A person's own attributes with both consents (only ever for the owner)."""
    return PersonAttribute.objects.filter(user=user).select_related("category__dimension")


def matching_attributes(*, user: Any) -> QuerySet[PersonAttribute]:
    """Attributes the owner consented to use for matching (R19): the engine's input."""
    return attributes_of_own(user=user).filter(use_for_matching=True)


def _scope(*, viewer: Any, owner_id: int, reveal: bool) -> str:
    """ "all", "shown" or "none": which of `owner_id`'s attributes `viewer` sees.

    THE rule (R19, R36): the owner sees all; nobody signed out sees any; staff see the
    shown ones, or all on an explicit reveal; everyone else sees the shown ones.
    """
    if not viewer.is_authenticated:
        return "none"
    if viewer.pk == owner_id:
        return "all"
    if viewer.is_staff and reveal:
        return "all"
    return "shown"


def visible_attributes(*, viewer: Any, owner: Any, reveal: bool = False) -> list[PersonAttribute]:
    """The one rule for who sees which of `owner`'s attributes (R19, R36).

    The owner: all. Others: only those shown on the profile. Staff with reveal=True: all,
    and every staff read of another person's attributes writes an audit row (ids only).
    The caller must already have checked that `viewer` may see `owner`'s profile.
    """
    scope = _scope(viewer=viewer, owner_id=owner.pk, reveal=reveal)
    if scope == "none":
        return []
    attributes = attributes_of_own(user=owner)
    shown = list(attributes if scope == "all" else attributes.filter(show_on_profile=True))
    if viewer.is_staff and viewer.pk != owner.pk:
        audit_record(
            actor=viewer,
            action="attribute.read",
            target=owner,
            data={"scope": scope, "count": len(shown)},
        )
    return shown


Codes = tuple[int, int]


def visible_attribute_codes(
    *,
    viewer: Any,
    owner_ids: Iterable[int],
    reveal: bool = False,
    audit_target: Any = None,
) -> dict[int, frozenset[Codes]]:
    """`visible_attributes` for many owners at once, as (dimension, category) codes.

    The same rule (`_scope`), one query whatever the number of owners. Every owner id
    asked for is a key (an empty set when the viewer sees none of theirs). A staff read
    of other people's attributes writes ONE audit row (`attribute.read`, on
    `audit_target`: the object read through, for example a pairing round; scope, owner
    and attribute counts, no values). The caller must already have checked that `viewer`
    may see these people at all.
    """
    ids = set(owner_ids)
    scopes = {uid: _scope(viewer=viewer, owner_id=uid, reveal=reveal) for uid in ids}
    out: dict[int, set[Codes]] = {uid: set() for uid in ids}
    wanted = [uid for uid, scope in scopes.items() if scope != "none"]
    rows = PersonAttribute.objects.filter(user_id__in=wanted).values_list(
        "user_id", "category__dimension_id", "category_id", "show_on_profile"
    )
    for uid, dim, cat, shown in rows:
        if scopes[uid] == "all" or shown:
            out[uid].add((dim, cat))
    others = [uid for uid in wanted if uid != viewer.pk]
    if viewer.is_authenticated and viewer.is_staff and others:
        audit_record(
            actor=viewer,
            action="attribute.read",
            target=audit_target,
            data={
                "scope": "all" if reveal else "shown",
                "owners": len(others),
                "count": sum(len(out[uid]) for uid in others),
            },
        )
    return {uid: frozenset(codes) for uid, codes in out.items()}


# --- other people's profiles ---------------------------------------------------------


def _active_institution_ids(*, user: Any, roles: tuple[str, ...] | None = None) -> QuerySet[Any]:
    memberships = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("institution_id")


def _verified_mentor_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(
        role=Role.MENTOR, status=MembershipStatus.ACTIVE, verified_at__isnull=False
    )


def mentor_profiles_findable(*, viewer: Any) -> QuerySet[MentorProfile]:
    """Mentors a signed-in member can find (R3, R4, R7): published, verified at an
    institution, and national, or local to an institution the viewer belongs to."""
    if not viewer.is_authenticated:
        return MentorProfile.objects.none()
    verified = _verified_mentor_memberships().filter(user=OuterRef("user"))
    mine = _active_institution_ids(user=viewer)
    profiles = MentorProfile.objects.filter(published_at__isnull=False).filter(Exists(verified))
    if viewer.is_staff:
        return profiles
    if not mine.exists():
        return MentorProfile.objects.none()
    local_here = verified.filter(institution_id__in=mine)
    return profiles.filter(Q(scope="national") | Exists(local_here))


def mentor_profile_get_visible(*, viewer: Any, public_id: Any) -> MentorProfile:
    """A mentor profile the viewer may open: their own, a findable one, or (for the
    mentor's institution managers and staff) any mentor of theirs, published or not."""
    key = parse_public_id(public_id, "mentor")
    profile = MentorProfile.objects.select_related("user").filter(public_id=key).first()
    if profile is None or not viewer.is_authenticated:
        raise Http404("No such mentor.")
    if profile.user_id == viewer.pk or viewer.is_staff:
        return profile
    managed = _active_institution_ids(user=viewer, roles=MANAGING_ROLES)
    if Membership.objects.filter(
        user_id=profile.user_id, role=Role.MENTOR, institution_id__in=managed
    ).exists():
        return profile
    if mentor_profiles_findable(viewer=viewer).filter(pk=profile.pk).exists():
        return profile
    raise Http404("No such mentor.")


def mentee_profile_get_visible(*, viewer: Any, public_id: Any) -> MenteeProfile:
    """A mentee profile: its owner, the managers of the mentee's institutions, staff."""
    key = parse_public_id(public_id, "mentee")
    profile = MenteeProfile.objects.select_related("user").filter(public_id=key).first()
    if profile is None or not viewer.is_authenticated:
        raise Http404("No such mentee.")
    if profile.user_id == viewer.pk or viewer.is_staff:
        return profile
    managed = _active_institution_ids(user=viewer, roles=MANAGING_ROLES)
    if Membership.objects.filter(
        user_id=profile.user_id, role=Role.MENTEE, institution_id__in=managed
    ).exists():
        return profile
    raise Http404("No such mentee.")


def eligibility_visible(*, viewer: Any, profile: MenteeProfile) -> bool:
    """R11 eligibility is seen by its owner and by staff (audited), by nobody else."""
    if viewer.pk == profile.user_id:
        return True
    if viewer.is_staff:
        audit_record(actor=viewer, action="eligibility.read", target=profile)
        return True
    return False


# --- qualification (R4) --------------------------------------------------------------


def mentor_memberships_of(*, user: Any) -> QuerySet[Membership]:
    """A person's active mentor roles, where they can state a qualification."""
    return Membership.objects.filter(
        user=user, role=Role.MENTOR, status=MembershipStatus.ACTIVE
    ).select_related("institution")


def qualifications_of_own(*, user: Any) -> QuerySet[Qualification]:
    return Qualification.objects.filter(membership__user=user).select_related(
        "membership__institution"
    )


def qualification_queue(
    *, user: Any, institution: Any, status: str = QualificationStatus.PENDING
) -> QuerySet[Qualification]:
    """An institution's qualifications to decide, for its admins and staff only."""
    if not user_manages(user=user, institution=institution):
        return Qualification.objects.none()
    queue = Qualification.objects.filter(membership__institution=institution).select_related(
        "membership__user", "nominated_by"
    )
    if status:
        queue = queue.filter(status=status)
    return queue.order_by("created_at")


def qualification_get_managed(*, user: Any, public_id: Any) -> Qualification:
    key = parse_public_id(public_id, "qualification")
    qualification = (
        Qualification.objects.select_related("membership__institution", "membership__user")
        .filter(public_id=key)
        .first()
    )
    if qualification is None or not user_manages(
        user=user, institution=qualification.membership.institution
    ):
        raise Http404("No such qualification.")
    return qualification


def nominating_institutions(*, user: Any) -> list[tuple[Any, str]]:
    """Institutions where the person may nominate a mentor, with the nominator kind:
    as an admin there, or as a current (verified, active) mentor there (R4)."""
    rows = (
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
        .filter(Q(role=Role.ADMIN) | Q(role=Role.MENTOR, verified_at__isnull=False))
        .select_related("institution")
        .order_by("institution__name", "role")
    )
    seen: dict[Any, str] = {}
    for row in rows:
        kind = "institution_admin" if row.role == Role.ADMIN else "current_mentor"
        if seen.get(row.institution) != "institution_admin":
            seen[row.institution] = kind
    return list(seen.items())


# --- the onboarding checklist's profile part -----------------------------------------


@dataclass(frozen=True)
class ProfileStep:
    """One profile step of the onboarding checklist, in words a student understands."""

    key: str
    title: str
    message: str
    url_name: str
    done: bool
    todo: str = ""  # what is missing, as a phrase that follows "You still need to ..."

    @property
    def url(self) -> str:
        """The page where the person does this step."""
        if self.key.startswith("mentee_"):
            return reverse("profile_mentee_step", kwargs={"step": self.key.removeprefix("mentee_")})
        return reverse(self.url_name)


def _mentee_steps(user: Any) -> list[ProfileStep]:
    profile = mentee_profile_of(user=user)
    about = bool(profile and profile.about_done_at)
    needs = bool(profile and profile.needs.exists())
    background = bool(profile and profile.background_reviewed_at)
    matters = bool(profile and profile.preferences.exists())
    eligible = bool(profile and profile.eligibility_attested_at)
    return [
        ProfileStep(
            "mentee_about",
            "Tell us about you",
            "Your stage of training, your track and your goals.",
            "profile_mentee",
            about,
            todo="tell us your stage, track and goals",
        ),
        ProfileStep(
            "mentee_needs",
            "Choose where you want help",
            "Pick the areas you want a mentor for, most important first.",
            "profile_mentee",
            needs,
            todo="choose the areas where you want help",
        ),
        ProfileStep(
            "mentee_background",
            "Your background (optional, private)",
            "Share only what you want. Nothing is shown to anyone unless you say so.",
            "profile_mentee",
            background,
            todo="look at the background questions (you may skip them)",
        ),
        ProfileStep(
            "mentee_matters",
            "What matters in a mentor",
            "Say how much a shared background matters to you.",
            "profile_mentee",
            matters,
            todo="say what matters to you in a mentor",
        ),
        ProfileStep(
            "mentee_eligibility",
            "Confirm you can join",
            "Tell us which of the program's groups you belong to. This stays private.",
            "profile_mentee",
            eligible,
            todo="confirm which of the program's groups you belong to",
        ),
    ]


def _mentor_steps(user: Any) -> list[ProfileStep]:
    profile = mentor_profile_of(user=user)
    filled = bool(profile and profile.bio and profile.areas.exists() and profile.formats.exists())
    memberships = list(mentor_memberships_of(user=user))
    stated = Qualification.objects.filter(
        membership__in=memberships, status__in=[QualificationStatus.PENDING, "verified"]
    ).exists() or any(m.verified_at for m in memberships)
    verified = bool(memberships) and all(m.verified_at for m in memberships)
    published = bool(profile and profile.published_at)
    return [
        ProfileStep(
            "mentor_profile",
            "Fill in your mentor profile",
            "Your role, a short bio, where you can help and how you like to meet.",
            "profile_mentor",
            filled,
            todo="fill in your mentor profile",
        ),
        ProfileStep(
            "mentor_qualification",
            "Say why you qualify",
            "Shared background, teaching record or a nomination, with evidence.",
            "qualification_submit",
            stated,
            todo="say why you qualify as a mentor",
        ),
        ProfileStep(
            "mentor_verified",
            "Wait for your institution to verify you",
            "Your institution's admin checks what you sent. We will show it here.",
            "qualification_submit",
            verified,
            todo="be verified by your institution",
        ),
        ProfileStep(
            "mentor_published",
            "Publish your profile",
            "Publishing lets students find you. You can hide it again at any time.",
            "profile_mentor",
            published,
            todo="publish your mentor profile",
        ),
    ]


def profile_steps(*, user: Any, role: str) -> list[ProfileStep]:
    """The profile, eligibility and verification steps of a role's onboarding checklist.

    Every step is returned in order with `done`; the missing ones are those not done.
    Roles other than mentee and mentor have no profile steps.
    """
    if role == Role.MENTEE:
        return _mentee_steps(user)
    if role == Role.MENTOR:
        return _mentor_steps(user)
    return []


def profile_steps_missing(*, user: Any, role: str) -> list[ProfileStep]:
    return [step for step in profile_steps(user=user, role=role) if not step.done]
