"""Reads about agreements, training and certificates, scoped to the person asking.

- Agreement texts and active training modules are curriculum, not personal
  data: every signed-in person may read them. Inactive modules and drafts are
  seen by staff only (elsewhere they are "not found").
- Acceptances and completions are personal: each person sees only their own,
  and another person's completion (certificate) answers 404, staff included.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.http import Http404

from mentorquilt.core.ids import parse_public_id
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.selectors import user_roles
from mentorquilt.training.models import (
    AgreementAcceptance,
    AgreementKind,
    AgreementVersion,
    Audience,
    ModuleCompletion,
    TrainingModule,
)

# The roles that go through onboarding, in the order pages show them.
ONBOARDING_ROLES = (Role.MENTEE, Role.MENTOR)

# Which agreements each role must accept before a mentorship (R5, R12, R27).
AGREEMENTS_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.MENTOR: (AgreementKind.MENTOR, AgreementKind.CONDUCT),
    Role.MENTEE: (AgreementKind.MENTEE, AgreementKind.CONDUCT),
}


def onboarding_roles(*, user: Any) -> list[str]:
    """The person's active mentee and mentor roles (the ones with a checklist)."""
    roles = user_roles(user=user)
    return [role for role in ONBOARDING_ROLES if role in roles]


# --- agreements ------------------------------------------------------------------------


def agreement_kinds_for(*, role: str) -> tuple[str, ...]:
    return AGREEMENTS_BY_ROLE.get(role, ())


def agreement_current(*, kind: str) -> AgreementVersion | None:
    """The newest published version of an agreement, or None when none is published."""
    return (
        AgreementVersion.objects.filter(kind=kind, published_at__isnull=False)
        .order_by("-version")
        .first()
    )


def agreement_get_current(*, kind: str) -> AgreementVersion:
    if kind not in AgreementKind.values:
        raise Http404("No such agreement.")
    version = agreement_current(kind=kind)
    if version is None:
        raise Http404("No such agreement.")
    return version


def agreement_version_get(*, user: Any, public_id: Any) -> AgreementVersion:
    """A published version (any signed-in person) or a draft (staff only); 404 otherwise."""
    versions = AgreementVersion.objects.all()
    if not user.is_staff:
        versions = versions.filter(published_at__isnull=False)
    version = versions.filter(public_id=parse_public_id(public_id, "agreement")).first()
    if version is None:
        raise Http404("No such agreement.")
    return version


def agreement_current_list(*, kinds: Iterable[str] | None = None) -> list[AgreementVersion]:
    """The current version of each agreement that has one, in AgreementKind order."""
    wanted = list(kinds) if kinds is not None else list(AgreementKind.values)
    current = []
    for kind in AgreementKind.values:
        if kind in wanted:
            version = agreement_current(kind=kind)
            if version is not None:
                current.append(version)
    return current


def acceptance_get(*, user: Any, version: AgreementVersion) -> AgreementAcceptance | None:
    if not user.is_authenticated:
        return None
    return AgreementAcceptance.objects.filter(user=user, version=version).first()


def acceptance_list_for_user(*, user: Any) -> QuerySet[AgreementAcceptance]:
    """A person's own acceptances, newest first."""
    return AgreementAcceptance.objects.filter(user=user).select_related("version")


def missing_agreements(*, user: Any, role: str) -> list[AgreementVersion]:
    """Current agreements for the role that the person has not accepted in this version.

    Publishing a new version makes it current, so everyone who accepted an
    older one appears here again until they accept it (R5, R12, R27).
    """
    current = agreement_current_list(kinds=agreement_kinds_for(role=role))
    accepted = set(
        AgreementAcceptance.objects.filter(user=user, version__in=current).values_list(
            "version_id", flat=True
        )
    )
    return [version for version in current if version.pk not in accepted]


def _current_version_ids(kinds: Iterable[str]) -> list[int]:
    return [version.pk for version in agreement_current_list(kinds=kinds)]


def agreed_user_ids(*, role: str) -> QuerySet[Any]:
    """Ids (`user_id`) of people who accepted every current agreement for the role.

    A one-column queryset for subqueries: `filter(user_id__in=agreed_user_ids(role=...))`.
    """
    current = _current_version_ids(agreement_kinds_for(role=role))
    if not current:
        return _every_user_id()
    return (
        AgreementAcceptance.objects.filter(version_id__in=current)
        .values("user_id")
        .annotate(_accepted=Count("version_id", distinct=True))
        .filter(_accepted=len(current))
        .values("user_id")
    )


def _every_user_id() -> QuerySet[Any]:
    return get_user_model().objects.annotate(user_id=F("id")).values("user_id")


# --- training modules ------------------------------------------------------------------


def _audiences_for(role: str) -> list[str]:
    return [role, Audience.BOTH]


def required_modules(*, role: str) -> QuerySet[TrainingModule]:
    """Active modules a role must complete before a mentorship (R5 mentors, R12 mentees)."""
    modules = TrainingModule.objects.filter(is_active=True)
    if role == Role.MENTOR:
        return modules.filter(required_for_mentors=True)
    if role == Role.MENTEE:
        return modules.filter(required_for_mentees=True)
    return modules.none()


def missing_modules(*, user: Any, role: str) -> list[TrainingModule]:
    """Required modules for the role that the person has not completed."""
    done = ModuleCompletion.objects.filter(user=user, module=OuterRef("pk"))
    return list(required_modules(role=role).exclude(Exists(done)))


def user_training_complete(*, user: Any, role: str) -> bool:
    """True when the person completed every active module their role requires."""
    done = ModuleCompletion.objects.filter(user=user, module=OuterRef("pk"))
    return not required_modules(role=role).exclude(Exists(done)).exists()


def trained_user_ids(*, role: str) -> QuerySet[Any]:
    """Ids (`user_id`) of people who completed every required module of the role.

    A one-column queryset for subqueries, for example in compliance counts:
    `memberships.filter(user_id__in=trained_user_ids(role=Role.MENTOR))`. It reads
    only completions of required modules, not every user. When the role requires no
    module, everyone counts as trained.
    """
    required = list(required_modules(role=role).values_list("pk", flat=True))
    if not required:
        return _every_user_id()
    return (
        ModuleCompletion.objects.filter(module_id__in=required)
        .values("user_id")
        .annotate(_completed=Count("module_id", distinct=True))
        .filter(_completed=len(required))
        .values("user_id")
    )


def module_list_for_user(*, user: Any) -> QuerySet[TrainingModule]:
    """Active modules for the person's mentee and mentor roles, with `completed_at` annotated.

    People who are neither (admins, coordinators, researchers, staff) see the
    whole active catalogue, to know what their mentors and mentees study.
    """
    modules = TrainingModule.objects.filter(is_active=True)
    roles = onboarding_roles(user=user)
    if roles:
        audiences = {audience for role in roles for audience in _audiences_for(role)}
        modules = modules.filter(audience__in=audiences)
    return _with_completion(modules, user)


def _with_completion(modules: QuerySet[TrainingModule], user: Any) -> QuerySet[TrainingModule]:
    completion = ModuleCompletion.objects.filter(user=user, module=OuterRef("pk"))
    return modules.annotate(
        completed_at=Subquery(completion.values("completed_at")[:1]),
        completion_public_id=Subquery(completion.values("public_id")[:1]),
    )


def module_get_visible(*, user: Any, public_id: Any) -> TrainingModule:
    """An active module (any signed-in person) or an inactive one (staff); 404 otherwise."""
    modules = TrainingModule.objects.all()
    if not user.is_staff:
        modules = modules.filter(is_active=True)
    module = modules.filter(public_id=parse_public_id(public_id, "module")).first()
    if module is None:
        raise Http404("No such module.")
    return module


# --- completions and certificates ------------------------------------------------------


def completion_get(*, user: Any, module: TrainingModule) -> ModuleCompletion | None:
    if not user.is_authenticated:
        return None
    return ModuleCompletion.objects.filter(user=user, module=module).first()


def completion_list_for_user(*, user: Any) -> QuerySet[ModuleCompletion]:
    """A person's own completions, newest first."""
    return ModuleCompletion.objects.filter(user=user).select_related("module")


def certificate_list_for_user(*, user: Any) -> QuerySet[ModuleCompletion]:
    """A person's completions that carry credit, so have a certificate (R9)."""
    return completion_list_for_user(user=user).filter(credit_hours__gt=0)


def completion_get_own(*, user: Any, public_id: Any) -> ModuleCompletion:
    """One of the person's own completions; anyone else's is "not found" (staff too)."""
    completion = (
        completion_list_for_user(user=user)
        .filter(public_id=parse_public_id(public_id, "certificate"))
        .first()
    )
    if completion is None:
        raise Http404("No such certificate.")
    return completion
