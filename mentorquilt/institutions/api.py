"""JSON API of the institutions app: the caller, institutions, members, invitations, joining.

Who may do what (the same rules as the web pages):
- everyone signed in: read themselves (/me), list and read the institutions they
  belong to, ask to join one as a mentee or mentor;
- an institution's admins and coordinators ("managers"), and platform staff:
  read its compliance and its members;
- its admins and staff: invite, import rosters, answer join requests, end
  roles, verify mentors;
- platform staff only: create and change institutions.

An object the caller cannot see answers 404 (its existence is not disclosed);
one they can see but may not change answers 403.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.api import paginate
from mentorquilt.core.schemas import PageQuery, with_errors
from mentorquilt.institutions import services
from mentorquilt.institutions.access import require_staff
from mentorquilt.institutions.models import Institution, Invitation, Membership
from mentorquilt.institutions.schemas import (
    ComplianceOut,
    InstitutionIn,
    InstitutionOut,
    InstitutionPage,
    InstitutionPatch,
    InvitationIn,
    InvitationOut,
    InvitationPage,
    MemberOut,
    MemberPage,
    MemberQuery,
    MembershipRequestIn,
    MeOut,
    MyMembershipOut,
    RosterErrorOut,
    RosterIn,
    RosterReportOut,
)
from mentorquilt.institutions.selectors import (
    institution_compliance,
    institution_get_managed,
    institution_get_visible,
    institution_list_joinable,
    institution_list_managed,
    institution_list_visible,
    invitation_get_managed,
    invitation_list,
    member_list,
    membership_get_managed,
    membership_list_for_user,
    user_manages,
)

router = Router(tags=["institutions"])

ADMINS_ONLY = "Only the institution's admins can do this."
STAFF_ONLY = "Only platform staff can do this."


def _managed_institution(request: AuthedRequest, institution_id: UUID) -> Institution:
    """An institution the caller manages (admin, coordinator, staff).

    404 when they cannot see it at all; 403 when they belong to it in another role.
    """
    try:
        return institution_get_managed(user=request.user, public_id=institution_id)
    except Http404:
        institution_get_visible(user=request.user, public_id=institution_id)
        raise PermissionDenied(
            "Only the institution's admins and coordinators can see this."
        ) from None


def _administered_institution(request: AuthedRequest, institution_id: UUID) -> Institution:
    """An institution the caller administers (admin, staff); coordinators get 403."""
    institution = _managed_institution(request, institution_id)
    if not user_manages(user=request.user, institution=institution):
        raise PermissionDenied(ADMINS_ONLY)
    return institution


def _administered_membership(request: AuthedRequest, membership_id: UUID) -> Membership:
    """A membership at an institution the caller administers.

    A coordinator can read the membership in the member list, so they get 403;
    anyone who cannot read it gets 404.
    """
    try:
        return membership_get_managed(user=request.user, public_id=membership_id)
    except Http404:
        for institution in institution_list_managed(user=request.user):
            members = member_list(user=request.user, institution=institution)
            if members.filter(public_id=membership_id).exists():
                raise PermissionDenied(ADMINS_ONLY) from None
        raise


def _require_staff(request: AuthedRequest) -> None:
    require_staff(request.user, STAFF_ONLY)


# --- the caller --------------------------------------------------------------------------


@router.get(
    "/me",
    response=with_errors({200: MeOut}),
    operation_id="me_get",
    summary="The caller: who they are and their roles at each institution",
)
def me_get(request: AuthedRequest) -> Any:
    user = request.user
    return {
        "public_id": user.public_id,
        "email": user.email,
        "name": user.name,
        "is_staff": user.is_staff,
        "memberships": list(membership_list_for_user(user=user)),
    }


@router.post(
    "/membership-requests",
    response=with_errors({201: MyMembershipOut}),
    operation_id="membership_request",
    summary="Ask to join an institution as a mentee or mentor; its admins answer",
)
def membership_request(request: AuthedRequest, payload: MembershipRequestIn) -> Any:
    institution = institution_list_joinable().filter(public_id=payload.institution_id).first()
    if institution is None:
        raise Http404("No such institution.")
    membership = services.membership_request(
        user=request.user, institution=institution, role=payload.role
    )
    return 201, membership


# --- institutions ------------------------------------------------------------------------


@router.get(
    "/institutions",
    response=with_errors({200: InstitutionPage}),
    operation_id="institution_list",
    summary="Institutions the caller belongs to (all of them for staff)",
)
def institution_list(request: AuthedRequest, page: Query[PageQuery]) -> Any:
    return paginate(institution_list_visible(user=request.user).order_by("name"), page)


@router.post(
    "/institutions",
    response=with_errors({201: InstitutionOut}),
    operation_id="institution_create",
    summary="Create an institution (platform staff)",
)
def institution_create(request: AuthedRequest, payload: InstitutionIn) -> Any:
    _require_staff(request)
    institution = services.institution_create(
        actor=request.user,
        name=payload.name,
        kind=payload.kind,
        class_size=payload.class_size,
        region=payload.region,
    )
    return 201, institution


@router.get(
    "/institutions/{institution_id}",
    response=with_errors({200: InstitutionOut}),
    operation_id="institution_get",
    summary="One institution the caller belongs to (any for staff)",
)
def institution_get(request: AuthedRequest, institution_id: UUID) -> Any:
    return institution_get_visible(user=request.user, public_id=institution_id)


@router.patch(
    "/institutions/{institution_id}",
    response=with_errors({200: InstitutionOut}),
    operation_id="institution_update",
    summary="Change an institution (platform staff); fields left out keep their value",
)
def institution_update(
    request: AuthedRequest, institution_id: UUID, payload: InstitutionPatch
) -> Any:
    institution = institution_get_visible(user=request.user, public_id=institution_id)
    _require_staff(request)
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    current = {
        "name": institution.name,
        "kind": institution.kind,
        "class_size": institution.class_size,
        "region": institution.region,
        "is_active": institution.is_active,
    }
    return services.institution_update(
        actor=request.user, institution=institution, **{**current, **changes}
    )


@router.get(
    "/institutions/{institution_id}/compliance",
    response=with_errors({200: ComplianceOut}),
    operation_id="institution_compliance",
    summary="R1 compliance: verified active mentors against the size schedule (managers)",
)
def institution_compliance_get(request: AuthedRequest, institution_id: UUID) -> Any:
    institution = _managed_institution(request, institution_id)
    compliance = institution_compliance(institution=institution)
    return {
        "size_category": institution.size_category,
        "required": compliance.required,
        "counted": compliance.counted,
        "verified": compliance.verified,
        "active_mentors": compliance.active_mentors,
        "shortfall": compliance.shortfall,
        "is_compliant": compliance.is_compliant,
        "percent": compliance.percent,
    }


# --- members -----------------------------------------------------------------------------


@router.get(
    "/institutions/{institution_id}/members",
    response=with_errors({200: MemberPage}),
    operation_id="member_list",
    summary="An institution's memberships, filtered by role and status (managers)",
)
def member_list_api(request: AuthedRequest, institution_id: UUID, query: Query[MemberQuery]) -> Any:
    institution = _managed_institution(request, institution_id)
    members = member_list(
        user=request.user,
        institution=institution,
        role=query.role or "",
        status=query.status or "",
    )
    return paginate(members, query)


def _membership_action(request: AuthedRequest, membership_id: UUID, action: str) -> Membership:
    membership = _administered_membership(request, membership_id)
    actor = request.user
    if action == "approve":
        return services.membership_approve(actor=actor, membership=membership)
    if action == "decline":
        return services.membership_decline(actor=actor, membership=membership)
    if action == "end":
        return services.membership_end(actor=actor, membership=membership)
    return services.mentor_verify(actor=actor, membership=membership, verified=action == "verify")


@router.post(
    "/memberships/{membership_id}/approve",
    response=with_errors({200: MemberOut}),
    operation_id="membership_approve",
    summary="Approve a pending join request (institution admins)",
)
def membership_approve(request: AuthedRequest, membership_id: UUID) -> Any:
    return _membership_action(request, membership_id, "approve")


@router.post(
    "/memberships/{membership_id}/decline",
    response=with_errors({200: MemberOut}),
    operation_id="membership_decline",
    summary="Decline a pending join request (institution admins)",
)
def membership_decline(request: AuthedRequest, membership_id: UUID) -> Any:
    return _membership_action(request, membership_id, "decline")


@router.post(
    "/memberships/{membership_id}/end",
    response=with_errors({200: MemberOut}),
    operation_id="membership_end",
    summary="End an active role, keeping its history (institution admins)",
)
def membership_end(request: AuthedRequest, membership_id: UUID) -> Any:
    return _membership_action(request, membership_id, "end")


@router.post(
    "/memberships/{membership_id}/verify",
    response=with_errors({200: MemberOut}),
    operation_id="membership_verify",
    summary="Verify an active mentor, so they count toward compliance (institution admins)",
)
def membership_verify(request: AuthedRequest, membership_id: UUID) -> Any:
    return _membership_action(request, membership_id, "verify")


@router.post(
    "/memberships/{membership_id}/unverify",
    response=with_errors({200: MemberOut}),
    operation_id="membership_unverify",
    summary="Withdraw a mentor's verification (institution admins)",
)
def membership_unverify(request: AuthedRequest, membership_id: UUID) -> Any:
    return _membership_action(request, membership_id, "unverify")


# --- invitations and roster imports ------------------------------------------------------


@router.get(
    "/institutions/{institution_id}/invitations",
    response=with_errors({200: InvitationPage}),
    operation_id="invitation_list",
    summary="An institution's invitations, newest first (institution admins)",
)
def invitation_list_api(
    request: AuthedRequest, institution_id: UUID, page: Query[PageQuery]
) -> Any:
    institution = _administered_institution(request, institution_id)
    return paginate(invitation_list(user=request.user, institution=institution), page)


@router.post(
    "/institutions/{institution_id}/invitations",
    response=with_errors({201: InvitationOut}),
    operation_id="invitation_create",
    summary="Invite one person by email with a role (institution admins)",
)
def invitation_create(request: AuthedRequest, institution_id: UUID, payload: InvitationIn) -> Any:
    institution = _administered_institution(request, institution_id)
    invitation = services.invitation_create(
        actor=request.user,
        institution=institution,
        email=payload.email,
        name=payload.name,
        role=payload.role,
    )
    return 201, invitation


def _invitation(request: AuthedRequest, invitation_id: UUID) -> Invitation:
    # Coordinators cannot read invitations either, so for them too it is 404.
    return invitation_get_managed(user=request.user, public_id=invitation_id)


@router.post(
    "/invitations/{invitation_id}/resend",
    response=with_errors({200: InvitationOut}),
    operation_id="invitation_resend",
    summary="Send an open or expired invitation again, with a new expiry (institution admins)",
)
def invitation_resend(request: AuthedRequest, invitation_id: UUID) -> Any:
    invitation = _invitation(request, invitation_id)
    return services.invitation_resend(actor=request.user, invitation=invitation)


@router.post(
    "/invitations/{invitation_id}/revoke",
    response=with_errors({200: InvitationOut}),
    operation_id="invitation_revoke",
    summary="Withdraw an open invitation; its link stops working (institution admins)",
)
def invitation_revoke(request: AuthedRequest, invitation_id: UUID) -> Any:
    invitation = _invitation(request, invitation_id)
    return services.invitation_revoke(actor=request.user, invitation=invitation)


@router.post(
    "/institutions/{institution_id}/roster-imports",
    response={**with_errors({201: RosterReportOut}), 400: RosterErrorOut},
    operation_id="roster_import",
    summary="Invite everyone on a CSV roster, or no one if any line is bad (institution admins)",
)
def roster_import(request: AuthedRequest, institution_id: UUID, payload: RosterIn) -> Any:
    institution = _administered_institution(request, institution_id)
    report = services.roster_import(
        actor=request.user, institution=institution, csv_text=payload.csv
    )
    if not report.ok:
        count = len(report.errors)
        return 400, {
            "detail": (
                f"{count} line{'s' if count != 1 else ''} of the roster "
                f"{'have' if count != 1 else 'has'} problems; nobody was invited."
            ),
            "field": "csv",
            "code": "bad_rows",
            "errors": [{"line": line, "message": message} for line, message in report.errors],
        }
    return 201, {
        "invited": report.invited,
        "skipped": [{"line": line, "reason": reason} for line, reason in report.skipped],
    }
