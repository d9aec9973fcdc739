from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorquilt.accounts import services
from mentorquilt.accounts.forms import AccountDetailsForm, ApiTokenForm
from mentorquilt.accounts.selectors import api_token_get, api_token_list, user_has_totp
from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.errors import DomainError
from mentorquilt.core.forms import add_domain_error


@login_required
def account_details(request: AuthedRequest) -> HttpResponse:
    """The person's names and the contact details they share with mentors and mentees."""
    user = request.user
    initial = {
        "name": user.name,
        "preferred_name": user.preferred_name,
        "phone": user.phone,
        "share_email": user.share_email,
        "share_phone": user.share_phone,
    }
    form = AccountDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.account_details_update(user=user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "Saved your name and what you share.")
                return redirect("mfa_index")
        return render(request, "accounts/account.html", {"form": form}, status=400)
    return render(request, "accounts/account.html", {"form": form})


@login_required
def api_tokens(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_token = services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": api_token_list(user=request.user), "new_token": new_token},
    )


@login_required
@require_POST
def api_token_revoke(request: AuthedRequest, token_id: str) -> HttpResponse:
    token = api_token_get(user=request.user, public_id=token_id)
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, f"The token “{token.name}” was revoked and no longer works.")
    return redirect("api_tokens")


@login_required
def mfa_required(request: AuthedRequest) -> HttpResponse:
    """Explains why staff and admins must set up two-factor sign-in, with the next step."""
    if user_has_totp(user=request.user):
        return redirect("home")
    return render(request, "accounts/mfa_required.html")
