"""Pages for agreements, training modules and certificates (R5, R9, R12, R27)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.errors import DomainError
from mentorquilt.core.forms import add_domain_error
from mentorquilt.training import services
from mentorquilt.training.forms import AgreementAcceptForm, ModuleCompleteForm
from mentorquilt.training.models import AgreementKind
from mentorquilt.training.selectors import (
    AGREEMENTS_BY_ROLE,
    acceptance_get,
    agreement_current_list,
    agreement_get_current,
    certificate_list_for_user,
    completion_get,
    completion_get_own,
    completion_list_for_user,
    module_get_visible,
    module_list_for_user,
    onboarding_roles,
    required_modules,
)


def _agreement_kinds_for_user(user: object) -> set[str]:
    return {kind for role in onboarding_roles(user=user) for kind in AGREEMENTS_BY_ROLE[role]}


@login_required
def agreement_list(request: AuthedRequest) -> HttpResponse:
    mine = _agreement_kinds_for_user(request.user)
    rows = [
        (version, acceptance_get(user=request.user, version=version), version.kind in mine)
        for version in agreement_current_list()
    ]
    return render(request, "training/agreement_list.html", {"rows": rows})


@login_required
def agreement_detail(request: AuthedRequest, kind: str) -> HttpResponse:
    agreement = agreement_get_current(kind=kind)
    applies = agreement.kind in _agreement_kinds_for_user(request.user)
    acceptance = acceptance_get(user=request.user, version=agreement)
    form = AgreementAcceptForm(
        request.POST if request.method == "POST" else None, agreement=agreement
    )
    if request.method == "POST" and applies and acceptance is None and form.is_valid():
        if form.cleaned_data["version"] != agreement.public_id:
            form.add_error(
                None,
                "A newer version of this text was published while you were reading. "
                "Please read this version and accept it.",
            )
        else:
            try:
                services.agreement_accept(user=request.user, version=agreement)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"Thank you: you accepted the {agreement.title}.")
                return redirect("onboarding_checklist")
    return render(
        request,
        "training/agreement_detail.html",
        {
            "agreement": agreement,
            "acceptance": acceptance,
            "applies": applies,
            "form": form,
            "kind_label": AgreementKind(agreement.kind).label,
        },
    )


@login_required
def training_list(request: AuthedRequest) -> HttpResponse:
    roles = onboarding_roles(user=request.user)
    required_ids = {m.pk for role in roles for m in required_modules(role=role)}
    modules = list(module_list_for_user(user=request.user))
    required = [m for m in modules if m.pk in required_ids]
    optional = [m for m in modules if m.pk not in required_ids]
    context = {
        "roles": roles,
        "required": required,
        "optional": optional,
        "required_done": sum(1 for m in required if getattr(m, "completed_at", None)),
    }
    return render(request, "training/module_list.html", context)


@login_required
def training_module(request: AuthedRequest, module_id: str) -> HttpResponse:
    module = module_get_visible(user=request.user, public_id=module_id)
    completion = completion_get(user=request.user, module=module)
    can_complete = any(module.is_for(role) for role in onboarding_roles(user=request.user))
    form = ModuleCompleteForm(request.POST if request.method == "POST" else None, module=module)
    if request.method == "POST" and can_complete and completion is None and form.is_valid():
        try:
            completion = services.module_complete(
                user=request.user, module=module, attested=form.cleaned_data["attest"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            note = (
                " Your certificate is ready in Certificates." if completion.has_certificate else ""
            )
            messages.success(request, f"You completed “{module.title}”.{note}")
            return redirect("training_list")
    return render(
        request,
        "training/module_detail.html",
        {
            "module": module,
            "completion": completion,
            "can_complete": can_complete,
            "form": form,
        },
    )


@login_required
def certificate_list(request: AuthedRequest) -> HttpResponse:
    context = {
        "certificates": certificate_list_for_user(user=request.user),
        "completions": completion_list_for_user(user=request.user),
    }
    return render(request, "training/certificate_list.html", context)


@login_required
def certificate_download(request: AuthedRequest, completion_id: str) -> HttpResponse:
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
