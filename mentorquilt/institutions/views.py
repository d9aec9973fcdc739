"""Institution pages: the list, one school's people and compliance, invitations, joining."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentorquilt.accounts.selectors import user_exists_with_email
from mentorquilt.core.decorators import staff_required
from mentorquilt.core.errors import DomainError
from mentorquilt.core.forms import add_domain_error
from mentorquilt.institutions import services
from mentorquilt.institutions.forms import (
    InstitutionForm,
    InvitationSignupForm,
    InviteForm,
    JoinForm,
    RosterImportForm,
)
from mentorquilt.institutions.models import Institution, MembershipStatus, Role
from mentorquilt.institutions.selectors import (
    institution_compliance,
    institution_get_managed,
    institution_list_joinable,
    institution_list_managed,
    invitation_from_token,
    invitation_get_managed,
    invitation_list,
    member_list,
    membership_get_managed,
    user_manages,
)


def _require_admin(request: HttpRequest, institution: Institution) -> None:
    # Coordinators may look at an institution they work for but not change it.
    if not user_manages(user=request.user, institution=institution):
        raise PermissionDenied("Only the institution's admins can do this.")


@login_required
def institution_list(request: HttpRequest) -> HttpResponse:
    institutions = institution_list_managed(user=request.user)
    if not request.user.is_staff and not institutions.exists():
        raise PermissionDenied("You do not manage any institution.")
    rows = [(i, institution_compliance(institution=i)) for i in institutions]
    return render(request, "institutions/list.html", {"rows": rows})


@staff_required
def institution_create(request: HttpRequest) -> HttpResponse:
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.institution_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                class_size=form.cleaned_data["class_size"],
                region=form.cleaned_data["region"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{institution.name} was created.")
            return redirect("institution_detail", institution_id=institution.public_id)
    return render(request, "institutions/form.html", {"form": form, "institution": None})


@staff_required
def institution_edit(request: HttpRequest, institution_id: str) -> HttpResponse:
    institution = institution_get_managed(user=request.user, public_id=institution_id)
    initial = {
        "name": institution.name,
        "kind": institution.kind,
        "class_size": institution.class_size,
        "region": institution.region,
        "is_active": institution.is_active,
    }
    form = InstitutionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_update(
                actor=request.user, institution=institution, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your changes were saved.")
            return redirect("institution_detail", institution_id=institution.public_id)
    return render(request, "institutions/form.html", {"form": form, "institution": institution})


@login_required
def institution_detail(request: HttpRequest, institution_id: str) -> HttpResponse:
    institution = institution_get_managed(user=request.user, public_id=institution_id)
    role = request.GET.get("role", "")
    status = request.GET.get("status", "")
    role = role if role in Role.values else ""
    status = status if status in MembershipStatus.values else ""
    members = member_list(user=request.user, institution=institution, role=role, status=status)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    can_admin = user_manages(user=request.user, institution=institution)
    context = {
        "institution": institution,
        "compliance": institution_compliance(institution=institution),
        "page": page,
        "role": role,
        "status": status,
        "roles": Role.choices,
        "statuses": MembershipStatus.choices,
        "pending": member_list(
            user=request.user, institution=institution, status=MembershipStatus.PENDING
        )[:100],
        "invitations": invitation_list(user=request.user, institution=institution)[:100]
        if can_admin
        else [],
        "can_admin": can_admin,
        "invite_form": InviteForm(),
        "import_form": RosterImportForm(),
    }
    return render(request, "institutions/detail.html", context)


@login_required
def institution_invite(request: HttpRequest, institution_id: str) -> HttpResponse:
    institution = institution_get_managed(user=request.user, public_id=institution_id)
    _require_admin(request, institution)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user, institution=institution, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"An invitation is on its way to {invitation.email}.")
            return redirect("institution_detail", institution_id=institution.public_id)
    return render(request, "institutions/invite.html", {"institution": institution, "form": form})


@login_required
def institution_import(request: HttpRequest, institution_id: str) -> HttpResponse:
    institution = institution_get_managed(user=request.user, public_id=institution_id)
    _require_admin(request, institution)
    form = RosterImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.roster_import(
            actor=request.user, institution=institution, csv_text=form.cleaned_data["file"]
        )
    return render(
        request,
        "institutions/import.html",
        {"institution": institution, "form": form, "report": report},
    )


def _membership_action(request: HttpRequest, membership_id: str, action: str) -> HttpResponse:
    membership = membership_get_managed(user=request.user, public_id=membership_id)
    try:
        if action == "approve":
            services.membership_approve(actor=request.user, membership=membership)
            done = "Request approved."
        elif action == "decline":
            services.membership_decline(actor=request.user, membership=membership)
            done = "Request declined."
        elif action == "end":
            services.membership_end(actor=request.user, membership=membership)
            done = "Role ended. Their history is kept."
        else:
            verified = action == "verify"
            services.mentor_verify(actor=request.user, membership=membership, verified=verified)
            done = "Mentor verified." if verified else "Verification withdrawn."
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(
        reverse("institution_detail", kwargs={"institution_id": membership.institution.public_id})
    )


@login_required
@require_POST
def membership_approve(request: HttpRequest, membership_id: str) -> HttpResponse:
    return _membership_action(request, membership_id, "approve")


@login_required
@require_POST
def membership_decline(request: HttpRequest, membership_id: str) -> HttpResponse:
    return _membership_action(request, membership_id, "decline")


@login_required
@require_POST
def membership_end(request: HttpRequest, membership_id: str) -> HttpResponse:
    return _membership_action(request, membership_id, "end")


@login_required
@require_POST
def mentor_verify(request: HttpRequest, membership_id: str) -> HttpResponse:
    return _membership_action(request, membership_id, "verify")


@login_required
@require_POST
def mentor_unverify(request: HttpRequest, membership_id: str) -> HttpResponse:
    return _membership_action(request, membership_id, "unverify")


def _invitation_action(request: HttpRequest, invitation_id: str, action: str) -> HttpResponse:
    invitation = invitation_get_managed(user=request.user, public_id=invitation_id)
    try:
        if action == "resend":
            services.invitation_resend(actor=request.user, invitation=invitation)
            messages.success(request, f"The invitation to {invitation.email} was sent again.")
        else:
            services.invitation_revoke(actor=request.user, invitation=invitation)
            messages.success(request, "The invitation was withdrawn; its link no longer works.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("institution_detail", institution_id=invitation.institution.public_id)


@login_required
@require_POST
def invitation_resend(request: HttpRequest, invitation_id: str) -> HttpResponse:
    return _invitation_action(request, invitation_id, "resend")


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: str) -> HttpResponse:
    return _invitation_action(request, invitation_id, "revoke")


@login_required
def membership_join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None, institutions=institution_list_joinable())
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_request(
                user=request.user,
                institution=form.cleaned_data["institution"],
                role=form.cleaned_data["role"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                "Your request was sent. The institution's admin will review it; "
                "you will see the answer on your home page.",
            )
            return redirect("home")
    return render(request, "institutions/join.html", {"form": form})


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link from an invitation email: create an account, or accept while signed in."""
    invitation = invitation_from_token(token)
    if invitation is None or invitation.state != "open":
        reason = "invalid" if invitation is None else invitation.state
        return render(
            request,
            "institutions/invitation_closed.html",
            {"reason": reason},
            status=410 if invitation is not None else 404,
        )

    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"Welcome to {invitation.institution.name}.")
                return redirect("home")
        return render(
            request,
            "institutions/invitation_accept.html",
            {
                "invitation": invitation,
                "email_matches": request.user.email.lower() == invitation.email.lower(),
            },
        )

    has_account = user_exists_with_email(email=invitation.email)
    form = InvitationSignupForm(
        request.POST or None, email=invitation.email, initial={"name": invitation.name}
    )
    if request.method == "POST" and not has_account and form.is_valid():
        try:
            user = services.invitation_signup(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.institution.name}.")
            return redirect("home")
    return render(
        request,
        "institutions/invitation_signup.html",
        {
            "invitation": invitation,
            "form": form,
            "has_account": has_account,
            "login_url": f"{reverse('account_login')}?next={request.path}",
        },
    )
