"""Mentorship pages: requests and their answers, the quilt, mentorships, suspensions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from mentorquilt.core.errors import DomainError
from mentorquilt.core.forms import add_domain_error
from mentorquilt.institutions.access import require_role
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.selectors import (
    institution_get_managed,
    user_manages,
)
from mentorquilt.mentorships import services
from mentorquilt.mentorships.forms import (
    ConcludeForm,
    DeclineForm,
    MessageForm,
    ReinstateForm,
    RequestForm,
    ThreadMessageForm,
)
from mentorquilt.mentorships.models import MentorshipState, RequestStatus
from mentorquilt.mentorships.selectors import (
    contact_details_shared_with,
    mentor_profiles_searchable,
    mentorship_accepts_messages,
    mentorship_get_for_party,
    mentorship_list_for,
    mentorship_messages,
    open_mentorship_count,
    pending_sent_count,
    quilt_for,
    request_get_for_party,
    request_list_received,
    request_list_sent,
    responsiveness_for,
    responsiveness_of,
    suspension_contacts,
    suspension_get_managed,
    suspension_list_managed,
    suspension_open_of,
)
from mentorquilt.onboarding.selectors import readiness
from mentorquilt.profiles.models import NeedArea
from mentorquilt.profiles.selectors import (
    mentee_needs_ordered,
    mentee_profile_of,
    mentor_profile_of,
    terms_active,
    visible_attributes,
)


def _require_role(request: HttpRequest, *roles: str) -> set[str]:
    return require_role(request.user, *roles, message="This page is for mentees and mentors.")


def _window() -> dict[str, Any]:
    return {
        "window_days": settings.MENTORSHIP_REQUEST_WINDOW_DAYS,
        "reminder_days": settings.MENTORSHIP_REMINDER_DAYS_BEFORE,
        "max_pending": settings.MENTORSHIP_MAX_PENDING_REQUESTS,
        "lapses_to_suspend": settings.MENTORSHIP_LAPSES_TO_SUSPEND,
        "lapse_period_days": settings.MENTORSHIP_LAPSE_PERIOD_DAYS,
    }


# --- requests --------------------------------------------------------------------------


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    roles = _require_role(request, Role.MENTEE, Role.MENTOR)
    user = request.user
    context: dict[str, Any] = {"roles": roles, **_window()}
    if Role.MENTOR in roles:
        received = request_list_received(user=user)
        context["received_pending"] = received.filter(status=RequestStatus.PENDING).order_by(
            "due_at"
        )
        context["received_done"] = received.exclude(status=RequestStatus.PENDING)[:20]
        context["figures"] = responsiveness_of(mentor=user)
        context["suspension"] = suspension_open_of(mentor=user)
        if context["suspension"] is not None:
            context["suspension_contacts"] = suspension_contacts(mentor=user)
        profile = mentor_profile_of(user=user)
        context["capacity"] = profile.capacity if profile else None
        context["open_count"] = open_mentorship_count(mentor=user)
    if Role.MENTEE in roles:
        context["sent"] = request_list_sent(user=user)[:50]
        context["pending_count"] = pending_sent_count(mentee=user)
    return render(request, "mentorships/requests.html", context)


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    """The old list of mentors: Find mentors replaced it (ranked, filtered, paged)."""
    _require_role(request, Role.MENTEE)
    return redirect("mentor_find")


# The query keys of Find mentors (matching.forms.SearchForm and its page): matching sits
# above this app, so they are named here; a matching test keeps the two lists equal.
FIND_MENTORS_KEYS = (
    "need",
    "specialty",
    "track",
    "background",
    "meeting_format",
    "reach",
    "accepting_now",
    "page",
)


def _results_url(request: HttpRequest) -> tuple[str, str]:
    """The `back` filters (from Find mentors) and the results URL they lead back to; only
    search filters are kept, so the link cannot lead elsewhere."""
    given = QueryDict(request.GET.get("back", ""))
    kept = QueryDict(mutable=True)
    for key in FIND_MENTORS_KEYS:
        value = given.get(key, "")
        if value and len(value) <= 80:
            kept[key] = value
    back = kept.urlencode()
    return back, reverse("mentor_find") + (f"?{back}" if back else "")


@login_required
def request_create(request: HttpRequest, profile_id: str) -> HttpResponse:
    """The request form for one chosen mentor. A mentee who may not ask yet (R5, R12) gets
    the missing steps, each a link, instead of a form they could not send."""
    _require_role(request, Role.MENTEE)
    profile = (
        mentor_profiles_searchable(viewer=request.user)
        .select_related("user")
        .filter(public_id=profile_id)
        .first()
    )
    if profile is None:
        raise Http404("No such mentor.")
    back, back_url = _results_url(request)
    ready = readiness(user=request.user, role=Role.MENTEE)
    context: dict[str, Any] = {
        "profile": profile,
        "ready": ready,
        "back": back,
        "back_url": back_url,
        **_window(),
    }
    if not ready.ready:
        return render(request, "mentorships/request_form.html", context)
    own = mentee_profile_of(user=request.user)
    mine = [need.pk for need in mentee_needs_ordered(profile=own)] if own else []
    needs = NeedArea.objects.filter(pk__in=mine, is_active=True) if mine else terms_active(NeedArea)
    form = RequestForm(request.POST or None, needs=needs)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.mentorship_request_send(
                mentee=request.user,
                mentor_profile=profile,
                message=form.cleaned_data["message"],
                needs=list(form.cleaned_data["needs"]),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Your request was sent. {profile.user.display_name or 'The mentor'} has "
                f"{settings.MENTORSHIP_REQUEST_WINDOW_DAYS} days to answer; we will tell you "
                "as soon as they do.",
            )
            return redirect("mentorship_request_detail", request_id=sent.public_id)
    context["form"] = form
    return render(request, "mentorships/request_form.html", context)


def _detail_context(request: HttpRequest, found: Any, **forms: Any) -> dict[str, Any]:
    is_mentor = found.mentor_id == request.user.pk
    context: dict[str, Any] = {
        "req": found,
        "is_mentor": is_mentor,
        "thread": found.thread.select_related("author"),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "message_form": forms.get("message_form") or MessageForm(),
        **_window(),
    }
    if is_mentor:
        # The mentor sees the mentee's profile, and only the attributes the mentee chose
        # to show (profiles.visible_attributes is the one rule; R19, R36).
        context["mentee_profile"] = mentee_profile_of(user=found.mentee)
        context["attributes"] = visible_attributes(viewer=request.user, owner=found.mentee)
        if context["mentee_profile"]:
            context["mentee_needs"] = mentee_needs_ordered(profile=context["mentee_profile"])
    return context


@login_required
def request_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    found = request_get_for_party(user=request.user, public_id=request_id)
    return render(request, "mentorships/request_detail.html", _detail_context(request, found))


@login_required
@require_POST
def request_accept(request: HttpRequest, request_id: str) -> HttpResponse:
    found = request_get_for_party(user=request.user, public_id=request_id)
    try:
        mentorship = services.mentorship_request_accept(actor=request.user, request=found)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("mentorship_request_detail", request_id=found.public_id)
    messages.success(request, "You accepted. The mentorship has started; say hello soon!")
    return redirect("mentorship_detail", mentorship_id=mentorship.public_id)


@login_required
@require_POST
def request_decline(request: HttpRequest, request_id: str) -> HttpResponse:
    found = request_get_for_party(user=request.user, public_id=request_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.mentorship_request_decline(
                actor=request.user, request=found, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "You declined. The student was told they can ask others.")
            return redirect("mentorship_requests")
    context = _detail_context(request, found, decline_form=form)
    return render(request, "mentorships/request_detail.html", context, status=400)


@login_required
@require_POST
def request_message(request: HttpRequest, request_id: str) -> HttpResponse:
    found = request_get_for_party(user=request.user, public_id=request_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        service = (
            services.mentorship_request_ask
            if found.mentor_id == request.user.pk
            else services.mentorship_request_reply
        )
        try:
            service(actor=request.user, request=found, body=form.cleaned_data["body"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your message was sent.")
            return redirect("mentorship_request_detail", request_id=found.public_id)
    context = _detail_context(request, found, message_form=form)
    return render(request, "mentorships/request_detail.html", context, status=400)


@login_required
@require_POST
def request_withdraw(request: HttpRequest, request_id: str) -> HttpResponse:
    found = request_get_for_party(user=request.user, public_id=request_id)
    try:
        services.mentorship_request_withdraw(actor=request.user, request=found)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("mentorship_request_detail", request_id=found.public_id)
    messages.success(request, "Your request was withdrawn. You can ask another mentor.")
    return redirect("mentorship_requests")


# --- the quilt and mentorships ------------------------------------------------------------


@login_required
def quilt(request: HttpRequest) -> HttpResponse:
    _require_role(request, Role.MENTEE)
    context = {"quilt": quilt_for(user=request.user), **_window()}
    return render(request, "mentorships/quilt.html", context)


@login_required
def mentorship_list(request: HttpRequest) -> HttpResponse:
    _require_role(request, Role.MENTEE, Role.MENTOR)
    rows = mentorship_list_for(user=request.user)
    context = {
        "as_mentor": rows.filter(mentor_id=request.user.pk),
        "as_mentee": rows.filter(mentee_id=request.user.pk),
    }
    return render(request, "mentorships/list.html", context)


def _mentorship_context(request: HttpRequest, mentorship: Any, form: Any = None) -> dict:
    return {
        **_hub_context(request, mentorship),
        "mentorship": mentorship,
        "is_mentor": mentorship.mentor_id == request.user.pk,
        "other": mentorship.mentee
        if mentorship.mentor_id == request.user.pk
        else mentorship.mentor,
        "early": services.mentorship_is_early(mentorship),
        "form": form or ConcludeForm(),
        "open": mentorship.state != MentorshipState.CONCLUDED,
    }


@login_required
def mentorship_detail(request: HttpRequest, mentorship_id: str) -> HttpResponse:
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    services.mentorship_thread_seen(user=request.user, mentorship=mentorship)
    return render(request, "mentorships/detail.html", _mentorship_context(request, mentorship))


# --- the pair's hub: messages, contact details, links to their work together ----------------

THREAD_SHOWN = 100  # the latest messages on the page; the API pages through all of them


def _other_of(request: HttpRequest, mentorship: Any) -> Any:
    return mentorship.mentee if mentorship.mentor_id == request.user.pk else mentorship.mentor


def _hub_context(request: HttpRequest, mentorship: Any, message_form: Any = None) -> dict:
    rows = mentorship_messages(user=request.user, mentorship=mentorship)
    latest = list(rows.order_by("-created_at", "-id")[: THREAD_SHOWN + 1])
    return {
        "thread": latest[:THREAD_SHOWN][::-1],
        "thread_has_older": len(latest) > THREAD_SHOWN,
        "can_write": mentorship_accepts_messages(mentorship),
        "message_form": message_form or ThreadMessageForm(),
        "shared_with_me": contact_details_shared_with(viewer=request.user, mentorship=mentorship),
    }


@login_required
@require_POST
def mentorship_message_post(request: HttpRequest, mentorship_id: str) -> HttpResponse:
    """Write in the pair's thread: a plain form post, or htmx swapping in the thread only."""
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    form = ThreadMessageForm(request.POST)
    sent = False
    if form.is_valid():
        try:
            services.mentorship_message_post(
                author=request.user, mentorship=mentorship, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            sent = True
    if getattr(request, "htmx", False):
        # htmx swaps only 2xx answers, so a refused message comes back as 200 with its error.
        context = _hub_context(request, mentorship, None if sent else form)
        # The form was swapped out: put the keyboard back in the new one.
        context["message_form"].fields["body"].widget.attrs["autofocus"] = True
        context.update(mentorship=mentorship, sent=sent, other=_other_of(request, mentorship))
        return render(request, "mentorships/_thread.html", context)
    if sent:
        messages.success(request, "Your message was sent.")
        url = reverse("mentorship_detail", kwargs={"mentorship_id": mentorship.public_id})
        return redirect(url + "#messages")
    context = _mentorship_context(request, mentorship)
    context["message_form"] = form
    return render(request, "mentorships/detail.html", context, status=400)


def _change(request: HttpRequest, mentorship_id: str, service: Any, done: str) -> HttpResponse:
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    try:
        service(actor=request.user, mentorship=mentorship)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("mentorship_detail", mentorship_id=mentorship.public_id)


@login_required
@require_POST
def mentorship_pause(request: HttpRequest, mentorship_id: str) -> HttpResponse:
    return _change(request, mentorship_id, services.mentorship_pause, "The mentorship is paused.")


@login_required
@require_POST
def mentorship_resume(request: HttpRequest, mentorship_id: str) -> HttpResponse:
    return _change(
        request, mentorship_id, services.mentorship_resume, "The mentorship is active again."
    )


@login_required
@require_POST
def mentorship_conclude(request: HttpRequest, mentorship_id: str) -> HttpResponse:
    mentorship = mentorship_get_for_party(user=request.user, public_id=mentorship_id)
    form = ConcludeForm(request.POST)
    if form.is_valid():
        try:
            services.mentorship_conclude(
                actor=request.user,
                mentorship=mentorship,
                reason=form.cleaned_data["reason"],
                early_reason=form.cleaned_data["early_reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "The mentorship has ended. It stays in your history.")
            return redirect("mentorship_detail", mentorship_id=mentorship.public_id)
    context = _mentorship_context(request, mentorship, form)
    return render(request, "mentorships/detail.html", context, status=400)


# --- suspensions (R8, B3) -------------------------------------------------------------------


@login_required
def suspension_list(request: HttpRequest, institution_id: str) -> HttpResponse:
    institution = institution_get_managed(user=request.user, public_id=institution_id)
    if not user_manages(user=request.user, institution=institution):
        raise PermissionDenied("Only the institution's admins reinstate mentors.")
    rows = suspension_list_managed(user=request.user, institution=institution)
    figures = responsiveness_for(mentor_ids=[s.mentor_id for s in rows])
    context = {
        "institution": institution,
        "open_rows": [(s, figures[s.mentor_id]) for s in rows if s.ended_at is None],
        "closed_rows": [s for s in rows if s.ended_at is not None][:50],
        "form": ReinstateForm(),
        **_window(),
    }
    return render(request, "mentorships/suspensions.html", context)


@login_required
@require_POST
def suspension_reinstate(request: HttpRequest, suspension_id: str) -> HttpResponse:
    suspension = suspension_get_managed(user=request.user, public_id=suspension_id)
    form = ReinstateForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.mentor_reinstate(actor=request.user, suspension=suspension, note=note)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The mentor was reinstated: students can find them again.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "home")
