"""Notification pages: the list with unread ones first, opening one, email preference."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from mentorquilt.core.errors import DomainError
from mentorquilt.core.forms import add_domain_error
from mentorquilt.notifications import services
from mentorquilt.notifications.forms import PreferenceForm
from mentorquilt.notifications.selectors import (
    email_mode_of,
    notification_get,
    notification_list,
)


@login_required
def notification_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(notification_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notification_mark_read(user=request.user)
    messages.success(request, "All notifications are marked as read.")
    return redirect("notification_list")


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: str) -> HttpResponse:
    notification = notification_get(user=request.user, public_id=notification_id)
    services.notification_mark_read(user=request.user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("notification_list")


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(
        request.POST or None, initial={"email_mode": email_mode_of(user=request.user)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_preference_set(
                user=request.user, email_mode=form.cleaned_data["email_mode"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your email preference was saved.")
            return redirect("notification_settings")
    return render(request, "notifications/settings.html", {"form": form})
