"""Training services: agreements, training completion and CME certificates.

Rules:
- Each agreement (mentor agreement, mentee agreement, code of conduct) has
  numbered versions. Staff write a draft and publish it; the newest published
  version is the current one and its text never changes after publication
  (R5, R12, R27).
- Publishing a new version makes every earlier acceptance out of date: each
  person must accept the new version before their next mentorship. Ongoing
  mentorships are not interrupted.
- A person accepts only the current version of an agreement that applies to one
  of their active roles (mentors: mentor agreement and code of conduct;
  mentees: mentee agreement and code of conduct). Acceptance records the
  version and the time; accepting twice changes nothing.
- A person completes a module for one of their active roles by attesting to
  its statement; the completion keeps the statement, the module version and
  the credit hours of that moment (R5, R12). Completing twice changes nothing.
- A completion with credit has a PDF certificate (R9), for its owner only;
  each download is audited.
- Every change writes an audit row (ids only) in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from mentorquilt.core.errors import DomainError
from mentorquilt.core.services import audit_record
from mentorquilt.training.certificates import CertificateData, render_certificate
from mentorquilt.training.models import (
    AgreementAcceptance,
    AgreementKind,
    AgreementVersion,
    ModuleCompletion,
    TrainingModule,
)
from mentorquilt.training.selectors import (
    agreement_current,
    agreement_kinds_for,
    onboarding_roles,
)

MAX_AGREEMENT_CHARS = 50_000


# --- agreements ------------------------------------------------------------------------


@transaction.atomic
def agreement_draft_create(*, actor: Any, kind: str, title: str, body: str) -> AgreementVersion:
    """A new, unpublished version of an agreement, numbered after the newest one."""
    if kind not in AgreementKind.values:
        raise DomainError("Choose one of the listed agreements.", field="kind")
    if not title.strip():
        raise DomainError("Enter a title.", field="title")
    if not body.strip():
        raise DomainError("Enter the agreement's text.", field="body")
    if len(body) > MAX_AGREEMENT_CHARS:
        raise DomainError(
            f"The text is too long (at most {MAX_AGREEMENT_CHARS:,} characters).", field="body"
        )
    # Lock the kind's rows so two drafts cannot take the same number.
    list(AgreementVersion.objects.select_for_update().filter(kind=kind).values_list("pk"))
    newest = AgreementVersion.objects.filter(kind=kind).aggregate(n=Max("version"))["n"] or 0
    version = AgreementVersion.objects.create(
        kind=kind, version=newest + 1, title=title.strip(), body=body.strip()
    )
    audit_record(
        actor=actor,
        action="agreement.draft",
        target=version,
        data={"kind": kind, "version": version.version},
    )
    return version


@transaction.atomic
def agreement_publish(*, actor: Any, version: AgreementVersion) -> AgreementVersion:
    """Publish a draft: it becomes the current version and everyone must accept it again."""
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if version.published_at is not None:
        raise DomainError(f"{version} is already published.")
    current = agreement_current(kind=version.kind)
    if current is not None and current.version > version.version:
        raise DomainError(
            f"A newer version ({current}) is already published; write a new draft instead."
        )
    version.published_at = timezone.now()
    version.published_by = actor if getattr(actor, "is_authenticated", False) else None
    version.save(update_fields=["published_at", "published_by", "updated_at"])
    audit_record(
        actor=actor,
        action="agreement.publish",
        target=version,
        data={
            "kind": version.kind,
            "version": version.version,
            "replaces": current.version if current is not None else None,
        },
    )
    return version


def agreement_publish_new(*, actor: Any, kind: str, title: str, body: str) -> AgreementVersion:
    """Write and publish a new version in one step."""
    with transaction.atomic():
        draft = agreement_draft_create(actor=actor, kind=kind, title=title, body=body)
        return agreement_publish(actor=actor, version=draft)


@transaction.atomic
def agreement_accept(*, user: Any, version: AgreementVersion) -> AgreementAcceptance:
    """The person accepts the current version of an agreement for one of their roles."""
    roles = onboarding_roles(user=user)
    if not any(version.kind in agreement_kinds_for(role=role) for role in roles):
        # A role refusal is 403 everywhere (institutions.access), not a refused rule.
        raise PermissionDenied(
            f"The {version.get_kind_display().lower()} is for people who are "
            + {
                AgreementKind.MENTOR: "mentors.",
                AgreementKind.MENTEE: "mentees.",
                AgreementKind.CONDUCT: "mentors or mentees.",
            }[AgreementKind(version.kind)]
        )
    current = agreement_current(kind=version.kind)
    if current is None or current.pk != version.pk:
        raise DomainError(
            "A newer version of this text has been published. Please read it and accept that one.",
            code="outdated",
        )
    existing = AgreementAcceptance.objects.filter(user=user, version=version).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            acceptance = AgreementAcceptance.objects.create(
                user=user, version=version, accepted_at=timezone.now()
            )
    except IntegrityError:  # a double submit raced this one
        return AgreementAcceptance.objects.get(user=user, version=version)
    audit_record(
        actor=user,
        action="agreement.accept",
        target=acceptance,
        data={
            "agreement": str(version.public_id),
            "kind": version.kind,
            "version": version.version,
        },
    )
    return acceptance


# --- training --------------------------------------------------------------------------


@transaction.atomic
def module_complete(*, user: Any, module: TrainingModule, attested: bool) -> ModuleCompletion:
    """The person completes a module by confirming its attestation statement."""
    if not module.is_active:
        raise DomainError("This module is no longer offered.")
    if not any(module.is_for(role) for role in onboarding_roles(user=user)):
        raise PermissionDenied(f"This module is for {module.get_audience_display().lower()}.")
    if attested is not True:
        raise DomainError("Tick the box to confirm the statement above.", field="attest")
    existing = ModuleCompletion.objects.filter(user=user, module=module).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            completion = ModuleCompletion.objects.create(
                user=user,
                module=module,
                completed_at=timezone.now(),
                module_version=module.version,
                attestation=module.attestation,
                credit_hours=module.cme_credit_hours,
            )
    except IntegrityError:  # a double submit raced this one
        return ModuleCompletion.objects.get(user=user, module=module)
    audit_record(
        actor=user,
        action="training.module.complete",
        target=completion,
        data={
            "module": str(module.public_id),
            "module_version": module.version,
            "credit_hours": str(completion.credit_hours),
        },
    )
    return completion


@transaction.atomic
def certificate_download(*, user: Any, completion: ModuleCompletion) -> bytes:
    """The completion's CME certificate as PDF bytes, for its owner only; audited (R9)."""
    if completion.user_id != user.pk:
        raise DomainError("This certificate belongs to someone else.")
    if not completion.has_certificate:
        raise DomainError("This module carries no credit, so it has no certificate.")
    pdf = render_certificate(
        CertificateData(
            person_name=user.name or user.email,
            module_title=completion.module.title,
            credit_hours=completion.credit_hours,
            completed_on=timezone.localdate(completion.completed_at),
            verification_id=str(completion.public_id),
        )
    )
    audit_record(
        actor=user,
        action="training.certificate.download",
        target=completion,
        data={"module": str(completion.module.public_id)},
    )
    return pdf
