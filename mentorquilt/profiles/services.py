"""Profile services: profiles, consented attributes, eligibility and mentor qualification.

Rules:
- Every affinity attribute carries two consents chosen by its owner, both off by default:
  use it for matching, show it on my profile (R19, R36). Only the owner changes them;
  each change writes a "consent.change" audit row with ids and flags, never the value.
- Mentees are never asked about immigration: for wish-only dimensions (immigrant or DACA
  experience) a mentee states only how much it matters that a mentor has that
  experience. Only people with an active mentor role may record such an attribute.
- A mentee's areas of need are kept in their order of priority (R19), at most MAX_NEEDS.
- Eligibility (R11) is self-attested as one or more of URiM, first-generation college,
  economically disadvantaged, with its basis in the person's own words.
- A mentor takes 1 to 3 mentees at once (R6; also a database check) and chooses local or
  national visibility (R3). Publishing the profile records consent to be found (R7); it
  needs an active mentor role and a filled profile.
- A mentor qualifies on a basis with evidence (R4). Nominations come from an institution
  admin, an educational or department leader (recorded by the mentor or an admin), or a
  current verified mentor of the same institution. The institution's admins verify or
  reject with a reason; verifying verifies the mentor's membership through
  institutions' mentor_verify, which stays the single truth.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import available_timezones

from django.db import transaction
from django.utils import timezone

from mentorquilt.core.errors import DomainError
from mentorquilt.core.services import audit_record
from mentorquilt.institutions.models import Institution, Membership, MembershipStatus, Role
from mentorquilt.institutions.selectors import user_manages
from mentorquilt.institutions.services import mentor_verify
from mentorquilt.profiles.models import (
    MAX_CAPACITY,
    AffinityCategory,
    AffinityDimension,
    AffinityPreference,
    Basis,
    Importance,
    Language,
    MeetingFormat,
    MenteeNeed,
    MenteeProfile,
    MentorProfile,
    NeedArea,
    Nominator,
    PersonAttribute,
    Qualification,
    QualificationStatus,
    Scope,
    Specialty,
    Track,
    TrainingStage,
)

MAX_NEEDS = 8
TIMEZONES = frozenset(available_timezones())


def _has_role(user: Any, role: str) -> bool:
    return Membership.objects.filter(user=user, role=role, status=MembershipStatus.ACTIVE).exists()


def _check_timezone(value: str) -> str:
    value = value.strip()
    if value and value not in TIMEZONES:
        raise DomainError("Choose your time zone from the list.", field="timezone")
    return value


def _check_active(terms: Sequence[Any], field: str) -> None:
    if any(not term.is_active for term in terms):
        raise DomainError("One of the choices is no longer offered.", field=field)


# --- mentee profile -------------------------------------------------------------------


def _mentee_profile(user: Any) -> MenteeProfile:
    profile, _ = MenteeProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def mentee_about_update(
    *,
    actor: Any,
    training_stage: TrainingStage,
    track: Track,
    goals: str,
    languages: Sequence[Language] = (),
    formats: Sequence[MeetingFormat] = (),
    timezone_name: str = "",
) -> MenteeProfile:
    """Step 1 of the mentee flow: stage, track, goals, languages, formats, time zone."""
    _check_active([training_stage], "training_stage")
    _check_active([track], "track")
    _check_active(list(languages), "languages")
    _check_active(list(formats), "formats")
    if len(goals) > 2000:
        raise DomainError("Keep your goals under 2,000 characters.", field="goals")
    profile = _mentee_profile(actor)
    profile.training_stage = training_stage
    profile.track = track
    profile.goals = goals.strip()
    profile.timezone = _check_timezone(timezone_name)
    profile.about_done_at = profile.about_done_at or timezone.now()
    profile.save()
    profile.languages.set(languages)
    profile.formats.set(formats)
    audit_record(
        actor=actor,
        action="mentee_profile.update",
        target=profile,
        data={"fields": ["training_stage", "track", "goals", "languages", "formats", "timezone"]},
    )
    return profile


@transaction.atomic
def mentee_needs_set(*, actor: Any, needs: Sequence[NeedArea]) -> MenteeProfile:
    """The areas of need, most important first (R19). Replaces the previous list."""
    if not needs:
        raise DomainError("Choose at least one area where you want help.", field="needs")
    if len(needs) > MAX_NEEDS:
        raise DomainError(f"Choose at most {MAX_NEEDS} areas.", field="needs")
    if len({need.pk for need in needs}) != len(needs):
        raise DomainError("Each area can be chosen once.", field="needs")
    _check_active(list(needs), "needs")
    profile = _mentee_profile(actor)
    MenteeNeed.objects.filter(profile=profile).delete()
    MenteeNeed.objects.bulk_create(
        MenteeNeed(profile=profile, need=need, priority=rank)
        for rank, need in enumerate(needs, start=1)
    )
    audit_record(
        actor=actor, action="mentee_profile.needs", target=profile, data={"count": len(needs)}
    )
    return profile


@transaction.atomic
def affinity_preferences_set(
    *, actor: Any, importances: Mapping[AffinityDimension, int]
) -> MenteeProfile:
    """How much sharing each dimension of background matters (R19), 0 to 3."""
    for dimension, importance in importances.items():
        if importance not in Importance.values:
            raise DomainError("Choose one of the four answers.", field=f"dim_{dimension.slug}")
    profile = _mentee_profile(actor)
    AffinityPreference.objects.filter(profile=profile, dimension__in=list(importances)).delete()
    AffinityPreference.objects.bulk_create(
        AffinityPreference(profile=profile, dimension=dimension, importance=importance)
        for dimension, importance in importances.items()
    )
    audit_record(
        actor=actor,
        action="mentee_profile.preferences",
        target=profile,
        data={"dimensions": len(importances)},
    )
    return profile


@transaction.atomic
def eligibility_attest(
    *, actor: Any, urim: bool, first_gen: bool, low_income: bool, basis: str
) -> MenteeProfile:
    """R11: the mentee attests one or more eligibility groups, with the basis."""
    if not (urim or first_gen or low_income):
        raise DomainError("Choose at least one of the groups this program serves.", field="groups")
    basis = basis.strip()
    if not basis:
        raise DomainError("In a sentence or two, tell us why this applies to you.", field="basis")
    if len(basis) > 1000:
        raise DomainError("Keep this under 1,000 characters.", field="basis")
    profile = _mentee_profile(actor)
    profile.eligible_urim = urim
    profile.eligible_first_gen = first_gen
    profile.eligible_low_income = low_income
    profile.eligibility_basis = basis
    profile.eligibility_attested_at = timezone.now()
    profile.save()
    # Which groups is itself sensitive: the audit row records only that it happened.
    audit_record(actor=actor, action="eligibility.attest", target=profile)
    return profile


# --- attributes and consent -----------------------------------------------------------


@dataclass(frozen=True)
class AttributeChoice:
    """An attribute its owner wants to keep, with the two consents."""

    category: AffinityCategory
    use_for_matching: bool = False
    show_on_profile: bool = False


@transaction.atomic
def attributes_set(*, actor: Any, choices: Sequence[AttributeChoice]) -> list[PersonAttribute]:
    """Replace the owner's attributes and consents; audit every consent change (R36).

    Categories not in `choices` are removed. Audit rows name the attribute's id and the
    consents, never the category.
    """
    wanted: dict[int, AttributeChoice] = {}
    for choice in choices:
        if choice.category.pk in wanted:
            raise DomainError("Each background can be chosen once.", field="attributes")
        wanted[choice.category.pk] = choice
    categories = list(AffinityCategory.objects.filter(pk__in=wanted).select_related("dimension"))
    is_mentor = _has_role(actor, Role.MENTOR)
    for category in categories:
        if not category.is_active or not category.dimension.is_active:
            raise DomainError("One of the choices is no longer offered.", field="attributes")
        if category.dimension.wish_only and not is_mentor:
            raise DomainError(
                "We do not ask students about this. Say instead how much it matters that "
                "your mentor has this experience.",
                field="attributes",
            )
    existing = {
        a.category_id: a for a in PersonAttribute.objects.select_for_update().filter(user=actor)
    }
    kept: list[PersonAttribute] = []
    for category_id, attribute in existing.items():
        if category_id not in wanted:
            audit_record(
                actor=actor,
                action="consent.change",
                target=attribute,
                data={"change": "removed", "use_for_matching": False, "show_on_profile": False},
            )
            attribute.delete()
    for category in categories:
        choice = wanted[category.pk]
        found = existing.get(category.pk)
        if found is None:
            attribute = PersonAttribute.objects.create(
                user=actor,
                category=category,
                use_for_matching=choice.use_for_matching,
                show_on_profile=choice.show_on_profile,
            )
            change = "added"
        elif (found.use_for_matching, found.show_on_profile) != (
            choice.use_for_matching,
            choice.show_on_profile,
        ):
            attribute = found
            attribute.use_for_matching = choice.use_for_matching
            attribute.show_on_profile = choice.show_on_profile
            attribute.save(update_fields=["use_for_matching", "show_on_profile", "updated_at"])
            change = "changed"
        else:
            attribute, change = found, ""
        if change:
            audit_record(
                actor=actor,
                action="consent.change",
                target=attribute,
                data={
                    "change": change,
                    "use_for_matching": attribute.use_for_matching,
                    "show_on_profile": attribute.show_on_profile,
                },
            )
        kept.append(attribute)
    mentee = MenteeProfile.objects.filter(user=actor).first()
    if mentee is not None or _has_role(actor, Role.MENTEE):
        mentee = mentee or _mentee_profile(actor)
        mentee.background_reviewed_at = timezone.now()
        mentee.save(update_fields=["background_reviewed_at", "updated_at"])
    return kept


# --- mentor profile -------------------------------------------------------------------


def _mentor_profile(user: Any) -> MentorProfile:
    profile, _ = MentorProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def mentor_profile_update(
    *,
    actor: Any,
    role_title: str,
    training_stage: TrainingStage | None,
    tracks: Sequence[Track],
    specialties: Sequence[Specialty],
    bio: str,
    areas: Sequence[NeedArea],
    languages: Sequence[Language],
    formats: Sequence[MeetingFormat],
    timezone_name: str,
    availability: str,
    capacity: int,
    scope: str,
) -> MentorProfile:
    """A mentor's profile (R7), capacity (R6) and visibility (R3)."""
    if not _has_role(actor, Role.MENTOR):
        raise DomainError("Only mentors keep a mentor profile. Ask to join as a mentor first.")
    if isinstance(capacity, bool) or not 1 <= capacity <= MAX_CAPACITY:
        raise DomainError(
            f"Choose how many mentees you take at once: 1 to {MAX_CAPACITY}.", field="capacity"
        )
    if scope not in Scope.values:
        raise DomainError("Choose who can find you.", field="scope")
    if len(bio) > 3000:
        raise DomainError("Keep your bio under 3,000 characters.", field="bio")
    if len(availability) > 300 or len(role_title) > 120:
        raise DomainError("This is too long.", field="availability")
    for field, terms in (
        ("tracks", tracks),
        ("specialties", specialties),
        ("areas", areas),
        ("languages", languages),
        ("formats", formats),
    ):
        _check_active(list(terms), field)
    profile = _mentor_profile(actor)
    profile.role_title = role_title.strip()
    profile.training_stage = training_stage
    profile.bio = bio.strip()
    profile.timezone = _check_timezone(timezone_name)
    profile.availability = availability.strip()
    profile.capacity = capacity
    profile.scope = scope
    profile.save()
    profile.tracks.set(tracks)
    profile.specialties.set(specialties)
    profile.areas.set(areas)
    profile.languages.set(languages)
    profile.formats.set(formats)
    audit_record(
        actor=actor,
        action="mentor_profile.update",
        target=profile,
        data={"capacity": capacity, "scope": scope},
    )
    return profile


def mentor_profile_missing(profile: MentorProfile) -> list[str]:
    """What a profile still needs before it can be published, in plain words."""
    missing = []
    if not profile.bio:
        missing.append("a short bio")
    if not profile.areas.exists():
        missing.append("at least one area where you can help")
    if not profile.formats.exists():
        missing.append("at least one way to meet")
    return missing


@transaction.atomic
def mentor_profile_publish(*, actor: Any, publish: bool) -> MentorProfile:
    """Publish (consent to be found, R7) or hide the mentor profile."""
    profile = MentorProfile.objects.select_for_update().filter(user=actor).first()
    if profile is None:
        raise DomainError("Fill in your mentor profile first.")
    if publish:
        if not _has_role(actor, Role.MENTOR):
            raise DomainError("Only active mentors can publish a mentor profile.")
        missing = mentor_profile_missing(profile)
        if missing:
            raise DomainError("Before publishing, add " + ", ".join(missing) + ".")
        if profile.published_at is None:
            profile.published_at = timezone.now()
    else:
        profile.published_at = None
    profile.save(update_fields=["published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="mentor_profile.publish" if publish else "mentor_profile.unpublish",
        target=profile,
        data={"consent_to_be_found": publish},
    )
    return profile


# --- qualification (R4) ---------------------------------------------------------------


def _check_evidence(evidence: str) -> str:
    evidence = evidence.strip()
    if not evidence:
        raise DomainError("Describe the evidence your institution can check.", field="evidence")
    if len(evidence) > 2000:
        raise DomainError("Keep the evidence under 2,000 characters.", field="evidence")
    return evidence


@transaction.atomic
def qualification_submit(
    *, actor: Any, membership: Membership, basis: str, evidence: str, nominator_kind: str = ""
) -> Qualification:
    """A mentor states why they qualify at one institution (R4)."""
    if membership.user_id != actor.pk or membership.role != Role.MENTOR:
        raise DomainError("You can only state a qualification for your own mentor role.")
    if membership.status != MembershipStatus.ACTIVE:
        raise DomainError("Your mentor role here is not active.")
    if basis not in Basis.values:
        raise DomainError("Choose the basis.", field="basis")
    if basis == Basis.NOMINATION:
        if nominator_kind not in (Nominator.EDUCATIONAL_LEADER, Nominator.DEPARTMENT_LEADER):
            raise DomainError(
                "Say whether an educational or a department leader nominated you. Admins and "
                "current mentors nominate you themselves from their own page.",
                field="nominator_kind",
            )
    else:
        nominator_kind = ""
    if Qualification.objects.filter(
        membership=membership, basis=basis, status=QualificationStatus.PENDING
    ).exists():
        raise DomainError(
            "You already sent this; it is waiting for your institution.", field="basis"
        )
    qualification = Qualification.objects.create(
        membership=membership,
        basis=basis,
        evidence=_check_evidence(evidence),
        nominator_kind=nominator_kind,
    )
    audit_record(
        actor=actor,
        action="qualification.submit",
        target=qualification,
        institution=membership.institution,
        data={"basis": basis},
    )
    return qualification


def _nominator_kind(actor: Any, institution: Institution) -> str | None:
    if user_manages(user=actor, institution=institution):
        return Nominator.INSTITUTION_ADMIN
    is_current_mentor = Membership.objects.filter(
        user=actor,
        institution=institution,
        role=Role.MENTOR,
        status=MembershipStatus.ACTIVE,
        verified_at__isnull=False,
    ).exists()
    return Nominator.CURRENT_MENTOR if is_current_mentor else None


@transaction.atomic
def mentor_nominate(
    *,
    actor: Any,
    institution: Institution,
    email: str,
    evidence: str,
    nominator_kind: str = "",
) -> Qualification | None:
    """An admin or a current mentor nominates a mentor of the same institution (R4).

    Returns None when no active mentor with this email belongs to the institution. An
    admin may record a leader's nomination by naming the nominator kind.
    """
    own_kind = _nominator_kind(actor, institution)
    if own_kind is None:
        raise DomainError("Only the institution's admins and current mentors can nominate.")
    if own_kind == Nominator.INSTITUTION_ADMIN and nominator_kind in Nominator.values:
        kind = nominator_kind
    else:
        kind = own_kind
    evidence = _check_evidence(evidence)
    membership = Membership.objects.filter(
        institution=institution,
        role=Role.MENTOR,
        status=MembershipStatus.ACTIVE,
        user__email__iexact=email.strip(),
    ).first()
    if membership is None:
        return None
    if membership.user_id == actor.pk:
        raise DomainError("You cannot nominate yourself.", field="email")
    qualification = Qualification.objects.create(
        membership=membership,
        basis=Basis.NOMINATION,
        evidence=evidence,
        nominator_kind=kind,
        nominated_by=actor,
    )
    audit_record(
        actor=actor,
        action="qualification.nominate",
        target=qualification,
        institution=institution,
        data={"nominator_kind": kind, "user": str(membership.user.public_id)},
    )
    return qualification


@transaction.atomic
def qualification_decide(
    *, actor: Any, qualification: Qualification, verify: bool, reason: str = ""
) -> Qualification:
    """The institution's admin verifies or rejects a qualification (R4).

    Verifying also verifies the mentor's membership (institutions' mentor_verify), so
    they count toward compliance (R1) once published, and can be found.
    """
    qualification = Qualification.objects.select_for_update().get(pk=qualification.pk)
    membership = Membership.objects.select_related("institution", "user").get(
        pk=qualification.membership_id
    )
    if not user_manages(user=actor, institution=membership.institution):
        raise DomainError("Only the institution's admins decide qualifications.")
    if qualification.status != QualificationStatus.PENDING:
        raise DomainError("This has already been decided.")
    reason = reason.strip()
    if not verify and not reason:
        raise DomainError("Give the mentor a reason they can act on.", field="reason")
    if len(reason) > 500:
        raise DomainError("Keep the reason under 500 characters.", field="reason")
    if membership.user_id == actor.pk and not actor.is_staff:
        raise DomainError("Another admin must decide your own qualification.")
    qualification.status = QualificationStatus.VERIFIED if verify else QualificationStatus.REJECTED
    qualification.decided_by = actor
    qualification.decided_at = timezone.now()
    qualification.decision_reason = reason
    qualification.save()
    audit_record(
        actor=actor,
        action="qualification.verify" if verify else "qualification.reject",
        target=qualification,
        institution=membership.institution,
        data={"basis": qualification.basis, "user": str(membership.user.public_id)},
    )
    if verify and membership.verified_at is None:
        mentor_verify(actor=actor, membership=membership, verified=True)
    return qualification
