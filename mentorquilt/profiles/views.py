"""Profile pages: the guided mentee flow, the mentor profile, consent, qualification
and the institution's verification queue (R3-R7, R11, R15, R19)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorquilt.core.errors import DomainError
from mentorquilt.core.forms import add_domain_error
from mentorquilt.institutions.access import role_required
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.selectors import (
    institution_get_managed,
    user_manages,
    user_roles,
)
from mentorquilt.profiles import services
from mentorquilt.profiles.forms import (
    DecisionForm,
    EligibilityForm,
    MenteeAboutForm,
    MenteeNeedsForm,
    MentorProfileForm,
    NominationForm,
    QualificationForm,
    background_form_class,
    preferences_form_class,
)
from mentorquilt.profiles.models import AffinityCategory, Importance
from mentorquilt.profiles.selectors import (
    attributes_of_own,
    dimensions_active,
    eligibility_visible,
    mentee_needs_ordered,
    mentee_preferences,
    mentee_profile_get_visible,
    mentee_profile_of,
    mentor_capacity_note,
    mentor_memberships_of,
    mentor_profile_of,
    nominating_institutions,
    profile_steps,
    qualification_get_managed,
    qualification_queue,
    qualifications_of_own,
    visible_attributes,
)

MENTEE_STEPS = [
    ("about", "About you"),
    ("needs", "Where you want help"),
    ("background", "Your background"),
    ("matters", "What matters in a mentor"),
    ("eligibility", "Confirm you can join"),
]
STEP_KEYS = [key for key, _ in MENTEE_STEPS]


# --- mentee flow ----------------------------------------------------------------------


@role_required(Role.MENTEE)
def profile_mentee(request: HttpRequest) -> HttpResponse:
    profile = mentee_profile_of(user=request.user)
    steps = profile_steps(user=request.user, role=Role.MENTEE)
    context = {
        "profile": profile,
        "steps": list(zip(STEP_KEYS, steps, strict=True)),
        "needs": mentee_needs_ordered(profile=profile) if profile else [],
        "attributes": attributes_of_own(user=request.user),
    }
    return render(request, "profiles/mentee_overview.html", context)


def _next_step(step: str) -> HttpResponse:
    index = STEP_KEYS.index(step)
    if index + 1 < len(STEP_KEYS):
        return redirect("profile_mentee_step", step=STEP_KEYS[index + 1])
    return redirect("profile_mentee")


def _background_initial(user: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for attribute in attributes_of_own(user=user):
        slug = attribute.category.dimension.slug
        initial.setdefault(f"cat_{slug}", []).append(attribute.category.slug)
        initial[f"match_{slug}"] = initial.get(f"match_{slug}", False) or attribute.use_for_matching
        initial[f"show_{slug}"] = initial.get(f"show_{slug}", False) or attribute.show_on_profile
    return initial


def _background_choices(form: Any, dimensions: list[Any]) -> list[services.AttributeChoice]:
    categories = {c.slug: c for c in AffinityCategory.objects.filter(is_active=True)}
    choices = []
    for dimension in dimensions:
        for slug in form.cleaned_data.get(f"cat_{dimension.slug}", []):
            choices.append(
                services.AttributeChoice(
                    categories[slug],
                    use_for_matching=form.cleaned_data.get(f"match_{dimension.slug}", False),
                    show_on_profile=form.cleaned_data.get(f"show_{dimension.slug}", False),
                )
            )
    return choices


def _background(request: HttpRequest, *, include_wish_only: bool) -> tuple[Any, list[Any], bool]:
    """The background form; returns (form, dimensions, saved)."""
    dimensions = list(dimensions_active())
    form_class = background_form_class(dimensions, include_wish_only=include_wish_only)
    form = form_class(request.POST or None, initial=_background_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.attributes_set(
                actor=request.user, choices=_background_choices(form, dimensions)
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return form, dimensions, True
    return form, dimensions, False


@role_required(Role.MENTEE)
def profile_mentee_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEP_KEYS:
        raise Http404("No such step.")
    user = request.user
    profile = mentee_profile_of(user=user)
    form: Any
    saved = False
    dimensions: list[Any] = []
    try:
        if step == "about":
            initial: dict[str, Any] = {}
            if profile:
                initial = {
                    "training_stage": profile.training_stage.slug if profile.training_stage else "",
                    "track": profile.track.slug if profile.track else "",
                    "goals": profile.goals,
                    "languages": [t.slug for t in profile.languages.all()],
                    "formats": [t.slug for t in profile.formats.all()],
                    "timezone": profile.timezone,
                }
            form = MenteeAboutForm(request.POST or None, initial=initial)
            if request.method == "POST" and form.is_valid():
                data = form.cleaned_data
                services.mentee_about_update(
                    actor=user,
                    training_stage=data["training_stage"],
                    track=data["track"],
                    goals=data["goals"],
                    languages=list(data["languages"]),
                    formats=list(data["formats"]),
                    timezone_name=data["timezone"],
                )
                saved = True
        elif step == "needs":
            ranked = mentee_needs_ordered(profile=profile) if profile else []
            initial = {f"need_{i + 1}": need.slug for i, need in enumerate(ranked)}
            form = MenteeNeedsForm(request.POST or None, initial=initial)
            if request.method == "POST" and form.is_valid():
                services.mentee_needs_set(actor=user, needs=form.cleaned_data["needs"])
                saved = True
        elif step == "background":
            form, dimensions, saved = _background(request, include_wish_only=False)
        elif step == "matters":
            dimensions = list(dimensions_active())
            answered = mentee_preferences(profile=profile) if profile else {}
            initial = {
                f"dim_{d.slug}": answered.get(d.pk, Importance.NOT_AT_ALL) for d in dimensions
            }
            form = preferences_form_class(dimensions)(request.POST or None, initial=initial)
            if request.method == "POST" and form.is_valid():
                services.affinity_preferences_set(
                    actor=user,
                    importances={d: form.cleaned_data[f"dim_{d.slug}"] for d in dimensions},
                )
                saved = True
        else:
            attested: dict[str, Any] = {}
            if profile and profile.eligibility_attested_at:
                attested = {
                    "urim": profile.eligible_urim,
                    "first_gen": profile.eligible_first_gen,
                    "low_income": profile.eligible_low_income,
                    "basis": profile.eligibility_basis,
                }
            form = EligibilityForm(request.POST or None, initial=attested)
            if request.method == "POST" and form.is_valid():
                data = form.cleaned_data
                services.eligibility_attest(
                    actor=user,
                    urim=data["urim"],
                    first_gen=data["first_gen"],
                    low_income=data["low_income"],
                    basis=data["basis"],
                )
                saved = True
    except DomainError as error:
        add_domain_error(form, error)
        saved = False
    if saved:
        messages.success(request, "Saved.")
        return _next_step(step)
    index = STEP_KEYS.index(step)
    context = {
        "form": form,
        "step": step,
        "step_title": MENTEE_STEPS[index][1],
        "step_number": index + 1,
        "step_count": len(STEP_KEYS),
        "steps": MENTEE_STEPS,
        "dimensions": dimensions,
        "previous": STEP_KEYS[index - 1] if index else None,
    }
    return render(request, f"profiles/mentee_step_{step}.html", context)


@login_required
def profile_background(request: HttpRequest) -> HttpResponse:
    """Background and consents for anyone with a mentee or mentor role."""
    roles = user_roles(user=request.user)
    if not roles & {Role.MENTEE, Role.MENTOR}:
        raise PermissionDenied("Background is part of a mentee or mentor profile.")
    form, dimensions, saved = _background(request, include_wish_only=Role.MENTOR in roles)
    if saved:
        messages.success(request, "Your background and choices were saved.")
        return redirect("profile_mentor" if Role.MENTOR in roles else "profile_mentee")
    return render(request, "profiles/background.html", {"form": form, "dimensions": dimensions})


# --- mentor profile -------------------------------------------------------------------


@role_required(Role.MENTOR)
def profile_mentor(request: HttpRequest) -> HttpResponse:
    profile = mentor_profile_of(user=request.user)
    initial: dict[str, Any] = {"scope": "local", "capacity": 1}
    if profile:
        initial = {
            "role_title": profile.role_title,
            "training_stage": profile.training_stage.slug if profile.training_stage else "",
            "tracks": [t.slug for t in profile.tracks.all()],
            "specialties": [t.slug for t in profile.specialties.all()],
            "bio": profile.bio,
            "areas": [t.slug for t in profile.areas.all()],
            "languages": [t.slug for t in profile.languages.all()],
            "formats": [t.slug for t in profile.formats.all()],
            "timezone": profile.timezone,
            "availability": profile.availability,
            "capacity": profile.capacity,
            "scope": profile.scope,
        }
    form = MentorProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mentor_profile_update(
                actor=request.user,
                role_title=data["role_title"],
                training_stage=data["training_stage"],
                tracks=list(data["tracks"]),
                specialties=list(data["specialties"]),
                bio=data["bio"],
                areas=list(data["areas"]),
                languages=list(data["languages"]),
                formats=list(data["formats"]),
                timezone_name=data["timezone"],
                availability=data["availability"],
                capacity=data["capacity"],
                scope=data["scope"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your mentor profile was saved.")
            return redirect("profile_mentor")
    context = {
        "form": form,
        "profile": profile,
        "missing": services.mentor_profile_missing(profile) if profile else [],
        "capacity_note": mentor_capacity_note(profile=profile) if profile else "",
        "steps": profile_steps(user=request.user, role=Role.MENTOR),
        "attributes": attributes_of_own(user=request.user),
        "qualifications": qualifications_of_own(user=request.user)[:20],
        "can_nominate": bool(nominating_institutions(user=request.user)),
    }
    return render(request, "profiles/mentor_profile.html", context)


def _publish(request: HttpRequest, publish: bool) -> HttpResponse:
    try:
        services.mentor_profile_publish(actor=request.user, publish=publish)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "Your profile is published: students can now find you."
            if publish
            else "Your profile is hidden: students cannot find you.",
        )
    return redirect("profile_mentor")


@require_POST
@role_required(Role.MENTOR)
def profile_mentor_publish(request: HttpRequest) -> HttpResponse:
    return _publish(request, True)


@require_POST
@role_required(Role.MENTOR)
def profile_mentor_unpublish(request: HttpRequest) -> HttpResponse:
    return _publish(request, False)


# --- qualification (R4) ---------------------------------------------------------------


@role_required(Role.MENTOR)
def qualification_submit(request: HttpRequest) -> HttpResponse:
    memberships = list(mentor_memberships_of(user=request.user))
    form = QualificationForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = next(m for m in memberships if str(m.public_id) == data["membership"])
        try:
            services.qualification_submit(
                actor=request.user,
                membership=membership,
                basis=data["basis"],
                evidence=data["evidence"],
                nominator_kind=data["nominator_kind"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Sent. Your institution's admin will review it.")
            return redirect("qualification_submit")
    context = {
        "form": form,
        "memberships": memberships,
        "qualifications": qualifications_of_own(user=request.user)[:50],
    }
    return render(request, "profiles/qualification.html", context)


@login_required
def mentor_nominate(request: HttpRequest) -> HttpResponse:
    institutions = nominating_institutions(user=request.user)
    if not institutions:
        raise PermissionDenied("Institution admins and verified mentors can nominate mentors.")
    form = NominationForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        institution, kind = next(
            (i, k) for i, k in institutions if str(i.public_id) == data["institution"]
        )
        try:
            result = services.mentor_nominate(
                actor=request.user,
                institution=institution,
                email=data["email"],
                evidence=data["evidence"],
                nominator_kind=data.get("nominator_kind", ""),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if kind == "institution_admin" and result is None:
                form.add_error("email", "No active mentor with this email at this institution.")
            else:
                # Mentors get the same answer either way: whether a colleague is a
                # mentor here is not theirs to learn from this form.
                messages.success(
                    request,
                    "Thank you. If your colleague is a mentor here, your nomination is now "
                    "with the institution's admins.",
                )
                return redirect("home")
    return render(request, "profiles/nominate.html", {"form": form})


@login_required
def qualification_list(request: HttpRequest, institution_id: str) -> HttpResponse:
    """The verification queue of one institution (its admins and staff)."""
    institution = institution_get_managed(user=request.user, public_id=institution_id)
    if not user_manages(user=request.user, institution=institution):
        raise PermissionDenied("Only the institution's admins verify mentors.")
    status = request.GET.get("status", "pending")
    status = status if status in ("pending", "verified", "rejected") else "pending"
    queue = qualification_queue(user=request.user, institution=institution, status=status)[:200]
    context = {
        "institution": institution,
        "queue": queue,
        "status": status,
        "decision_form": DecisionForm(),
    }
    return render(request, "profiles/qualification_queue.html", context)


@require_POST
@login_required
def qualification_decide(request: HttpRequest, qualification_id: str) -> HttpResponse:
    qualification = qualification_get_managed(user=request.user, public_id=qualification_id)
    form = DecisionForm(request.POST)
    verify = request.POST.get("decision") == "verify"
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.qualification_decide(
            actor=request.user, qualification=qualification, verify=verify, reason=reason
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Mentor verified." if verify else "Declined; the mentor sees why."
        )
    return redirect(
        "qualification_list", institution_id=qualification.membership.institution.public_id
    )


# --- other people's profiles ----------------------------------------------------------


def _reveal(request: HttpRequest) -> bool:
    return request.user.is_staff and request.GET.get("reveal") == "1"


@login_required
def mentee_profile_detail(request: HttpRequest, profile_id: str) -> HttpResponse:
    profile = mentee_profile_get_visible(viewer=request.user, public_id=profile_id)
    reveal = _reveal(request)
    context = {
        "profile": profile,
        "needs": mentee_needs_ordered(profile=profile),
        "attributes": visible_attributes(viewer=request.user, owner=profile.user, reveal=reveal),
        "revealed": reveal,
        "show_eligibility": (reveal and eligibility_visible(viewer=request.user, profile=profile))
        or profile.user_id == request.user.pk,
        "is_owner": profile.user_id == request.user.pk,
    }
    return render(request, "profiles/mentee_detail.html", context)
