"""JSON API of mentor search, quilt suggestions, supply and demand (R21-R24, B1, B4).

Who may do what (the same rules as the pages):
- search and suggestions: mentees (for themselves);
- an institution's supply and demand: its admins and coordinators, and staff; others 404;
- the network's supply and demand: staff.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Query, Router

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.errors import DomainError
from mentorquilt.core.schemas import with_errors
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.selectors import institution_get_managed, user_roles
from mentorquilt.matching.schemas import GapOut, SearchOut, SearchQuery, SupplyDemandOut
from mentorquilt.matching.selectors import (
    MentorCard,
    SearchFilters,
    SupplyDemand,
    mentor_search,
    quilt_suggestions,
    searcher_institution,
    supply_demand,
)
from mentorquilt.matching.services import search_miss_record
from mentorquilt.profiles.models import (
    AffinityCategory,
    MeetingFormat,
    NeedArea,
    Specialty,
    Track,
)

router = Router(tags=["matching"])


def _mentee(request: AuthedRequest) -> None:
    if Role.MENTEE not in user_roles(user=request.user):
        raise PermissionDenied("Search and suggestions are for mentees.")


def _pk(model: Any, slug: str | None, field: str) -> int | None:
    if not slug:
        return None
    pk = model.objects.filter(slug=slug, is_active=True).values_list("pk", flat=True).first()
    if pk is None:
        raise DomainError("No such term.", field=field)
    return int(pk)


def _card(card: MentorCard) -> dict[str, Any]:
    return {
        "mentor_id": card.profile.public_id,
        "name": card.profile.user.name or "Mentor",
        "role_title": card.profile.role_title,
        "rank_score": round(card.score, 4),
        "reasons": card.reasons.sentences,
        "shared": list(card.reasons.shared),
        "helps_with": list(card.reasons.needs),
        "free_places": card.free,
        "waiting_requests": card.pending,
        "your_school": card.local,
    }


@router.get(
    "/matching/search",
    response=with_errors({200: SearchOut}),
    operation_id="mentor_search",
    summary="Mentors ranked for the caller, each with why it fits (R21, B4)",
)
def mentor_search_api(request: AuthedRequest, query: Query[SearchQuery]) -> Any:
    _mentee(request)
    filters = SearchFilters(
        need=_pk(NeedArea, query.need, "need"),
        specialty=_pk(Specialty, query.specialty, "specialty"),
        track=_pk(Track, query.track, "track"),
        category=_pk(AffinityCategory, query.background, "background"),
        meeting_format=_pk(MeetingFormat, query.format, "format"),
        reach=query.reach,
        accepting_now=query.accepting_now,
    )
    result = mentor_search(user=request.user, filters=filters, limit=query.limit)
    if not result.cards and result.has_profile:
        search_miss_record(institution_id=searcher_institution(user=request.user), filters=filters)
    return {"mentors": [_card(c) for c in result.cards]}


@router.get(
    "/matching/suggestions",
    response=with_errors({200: list[GapOut]}),
    operation_id="quilt_suggestions",
    summary="For each need of the caller's quilt no mentor covers, suggested mentors (B1)",
)
def quilt_suggestions_api(request: AuthedRequest) -> Any:
    _mentee(request)
    return [
        {
            "need": {"slug": gap.need.slug, "name": gap.need.name},
            "mentors": [_card(c) for c in gap.cards],
        }
        for gap in quilt_suggestions(user=request.user)
    ]


def _report(report: SupplyDemand) -> dict[str, Any]:
    def row(r: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"slug": r.key, "name": r.label}
        if r.asking is not None:
            out["asking"] = r.asking
        if r.offering is not None:
            out["offering"] = r.offering
        return out

    return {
        "mentees": report.mentees,
        "needs": [row(r) for r in report.needs],
        "affinities": [row(r) for r in report.affinities],
        "misses": [{"filters": label, "searches": n} for label, n in report.misses],
    }


@router.get(
    "/institutions/{institution_id}/supply-demand",
    response=with_errors({200: SupplyDemandOut}),
    operation_id="supply_demand_institution",
    summary="What an institution's students ask for against the mentors who offer it (R23)",
    exclude_unset=True,
)
def supply_demand_institution_api(request: AuthedRequest, institution_id: UUID) -> Any:
    institution = institution_get_managed(user=request.user, public_id=institution_id)
    return _report(supply_demand(institution=institution))


@router.get(
    "/supply-demand",
    response=with_errors({200: SupplyDemandOut}),
    operation_id="supply_demand_network",
    summary="Supply and demand across the whole network (staff)",
    exclude_unset=True,
)
def supply_demand_network_api(request: AuthedRequest) -> Any:
    if not request.user.is_staff:
        raise PermissionDenied("For platform staff.")
    return _report(supply_demand(institution=None))
