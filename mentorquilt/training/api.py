"""JSON API of agreements, training and certificates (R5, R9, R12, R27).

Who may do what (the same rules as the web pages):
- everyone signed in: read the current agreements and the active training
  modules;
- mentees and mentors: accept the current agreements for their roles,
  complete the modules for their roles, list their own completions and
  download their own certificates;
- platform staff also read drafts and inactive modules. Staff write and
  publish agreements and modules in the admin site.

Another person's completion or certificate answers 404, for staff too.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from ninja import Query, Router

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.api import paginate
from mentorquilt.core.schemas import PageQuery, with_errors
from mentorquilt.training import services
from mentorquilt.training.models import AgreementVersion
from mentorquilt.training.schemas import (
    AcceptanceOut,
    AgreementOut,
    CompletionIn,
    CompletionOut,
    CompletionPage,
    CompletionQuery,
    ModuleDetailOut,
    ModulePage,
)
from mentorquilt.training.selectors import (
    AGREEMENTS_BY_ROLE,
    acceptance_get,
    agreement_current,
    agreement_current_list,
    agreement_version_get,
    completion_get_own,
    completion_list_for_user,
    module_get_visible,
    module_list_for_user,
    onboarding_roles,
)

router = Router(tags=["training"])

PDF_RESPONSE = {
    "description": "The certificate, a one-page PDF.",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}


def _agreement_out(request: AuthedRequest, version: AgreementVersion) -> dict[str, Any]:
    mine = {
        kind for role in onboarding_roles(user=request.user) for kind in AGREEMENTS_BY_ROLE[role]
    }
    current = agreement_current(kind=version.kind)
    acceptance = acceptance_get(user=request.user, version=version)
    return {
        "public_id": version.public_id,
        "kind": version.kind,
        "version": version.version,
        "title": version.title,
        "body": version.body,
        "published_at": version.published_at,
        "is_current": current is not None and current.pk == version.pk,
        "applies_to_me": version.kind in mine,
        "accepted_at": acceptance.accepted_at if acceptance else None,
    }


@router.get(
    "/agreements",
    response=with_errors({200: list[AgreementOut]}),
    operation_id="agreement_list",
    summary="The current version of each agreement, with the caller's answer",
)
def agreement_list(request: AuthedRequest) -> Any:
    return [_agreement_out(request, version) for version in agreement_current_list()]


@router.get(
    "/agreements/{agreement_id}",
    response=with_errors({200: AgreementOut}),
    operation_id="agreement_get",
    summary="One version of an agreement (drafts: staff only)",
)
def agreement_get(request: AuthedRequest, agreement_id: UUID) -> Any:
    return _agreement_out(request, agreement_version_get(user=request.user, public_id=agreement_id))


@router.post(
    "/agreements/{agreement_id}/acceptance",
    response=with_errors({200: AcceptanceOut}),
    operation_id="agreement_accept",
    summary="Accept the current version of an agreement for one of the caller's roles",
    description="Accepting again changes nothing. An older version or an agreement that is "
    "not for the caller's roles answers 400.",
)
def agreement_accept(request: AuthedRequest, agreement_id: UUID) -> Any:
    version = agreement_version_get(user=request.user, public_id=agreement_id)
    return services.agreement_accept(user=request.user, version=version)


@router.get(
    "/training/modules",
    response=with_errors({200: ModulePage}),
    operation_id="module_list",
    summary="Active training modules for the caller's roles, with their completion",
)
def module_list(request: AuthedRequest, page: Query[PageQuery]) -> Any:
    return paginate(module_list_for_user(user=request.user), page)


@router.get(
    "/training/modules/{module_id}",
    response=with_errors({200: ModuleDetailOut}),
    operation_id="module_get",
    summary="One training module with its content",
)
def module_get(request: AuthedRequest, module_id: UUID) -> Any:
    module = module_get_visible(user=request.user, public_id=module_id)
    completion = completion_list_for_user(user=request.user).filter(module=module).first()
    module.completed_at = completion.completed_at if completion else None  # type: ignore[attr-defined]
    return module


@router.post(
    "/training/modules/{module_id}/completion",
    response=with_errors({200: CompletionOut}),
    operation_id="module_complete",
    summary="Complete a module by confirming its attestation (attest: true)",
    description="Completing again changes nothing. A module that is not for the caller's "
    "roles, or attest other than true, answers 400.",
)
def module_complete(request: AuthedRequest, module_id: UUID, payload: CompletionIn) -> Any:
    module = module_get_visible(user=request.user, public_id=module_id)
    return services.module_complete(user=request.user, module=module, attested=payload.attest)


@router.get(
    "/training/completions",
    response=with_errors({200: CompletionPage}),
    operation_id="completion_list",
    summary="The caller's completed modules, newest first",
)
def completion_list(request: AuthedRequest, query: Query[CompletionQuery]) -> Any:
    completions = completion_list_for_user(user=request.user)
    if query.with_certificate:
        completions = completions.filter(credit_hours__gt=0)
    return paginate(completions, query)


@router.get(
    "/training/completions/{completion_id}/certificate",
    response=with_errors({200: None}),
    operation_id="certificate_download",
    summary="The caller's CME certificate for a completed module with credit (PDF)",
    openapi_extra={"responses": {200: PDF_RESPONSE}},
)
def certificate_download(request: AuthedRequest, completion_id: UUID) -> Any:
    completion = completion_get_own(user=request.user, public_id=completion_id)
    if not completion.has_certificate:
        raise Http404("No such certificate.")
    pdf = services.certificate_download(user=request.user, completion=completion)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="mentorquilt-certificate-{completion.public_id}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response
