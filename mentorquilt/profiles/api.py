"""JSON API of the profiles app: taxonomies, own profiles, consent, qualification.

Who may do what (the same rules as the web pages):
- everyone signed in: read the taxonomies; read mentor profiles they may find
  (published, verified, national or at their own institution);
- mentees: their mentee profile, needs, preferences and eligibility (R11, R19);
- mentees and mentors: their own attributes and consents (R19, R36);
- mentors: their mentor profile, publishing (R7), qualifications (R4);
- institution admins and current mentors: nominate; admins and staff: verify or reject.

An attribute its owner did not choose to show never appears in an answer to anyone
else: it is absent, not null. Objects the caller may not see answer 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from mentorquilt.core.api import paginate
from mentorquilt.core.errors import DomainError
from mentorquilt.core.schemas import OMITTED, PageQuery, with_errors
from mentorquilt.institutions.access import require_role
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.selectors import (
    institution_get_managed,
    institution_get_visible,
    user_manages,
    user_roles,
)
from mentorquilt.profiles import services
from mentorquilt.profiles.models import (
    AffinityCategory,
    AffinityDimension,
    Language,
    MeetingFormat,
    MenteeProfile,
    MentorProfile,
    NeedArea,
    QualificationStatus,
    Specialty,
    Taxonomy,
    Track,
    TrainingStage,
)
from mentorquilt.profiles.schemas import (
    AcceptedOut,
    AttributesIn,
    EligibilityIn,
    MenteeProfileIn,
    MenteeProfileOut,
    MentorProfileIn,
    MentorProfileOut,
    NeedsIn,
    NominationIn,
    OwnAttributeOut,
    OwnMenteeProfileOut,
    PreferencesIn,
    ProfileStepOut,
    QualificationIn,
    QualificationOut,
    RejectIn,
    TaxonomiesOut,
)
from mentorquilt.profiles.selectors import (
    TAXONOMIES,
    attributes_of_own,
    dimensions_active,
    eligibility_visible,
    mentee_needs_ordered,
    mentee_preferences,
    mentee_profile_get_visible,
    mentee_profile_of,
    mentor_capacity_note,
    mentor_memberships_of,
    mentor_profile_get_visible,
    mentor_profile_of,
    nominating_institutions,
    profile_steps,
    qualification_get_managed,
    qualification_queue,
    qualifications_of_own,
    terms_active,
    visible_attributes,
)

router = Router(tags=["profiles"])


def _require_role(request: HttpRequest, role: str) -> None:
    require_role(request.user, role, message=f"Only people with an active {role} role can do this.")


def _term(model: type[Taxonomy], slug: str, field: str) -> Any:
    term = terms_active(model).filter(slug=slug).first()
    if term is None:
        raise DomainError(f"'{slug}' is not one of the offered choices.", field=field)
    return term


def _terms(model: type[Taxonomy], slugs: list[str], field: str) -> list[Any]:
    found = {t.slug: t for t in terms_active(model).filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        raise DomainError(f"'{missing[0]}' is not one of the offered choices.", field=field)
    return [found[s] for s in slugs]


def _slugs(related: Any) -> list[str]:
    return [t.slug for t in related.all()]


def _eligibility(profile: MenteeProfile) -> dict[str, Any]:
    return {
        "urim": profile.eligible_urim,
        "first_gen": profile.eligible_first_gen,
        "low_income": profile.eligible_low_income,
        "basis": profile.eligibility_basis,
        "attested_at": profile.eligibility_attested_at,
    }


def _own_mentee(profile: MenteeProfile) -> dict[str, Any]:
    body: dict[str, Any] = {
        "public_id": profile.public_id,
        "training_stage": profile.training_stage.slug if profile.training_stage else None,
        "track": profile.track.slug if profile.track else None,
        "goals": profile.goals,
        "languages": _slugs(profile.languages),
        "formats": _slugs(profile.formats),
        "timezone": profile.timezone,
        "needs": [n.slug for n in mentee_needs_ordered(profile=profile)],
        "preferences": {
            d.slug: mentee_preferences(profile=profile).get(d.pk, 0)
            for d in AffinityDimension.objects.filter(
                pk__in=mentee_preferences(profile=profile).keys()
            )
        },
    }
    if profile.eligibility_attested_at:
        body["eligibility"] = _eligibility(profile)
    return body


def _mentor(profile: MentorProfile, attributes: list[Any]) -> dict[str, Any]:
    return {
        "public_id": profile.public_id,
        "user_id": profile.user.public_id,
        "name": profile.user.name,
        "role_title": profile.role_title,
        "training_stage": profile.training_stage.slug if profile.training_stage else None,
        "tracks": _slugs(profile.tracks),
        "specialties": _slugs(profile.specialties),
        "bio": profile.bio,
        "areas": _slugs(profile.areas),
        "languages": _slugs(profile.languages),
        "formats": _slugs(profile.formats),
        "timezone": profile.timezone,
        "availability": profile.availability,
        "capacity": profile.capacity,
        "scope": profile.scope,
        "published": profile.is_published,
        "attributes": attributes,
    }


# --- taxonomies -------------------------------------------------------------------------


@router.get(
    "/taxonomies",
    response=with_errors({200: TaxonomiesOut}),
    operation_id="taxonomy_list",
    summary="Tracks, stages, specialties, languages, formats, needs and affinity dimensions",
)
def taxonomy_list(request: HttpRequest) -> Any:
    body: dict[str, Any] = {name: list(terms_active(model)) for name, model in TAXONOMIES.items()}
    body["dimensions"] = list(dimensions_active())
    return body


# --- the caller's mentee profile ------------------------------------------------------


@router.get(
    "/me/mentee-profile",
    response=with_errors({200: OwnMenteeProfileOut}),
    operation_id="mentee_profile_own_get",
    summary="The caller's mentee profile (mentees); 404 until they start it",
    exclude_unset=True,
)
def mentee_profile_own_get(request: HttpRequest) -> Any:
    _require_role(request, Role.MENTEE)
    profile = mentee_profile_of(user=request.user)
    if profile is None:
        raise Http404("You have not started your mentee profile.")
    return _own_mentee(profile)


@router.put(
    "/me/mentee-profile",
    response=with_errors({200: OwnMenteeProfileOut}),
    operation_id="mentee_profile_update",
    summary="Set stage, track, goals, languages, formats and time zone (mentees)",
    exclude_unset=True,
)
def mentee_profile_update(request: HttpRequest, payload: MenteeProfileIn) -> Any:
    _require_role(request, Role.MENTEE)
    profile = services.mentee_about_update(
        actor=request.user,
        training_stage=_term(TrainingStage, payload.training_stage, "training_stage"),
        track=_term(Track, payload.track, "track"),
        goals=payload.goals,
        languages=_terms(Language, payload.languages, "languages"),
        formats=_terms(MeetingFormat, payload.formats, "formats"),
        timezone_name=payload.timezone,
    )
    return _own_mentee(profile)


@router.put(
    "/me/mentee-profile/needs",
    response=with_errors({200: OwnMenteeProfileOut}),
    operation_id="mentee_needs_set",
    summary="Areas of need, most important first (mentees, R19)",
    exclude_unset=True,
)
def mentee_needs_set(request: HttpRequest, payload: NeedsIn) -> Any:
    _require_role(request, Role.MENTEE)
    profile = services.mentee_needs_set(
        actor=request.user, needs=_terms(NeedArea, payload.needs, "needs")
    )
    return _own_mentee(profile)


@router.put(
    "/me/mentee-profile/preferences",
    response=with_errors({200: OwnMenteeProfileOut}),
    operation_id="affinity_preferences_set",
    summary="How much a shared background matters, per dimension, 0 to 3 (mentees, R19)",
    exclude_unset=True,
)
def affinity_preferences_set(request: HttpRequest, payload: PreferencesIn) -> Any:
    _require_role(request, Role.MENTEE)
    dimensions = {d.slug: d for d in AffinityDimension.objects.filter(is_active=True)}
    importances = {}
    for slug, importance in payload.preferences.items():
        if slug not in dimensions:
            raise DomainError(f"'{slug}' is not an affinity dimension.", field="preferences")
        importances[dimensions[slug]] = importance
    profile = services.affinity_preferences_set(actor=request.user, importances=importances)
    return _own_mentee(profile)


@router.put(
    "/me/mentee-profile/eligibility",
    response=with_errors({200: OwnMenteeProfileOut}),
    operation_id="eligibility_attest",
    summary="Attest eligibility: URiM, first generation, low income, one or more (R11)",
    exclude_unset=True,
)
def eligibility_attest(request: HttpRequest, payload: EligibilityIn) -> Any:
    _require_role(request, Role.MENTEE)
    profile = services.eligibility_attest(
        actor=request.user,
        urim=payload.urim,
        first_gen=payload.first_gen,
        low_income=payload.low_income,
        basis=payload.basis,
    )
    return _own_mentee(profile)


# --- the caller's attributes and consents ---------------------------------------------


@router.get(
    "/me/attributes",
    response=with_errors({200: list[OwnAttributeOut]}),
    operation_id="attribute_list_own",
    summary="The caller's own affinity attributes with both consents",
)
def attribute_list_own(request: HttpRequest) -> Any:
    return list(attributes_of_own(user=request.user))


@router.put(
    "/me/attributes",
    response=with_errors({200: list[OwnAttributeOut]}),
    operation_id="attributes_set",
    summary="Replace the caller's attributes and consents (mentees and mentors; R19, R36)",
)
def attributes_set(request: HttpRequest, payload: AttributesIn) -> Any:
    if not user_roles(user=request.user) & {Role.MENTEE, Role.MENTOR}:
        raise PermissionDenied("Attributes belong to mentee and mentor profiles.")
    slugs = [a.category for a in payload.attributes]
    found = {
        c.slug: c
        for c in AffinityCategory.objects.filter(slug__in=slugs, is_active=True).select_related(
            "dimension"
        )
    }
    missing = [s for s in slugs if s not in found]
    if missing:
        raise DomainError(f"'{missing[0]}' is not an affinity category.", field="attributes")
    services.attributes_set(
        actor=request.user,
        choices=[
            services.AttributeChoice(found[a.category], a.use_for_matching, a.show_on_profile)
            for a in payload.attributes
        ],
    )
    return list(attributes_of_own(user=request.user))


# --- the caller's mentor profile ------------------------------------------------------


@router.get(
    "/me/mentor-profile",
    response=with_errors({200: MentorProfileOut}),
    operation_id="mentor_profile_own_get",
    summary="The caller's mentor profile (mentors); 404 until they start it",
)
def mentor_profile_own_get(request: HttpRequest) -> Any:
    _require_role(request, Role.MENTOR)
    profile = mentor_profile_of(user=request.user)
    if profile is None:
        raise Http404("You have not started your mentor profile.")
    attributes = visible_attributes(viewer=request.user, owner=request.user)
    return _mentor(profile, attributes) | {"capacity_note": mentor_capacity_note(profile=profile)}


@router.put(
    "/me/mentor-profile",
    response=with_errors({200: MentorProfileOut}),
    operation_id="mentor_profile_update",
    summary="Set the mentor profile: role, bio, areas, capacity 1-3 (R6), scope (R3)",
)
def mentor_profile_update(request: HttpRequest, payload: MentorProfileIn) -> Any:
    _require_role(request, Role.MENTOR)
    stage = (
        _term(TrainingStage, payload.training_stage, "training_stage")
        if payload.training_stage
        else None
    )
    profile = services.mentor_profile_update(
        actor=request.user,
        role_title=payload.role_title,
        training_stage=stage,
        tracks=_terms(Track, payload.tracks, "tracks"),
        specialties=_terms(Specialty, payload.specialties, "specialties"),
        bio=payload.bio,
        areas=_terms(NeedArea, payload.areas, "areas"),
        languages=_terms(Language, payload.languages, "languages"),
        formats=_terms(MeetingFormat, payload.formats, "formats"),
        timezone_name=payload.timezone,
        availability=payload.availability,
        capacity=payload.capacity,
        scope=payload.scope,
    )
    shown = _mentor(profile, visible_attributes(viewer=request.user, owner=request.user))
    return shown | {"capacity_note": mentor_capacity_note(profile=profile)}


def _publish(request: HttpRequest, publish: bool) -> Any:
    _require_role(request, Role.MENTOR)
    profile = services.mentor_profile_publish(actor=request.user, publish=publish)
    return _mentor(profile, visible_attributes(viewer=request.user, owner=request.user))


@router.post(
    "/me/mentor-profile/publish",
    response=with_errors({200: MentorProfileOut}),
    operation_id="mentor_profile_publish",
    summary="Publish the mentor profile: consent to be found in search (R7)",
)
def mentor_profile_publish(request: HttpRequest) -> Any:
    return _publish(request, True)


@router.post(
    "/me/mentor-profile/unpublish",
    response=with_errors({200: MentorProfileOut}),
    operation_id="mentor_profile_unpublish",
    summary="Hide the mentor profile from search",
)
def mentor_profile_unpublish(request: HttpRequest) -> Any:
    return _publish(request, False)


class StepsQuery(Schema):
    role: Role = Field(
        OMITTED, description="mentee or mentor; left out: every such role the caller holds."
    )


@router.get(
    "/me/profile-steps",
    response=with_errors({200: list[ProfileStepOut]}),
    operation_id="profile_steps_get",
    summary="The caller's profile, eligibility and verification steps, per role",
)
def profile_steps_get(request: HttpRequest, query: Query[StepsQuery]) -> Any:
    held = user_roles(user=request.user)
    roles = [query.role] if query.role else [r for r in (Role.MENTEE, Role.MENTOR) if r in held]
    return [
        {
            "role": role,
            "key": step.key,
            "title": step.title,
            "message": step.message,
            "done": step.done,
        }
        for role in roles
        for step in profile_steps(user=request.user, role=role)
    ]


# --- qualification (R4) ---------------------------------------------------------------


@router.get(
    "/me/qualifications",
    response=with_errors({200: list[QualificationOut]}),
    operation_id="qualification_list_own",
    summary="The caller's stated qualifications and their decisions (mentors)",
)
def qualification_list_own(request: HttpRequest) -> Any:
    return list(qualifications_of_own(user=request.user).select_related("membership__user")[:200])


@router.post(
    "/me/qualifications",
    response=with_errors({201: QualificationOut}),
    operation_id="qualification_submit",
    summary="State a basis for qualifying as a mentor, with evidence (mentors, R4)",
)
def qualification_submit(request: HttpRequest, payload: QualificationIn) -> Any:
    _require_role(request, Role.MENTOR)
    membership = (
        mentor_memberships_of(user=request.user)
        .filter(institution__public_id=payload.institution_id)
        .first()
    )
    if membership is None:
        raise Http404("You are not a mentor at this institution.")
    qualification = services.qualification_submit(
        actor=request.user,
        membership=membership,
        basis=payload.basis,
        evidence=payload.evidence,
        nominator_kind=payload.nominator_kind or "",
    )
    return 201, qualification


@router.post(
    "/nominations",
    response=with_errors({202: AcceptedOut}),
    operation_id="mentor_nominate",
    summary="Nominate a mentor of the same institution (admins and verified mentors, R4)",
)
def mentor_nominate(request: HttpRequest, payload: NominationIn) -> Any:
    allowed = dict(nominating_institutions(user=request.user))
    institution = next((i for i in allowed if i.public_id == payload.institution_id), None)
    if institution is None:
        institution_get_visible(user=request.user, public_id=payload.institution_id)
        raise PermissionDenied("Institution admins and verified mentors can nominate.")
    result = services.mentor_nominate(
        actor=request.user,
        institution=institution,
        email=payload.email,
        evidence=payload.evidence,
        nominator_kind=payload.nominator_kind or "",
    )
    if result is None and allowed[institution] == "institution_admin":
        raise DomainError("No active mentor with this email at this institution.", field="email")
    return 202, {"detail": "If your colleague is a mentor here, the admins now have it."}


class QualificationQuery(PageQuery):
    status: QualificationStatus = QualificationStatus.PENDING


@router.get(
    "/institutions/{institution_id}/qualifications",
    response=with_errors({200: list[QualificationOut]}),
    operation_id="qualification_list",
    summary="An institution's qualifications to decide, oldest first (institution admins)",
)
def qualification_list(
    request: HttpRequest, institution_id: UUID, query: Query[QualificationQuery]
) -> Any:
    try:
        institution = institution_get_managed(user=request.user, public_id=institution_id)
    except Http404:
        institution_get_visible(user=request.user, public_id=institution_id)
        raise PermissionDenied("Only the institution's admins verify mentors.") from None
    if not user_manages(user=request.user, institution=institution):
        raise PermissionDenied("Only the institution's admins verify mentors.")
    queue = qualification_queue(user=request.user, institution=institution, status=query.status)
    return paginate(queue, query)["items"]


@router.post(
    "/qualifications/{qualification_id}/verify",
    response=with_errors({200: QualificationOut}),
    operation_id="qualification_verify",
    summary="Verify a qualification and the mentor (institution admins, R4)",
)
def qualification_verify(request: HttpRequest, qualification_id: UUID) -> Any:
    qualification = qualification_get_managed(user=request.user, public_id=qualification_id)
    return services.qualification_decide(
        actor=request.user, qualification=qualification, verify=True
    )


@router.post(
    "/qualifications/{qualification_id}/reject",
    response=with_errors({200: QualificationOut}),
    operation_id="qualification_reject",
    summary="Decline a qualification with a reason the mentor sees (institution admins)",
)
def qualification_reject(request: HttpRequest, qualification_id: UUID, payload: RejectIn) -> Any:
    qualification = qualification_get_managed(user=request.user, public_id=qualification_id)
    return services.qualification_decide(
        actor=request.user, qualification=qualification, verify=False, reason=payload.reason
    )


# --- other people's profiles ----------------------------------------------------------


class RevealQuery(Schema):
    reveal: bool = False


@router.get(
    "/mentors/{profile_id}",
    response=with_errors({200: MentorProfileOut}),
    operation_id="mentor_profile_get",
    summary="A mentor profile the caller may see; only attributes the mentor shows",
)
def mentor_profile_get(request: HttpRequest, profile_id: UUID, query: Query[RevealQuery]) -> Any:
    profile = mentor_profile_get_visible(viewer=request.user, public_id=profile_id)
    attributes = visible_attributes(
        viewer=request.user, owner=profile.user, reveal=query.reveal and request.user.is_staff
    )
    return _mentor(profile, attributes)


@router.get(
    "/mentees/{profile_id}",
    response=with_errors({200: MenteeProfileOut}),
    operation_id="mentee_profile_get",
    summary="A mentee profile (its owner, its institution's managers, staff)",
    exclude_unset=True,
)
def mentee_profile_get(request: HttpRequest, profile_id: UUID, query: Query[RevealQuery]) -> Any:
    profile = mentee_profile_get_visible(viewer=request.user, public_id=profile_id)
    reveal = query.reveal and request.user.is_staff
    body: dict[str, Any] = {
        "public_id": profile.public_id,
        "user_id": profile.user.public_id,
        "name": profile.user.name,
        "training_stage": profile.training_stage.slug if profile.training_stage else None,
        "track": profile.track.slug if profile.track else None,
        "goals": profile.goals,
        "needs": [n.slug for n in mentee_needs_ordered(profile=profile)],
        "attributes": visible_attributes(viewer=request.user, owner=profile.user, reveal=reveal),
    }
    owner = profile.user_id == request.user.pk
    if profile.eligibility_attested_at and (
        owner or (reveal and eligibility_visible(viewer=request.user, profile=profile))
    ):
        body["eligibility"] = _eligibility(profile)
    return body
