"""JSON API of requests, mentorships, the quilt, responsiveness and suspensions.

Who may do what (the same rules as the pages):
- a request: its mentee and its mentor read it; the mentee sends, replies and
  withdraws; the mentor accepts, declines and asks; anyone else gets 404;
- a mentorship: its two people read it, pause, resume and conclude it;
- a mentorship's message thread: its two people only (staff too get 404); new
  messages while it is active, 400 once it is paused or concluded;
- the quilt: mentees (their own);
- a mentor's responsiveness: whoever may open the mentor's profile;
- suspensions: the admins of the mentor's institution and staff.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.api import paginate
from mentorquilt.core.errors import DomainError
from mentorquilt.core.schemas import PageQuery, with_errors
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.selectors import (
    institution_get_managed,
    institution_get_visible,
    user_manages,
    user_roles,
)
from mentorquilt.mentorships import services
from mentorquilt.mentorships.schemas import (
    ConcludeIn,
    DeclineIn,
    MentorshipMessageOut,
    MentorshipMessagePage,
    MentorshipOut,
    MentorshipPage,
    MessageIn,
    QuiltOut,
    ReinstateIn,
    RequestDetailOut,
    RequestIn,
    RequestPage,
    RequestQuery,
    ResponsivenessOut,
    SuspensionOut,
    SuspensionPage,
    ThreadPostIn,
)
from mentorquilt.mentorships.selectors import (
    mentor_profiles_searchable,
    mentorship_get_for_party,
    mentorship_list_for,
    mentorship_messages,
    quilt_for,
    request_get_for_party,
    request_list_received,
    request_list_sent,
    responsiveness_of,
    suspension_get_managed,
    suspension_list_managed,
    suspension_open_of,
)
from mentorquilt.profiles.models import NeedArea
from mentorquilt.profiles.selectors import mentor_profile_get_visible, visible_attributes

router = Router(tags=["mentorships"])


def _person(user: Any) -> dict[str, Any]:
    return {"public_id": user.public_id, "name": user.name}


def _detail(request: AuthedRequest, found: Any) -> dict[str, Any]:
    """A request with its thread; for its mentor, the background the mentee chose to show."""
    out: dict[str, Any] = {
        "public_id": found.public_id,
        "status": found.status,
        "mentee": _person(found.mentee),
        "mentor": _person(found.mentor),
        "message": found.message,
        "needs": [{"slug": n.slug, "name": n.name} for n in found.needs.all()],
        "created_at": found.created_at,
        "due_at": found.due_at,
        "answered_at": found.answered_at,
        "lapsed_at": found.lapsed_at,
        "decline_reason": found.decline_reason,
        "thread": [
            {"author_id": m.author.public_id, "body": m.body, "created_at": m.created_at}
            for m in found.thread.select_related("author")
        ],
    }
    if found.mentor_id == request.user.pk:
        out["mentee_background"] = [
            {"dimension": a.category.dimension.name, "category": a.category.name}
            for a in visible_attributes(viewer=request.user, owner=found.mentee)
        ]
    return out


@router.get(
    "/mentorship-requests",
    response=with_errors({200: RequestPage}),
    operation_id="mentorship_request_list",
    summary="Requests the caller sent (box=sent) or received as a mentor (box=received)",
)
def request_list(request: AuthedRequest, query: Query[RequestQuery]) -> Any:
    rows = (
        request_list_received(user=request.user)
        if query.box == "received"
        else request_list_sent(user=request.user)
    )
    if query.status:
        rows = rows.filter(status=query.status)
    return paginate(rows, query)


@router.post(
    "/mentorship-requests",
    response=with_errors({201: RequestDetailOut}),
    operation_id="mentorship_request_send",
    exclude_unset=True,  # mentee_background is absent, not null, for the mentee
    summary="A ready mentee asks a mentor (R8): a short message and the areas of need",
    description="Refused (400) when either person is not ready, the mentor has no free "
    "place, or the caller already has the maximum of requests waiting.",
)
def request_send(request: AuthedRequest, payload: RequestIn) -> Any:
    if Role.MENTEE not in user_roles(user=request.user):
        raise PermissionDenied("Only mentees ask for a mentor.")
    profile = (
        mentor_profiles_searchable(viewer=request.user)
        .filter(public_id=payload.mentor_id)
        .select_related("user")
        .first()
    )
    if profile is None:
        raise Http404
    needs = list(NeedArea.objects.filter(slug__in=payload.needs))
    if len(needs) != len(set(payload.needs)):
        raise DomainError("One of the areas of need does not exist.", field="needs")
    sent = services.mentorship_request_send(
        mentee=request.user, mentor_profile=profile, message=payload.message, needs=needs
    )
    return 201, _detail(request, sent)


@router.get(
    "/mentorship-requests/{request_id}",
    response=with_errors({200: RequestDetailOut}),
    operation_id="mentorship_request_get",
    exclude_unset=True,  # mentee_background is absent, not null, for the mentee
    summary="One request with its thread (its mentee and mentor only)",
)
def request_get(request: AuthedRequest, request_id: UUID) -> Any:
    return _detail(request, request_get_for_party(user=request.user, public_id=request_id))


@router.post(
    "/mentorship-requests/{request_id}/accept",
    response=with_errors({200: MentorshipOut}),
    operation_id="mentorship_request_accept",
    summary="The mentor accepts: the mentorship starts (refused when the mentor is full, R6)",
)
def request_accept(request: AuthedRequest, request_id: UUID) -> Any:
    found = request_get_for_party(user=request.user, public_id=request_id)
    return services.mentorship_request_accept(actor=request.user, request=found)


@router.post(
    "/mentorship-requests/{request_id}/decline",
    response=with_errors({200: RequestDetailOut}),
    operation_id="mentorship_request_decline",
    exclude_unset=True,  # mentee_background is absent, not null, for the mentee
    summary="The mentor declines, with an optional reason the mentee sees",
)
def request_decline(request: AuthedRequest, request_id: UUID, payload: DeclineIn) -> Any:
    found = request_get_for_party(user=request.user, public_id=request_id)
    services.mentorship_request_decline(actor=request.user, request=found, reason=payload.reason)
    return _detail(request, request_get_for_party(user=request.user, public_id=request_id))


@router.post(
    "/mentorship-requests/{request_id}/messages",
    response=with_errors({200: RequestDetailOut}),
    operation_id="mentorship_request_message",
    exclude_unset=True,  # mentee_background is absent, not null, for the mentee
    summary="The mentor asks a question, or the mentee replies to one",
)
def request_message(request: AuthedRequest, request_id: UUID, payload: MessageIn) -> Any:
    found = request_get_for_party(user=request.user, public_id=request_id)
    if found.mentor_id == request.user.pk:
        services.mentorship_request_ask(actor=request.user, request=found, body=payload.body)
    else:
        services.mentorship_request_reply(actor=request.user, request=found, body=payload.body)
    return _detail(request, found)


@router.post(
    "/mentorship-requests/{request_id}/withdraw",
    response=with_errors({200: RequestDetailOut}),
    operation_id="mentorship_request_withdraw",
    exclude_unset=True,  # mentee_background is absent, not null, for the mentee
    summary="The mentee withdraws a waiting request",
)
def request_withdraw(request: AuthedRequest, request_id: UUID) -> Any:
    found = request_get_for_party(user=request.user, public_id=request_id)
    services.mentorship_request_withdraw(actor=request.user, request=found)
    return _detail(request, request_get_for_party(user=request.user, public_id=request_id))


@router.get(
    "/mentorships",
    response=with_errors({200: MentorshipPage}),
    operation_id="mentorship_list",
    summary="The caller's mentorships, as mentee and as mentor",
)
def mentorship_list(request: AuthedRequest, page: Query[PageQuery]) -> Any:
    return paginate(mentorship_list_for(user=request.user), page)


@router.get(
    "/mentorships/{mentorship_id}",
    response=with_errors({200: MentorshipOut}),
    operation_id="mentorship_get",
    summary="One mentorship (its two people only)",
)
def mentorship_get(request: AuthedRequest, mentorship_id: UUID) -> Any:
    return mentorship_get_for_party(user=request.user, public_id=mentorship_id)


def _thread_message(request: AuthedRequest, message: Any) -> dict[str, Any]:
    return {
        "public_id": message.public_id,
        "author": _person(message.author),
        "mine": message.author_id == request.user.pk,
        "body": message.body,
        "created_at": message.created_at,
    }


@router.get(
    "/mentorships/{mentorship_id}/messages",
    response=with_errors({200: MentorshipMessagePage}),
    operation_id="mentorship_message_list",
    summary="The pair's private messages, oldest first (its two people only; 404 for anyone "
    "else, staff included)",
)
def mentorship_message_list(
    request: AuthedRequest, mentorship_id: UUID, page: Query[PageQuery]
) -> Any:
    found = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    result = paginate(mentorship_messages(user=request.user, mentorship=found), page)
    result["items"] = [_thread_message(request, m) for m in result["items"]]
    services.mentorship_thread_seen(user=request.user, mentorship=found)
    return result


@router.post(
    "/mentorships/{mentorship_id}/messages",
    response=with_errors({201: MentorshipMessageOut}),
    operation_id="mentorship_message_post",
    summary="Write to the other person of the mentorship; they are notified without the text",
    description="404 for anyone but the pair. Refused (400) while the mentorship is paused "
    "or after it ended: the thread stays readable. 422 for an empty or over-long body.",
)
def mentorship_message_post(
    request: AuthedRequest, mentorship_id: UUID, payload: ThreadPostIn
) -> Any:
    found = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    message = services.mentorship_message_post(
        author=request.user, mentorship=found, body=payload.body
    )
    return 201, _thread_message(request, message)


@router.post(
    "/mentorships/{mentorship_id}/pause",
    response=with_errors({200: MentorshipOut}),
    operation_id="mentorship_pause",
    summary="Pause an active mentorship (it keeps its place)",
)
def mentorship_pause(request: AuthedRequest, mentorship_id: UUID) -> Any:
    found = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    return services.mentorship_pause(actor=request.user, mentorship=found)


@router.post(
    "/mentorships/{mentorship_id}/resume",
    response=with_errors({200: MentorshipOut}),
    operation_id="mentorship_resume",
    summary="Resume a paused mentorship",
)
def mentorship_resume(request: AuthedRequest, mentorship_id: UUID) -> Any:
    found = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    return services.mentorship_resume(actor=request.user, mentorship=found)


@router.post(
    "/mentorships/{mentorship_id}/conclude",
    response=with_errors({200: MentorshipOut}),
    operation_id="mentorship_conclude",
    summary="End a mentorship with a reason (and, before the minimum length, why early)",
)
def mentorship_conclude(request: AuthedRequest, mentorship_id: UUID, payload: ConcludeIn) -> Any:
    found = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    return services.mentorship_conclude(
        actor=request.user,
        mentorship=found,
        reason=payload.reason,
        early_reason=payload.early_reason,
    )


@router.get(
    "/quilt",
    response=with_errors({200: QuiltOut}),
    operation_id="quilt_get",
    summary="The caller's quilt (R13, B1): each mentor, the needs they cover, the gaps",
)
def quilt_get(request: AuthedRequest) -> Any:
    if Role.MENTEE not in user_roles(user=request.user):
        raise PermissionDenied("The quilt is for mentees.")
    return quilt_for(user=request.user)


@router.get(
    "/mentors/{profile_id}/responsiveness",
    response=with_errors({200: ResponsivenessOut}),
    operation_id="mentor_responsiveness_get",
    summary="How a mentor answers requests (R8, R20, B3), for whoever may see the mentor",
)
def mentor_responsiveness_get(request: AuthedRequest, profile_id: UUID) -> Any:
    profile = mentor_profile_get_visible(viewer=request.user, public_id=profile_id)
    figures = responsiveness_of(mentor=profile.user)
    return {
        "answered_in_time": figures.answered_in_time,
        "answered_late": figures.answered_late,
        "lapsed": figures.lapsed,
        "pending": figures.pending,
        "median_response_days": figures.median_response_days,
        "suspended": suspension_open_of(mentor=profile.user) is not None,
    }


@router.get(
    "/institutions/{institution_id}/suspensions",
    response=with_errors({200: SuspensionPage}),
    operation_id="mentor_suspension_list",
    summary="The institution's mentors hidden from search after lapses (admins and staff)",
)
def suspension_list(request: AuthedRequest, institution_id: UUID, page: Query[PageQuery]) -> Any:
    try:
        institution = institution_get_managed(user=request.user, public_id=institution_id)
    except Http404:
        institution_get_visible(user=request.user, public_id=institution_id)
        raise PermissionDenied("Only the institution's admins can see this.") from None
    if not user_manages(user=request.user, institution=institution):
        raise PermissionDenied("Only the institution's admins can see this.")
    return paginate(suspension_list_managed(user=request.user, institution=institution), page)


@router.post(
    "/suspensions/{suspension_id}/reinstate",
    response=with_errors({200: SuspensionOut}),
    operation_id="mentor_reinstate",
    summary="Reinstate a mentor in search (the mentor's institution admins and staff; audited)",
)
def suspension_reinstate(request: AuthedRequest, suspension_id: UUID, payload: ReinstateIn) -> Any:
    suspension = suspension_get_managed(user=request.user, public_id=suspension_id)
    return services.mentor_reinstate(actor=request.user, suspension=suspension, note=payload.note)
