from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from mentorquilt.core.decorators import staff_required
from mentorquilt.core.forms import AuditFilterForm
from mentorquilt.core.models import AuditEvent
from mentorquilt.core.selectors import audit_event_list

# The page staff can open for an audited object, by its model: (URL name, URL argument).
TARGET_PAGES = {
    "institutions.institution": ("institution_detail", "institution_id"),
    "engagement.concern": ("concern_detail", "concern_id"),
    "pairing.matchround": ("pairing_round_detail", "round_id"),
}


def target_page(event: AuditEvent) -> str:
    """The staff page of an event's target, or "" where there is none."""
    page = TARGET_PAGES.get(event.target_type)
    if page is None or not event.target_id:
        return ""
    try:
        return reverse(page[0], kwargs={page[1]: event.target_id})
    except NoReverseMatch:
        return ""


@staff_required
def audit_log(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    query.pop("page", None)
    form = AuditFilterForm(query or None)
    if form.is_bound and not form.is_valid():
        events = audit_event_list(user=request.user).none()
    else:
        events = audit_event_list(user=request.user, filters=form.filters() if query else None)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.page_url = target_page(event)  # type: ignore[attr-defined]
    return render(
        request,
        "core/audit_log.html",
        {"page": page, "form": form, "filtered": bool(query), "query": query.urlencode()},
    )


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the app answers and its database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
