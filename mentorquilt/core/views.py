from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from mentorquilt.core.decorators import staff_required
from mentorquilt.core.selectors import audit_event_list


@staff_required
def audit_log(request: HttpRequest) -> HttpResponse:
    action = request.GET.get("action", "")[:64]
    events = audit_event_list(user=request.user, action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page, "action": action})


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the app answers and its database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
