"""Pages: find mentors (R21, B4), a mentor's profile page, quilt suggestions (B1), supply and
demand (R23, R24).

A mentee who may not ask yet (R5, R12: agreements, training, profile) sees what is missing,
with a link to each step, on Find mentors and on a mentor's page, and is offered no "Ask"
there until every step is done; the request form says the same (mentorships.views).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

from mentorquilt.institutions.access import require_role
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.selectors import institution_get_managed, user_roles
from mentorquilt.matching.forms import SearchForm
from mentorquilt.matching.selectors import (
    mentor_search,
    quilt_suggestions,
    searcher_institution,
    supply_demand,
)
from mentorquilt.matching.services import search_miss_record
from mentorquilt.mentorships.models import RequestStatus
from mentorquilt.mentorships.selectors import (
    mentor_has_free_place,
    mentor_profiles_searchable,
    request_list_sent,
)
from mentorquilt.onboarding.selectors import readiness
from mentorquilt.profiles.selectors import (
    mentor_memberships_of,
    mentor_profile_get_visible,
    visible_attributes,
)

PAGE = 20
MAX_PAGE = 50  # 1,000 mentors deep: nobody reads further, and it bounds the work per page
RESULT_KEYS = (*SearchForm.base_fields, "page")


def _require_mentee(request: HttpRequest) -> None:
    require_role(request.user, Role.MENTEE, message="This page is for mentees.")


def results_query(params: QueryDict) -> str:
    """The search filters and page of a results URL, re-encoded; anything else is dropped,
    so a "back to your results" link can only lead to Find mentors."""
    kept = QueryDict(mutable=True)
    for key in RESULT_KEYS:
        value = params.get(key, "")
        if value and len(value) <= 80:
            kept[key] = value
    return kept.urlencode()


def _page_number(params: QueryDict) -> int:
    try:
        page = int(params.get("page", "1"))
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


def _page_url(params: QueryDict, page: int) -> str:
    query = QueryDict(results_query(params), mutable=True)
    query.pop("page", None)
    if page > 1:
        query["page"] = str(page)
    encoded = query.urlencode()
    return reverse("mentor_find") + (f"?{encoded}" if encoded else "")


@login_required
def mentor_find(request: HttpRequest) -> HttpResponse:
    _require_mentee(request)
    form = SearchForm(request.GET or None)
    filters = form.filters()
    page = _page_number(request.GET)
    result = mentor_search(user=request.user, filters=filters, limit=PAGE, offset=(page - 1) * PAGE)
    if not result.cards and result.total > 0:
        # A page past the end (an old link): show the last page instead of "nobody".
        page = min((result.total - 1) // PAGE + 1, MAX_PAGE)
        result = mentor_search(
            user=request.user, filters=filters, limit=PAGE, offset=(page - 1) * PAGE
        )
    if result.total == 0 and result.has_profile:
        search_miss_record(institution_id=searcher_institution(user=request.user), filters=filters)
    context = {
        "form": form,
        "result": result,
        "filtered": filters.any,
        "ready": readiness(user=request.user, role=Role.MENTEE),
        "back": results_query(request.GET),
        "page": page,
        "first_shown": result.offset + 1,
        "last_shown": result.offset + len(result.cards),
        "prev_url": _page_url(request.GET, page - 1) if page > 1 else "",
        "next_url": _page_url(request.GET, page + 1) if result.has_more and page < MAX_PAGE else "",
    }
    return render(request, "matching/find.html", context)


def _reveal(request: HttpRequest) -> bool:
    return request.user.is_staff and request.GET.get("reveal") == "1"


@login_required
def mentor_profile_detail(request: HttpRequest, profile_id: str) -> HttpResponse:
    """A mentor's profile page, for everyone who may see it (profiles' visibility rule).

    A mentee also gets "Ask" (only once they may ask, and only when this mentor can be
    asked now) and a link back to the results they came from (`back`: their filters).
    """
    profile = mentor_profile_get_visible(viewer=request.user, public_id=profile_id)
    reveal = _reveal(request)
    is_owner = profile.user_id == request.user.pk
    context: dict[str, Any] = {
        "profile": profile,
        "attributes": visible_attributes(viewer=request.user, owner=profile.user, reveal=reveal),
        "revealed": reveal,
        "is_owner": is_owner,
        "memberships": mentor_memberships_of(user=profile.user),
        "as_mentee": not is_owner and Role.MENTEE in user_roles(user=request.user),
    }
    if context["as_mentee"]:
        back = results_query(QueryDict(request.GET.get("back", "")))
        searchable = mentor_profiles_searchable(viewer=request.user).filter(pk=profile.pk).exists()
        context.update(
            ready=readiness(user=request.user, role=Role.MENTEE),
            back=back,
            back_url=reverse("mentor_find") + (f"?{back}" if back else ""),
            askable=searchable and mentor_has_free_place(profile=profile),
            pending=request_list_sent(user=request.user)
            .filter(mentor=profile.user, status=RequestStatus.PENDING)
            .first(),
        )
    return render(request, "profiles/mentor_detail.html", context)


@login_required
def quilt_suggestion_list(request: HttpRequest) -> HttpResponse:
    """Suggested mentors for each uncovered need of the quilt; a page and an htmx partial."""
    _require_mentee(request)
    context = {
        "gaps": quilt_suggestions(user=request.user),
        "ready": readiness(user=request.user, role=Role.MENTEE),
    }
    template = (
        "matching/_suggestions.html"
        if request.headers.get("HX-Request")
        else "matching/suggestions.html"
    )
    return render(request, template, context)


@login_required
def supply_demand_institution(request: HttpRequest, institution_id: Any) -> HttpResponse:
    institution = institution_get_managed(user=request.user, public_id=institution_id)
    context = {"report": supply_demand(institution=institution)}
    return render(request, "matching/supply_demand.html", context)


@login_required
def supply_demand_network(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied("This page is for platform staff.")
    context = {"report": supply_demand(institution=None)}
    return render(request, "matching/supply_demand.html", context)
