"""Pages: find mentors (R21, B4), quilt suggestions (B1), supply and demand (R23, R24)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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

PAGE = 20


def _require_mentee(request: HttpRequest) -> None:
    if Role.MENTEE not in user_roles(user=request.user):
        raise PermissionDenied("This page is for mentees.")


@login_required
def mentor_find(request: HttpRequest) -> HttpResponse:
    _require_mentee(request)
    form = SearchForm(request.GET or None)
    filters = form.filters()
    result = mentor_search(user=request.user, filters=filters, limit=PAGE)
    if not result.cards and result.has_profile:
        search_miss_record(institution_id=searcher_institution(user=request.user), filters=filters)
    context = {"form": form, "result": result, "filtered": filters.any}
    return render(request, "matching/find.html", context)


@login_required
def quilt_suggestion_list(request: HttpRequest) -> HttpResponse:
    """Suggested mentors for each uncovered need of the quilt; a page and an htmx partial."""
    _require_mentee(request)
    context = {"gaps": quilt_suggestions(user=request.user)}
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
