"""Reads of the matching app: mentor search with reasons, quilt suggestions, supply and demand.

Search (R19-R21, R23, B4):
- Ranked by the engine (`quiltmatch`) over this process's pool (`matching.pool`); every hard
  filter holds: readiness (R5), scope (R3), suspension (R8), a free place (R6).
- Filters use only what a mentor consented to show: a background filter finds a mentor only
  through an attribute the mentor consented both to show and to use for matching, so no
  filter, count or order reveals an attribute the mentor keeps private.
- Load-aware (R23, B2): the engine already ranks mentors with fewer free places lower; on top
  of it a mentor's waiting requests cost up to `PENDING_PENALTY` points, and a deterministic
  per-mentee offset of up to `SPREAD` points spreads exposure among comparably good mentors,
  so not every student sees the same mentor first.
- The mentors shown are re-checked against the database (findable, not suspended, free place,
  shown attributes): a stale pool never shows someone who must not be shown.

Supply and demand: counts only; demographic rows (affinities) suppress counts under
`SMALL_CELL` (SECURITY.md) and show no totals they could be derived from.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np
from django.db.models import Count
from django.utils import timezone

from mentorquilt.institutions.models import Institution, Membership, MembershipStatus, Role
from mentorquilt.matching.adapter import MentorFacts, Reasons, mentee_for_engine, reasons
from mentorquilt.matching.models import SearchMiss
from mentorquilt.matching.pool import PoolState, current_pool
from mentorquilt.mentorships.models import (
    Mentorship,
    MentorshipRequest,
    MentorshipState,
    RequestStatus,
)
from mentorquilt.mentorships.selectors import mentor_profiles_searchable
from mentorquilt.profiles.models import (
    AffinityCategory,
    AffinityDimension,
    AffinityPreference,
    MeetingFormat,
    MenteeNeed,
    MentorProfile,
    NeedArea,
    PersonAttribute,
    Specialty,
    Track,
)
from mentorquilt.profiles.selectors import mentee_needs_ordered, mentee_profile_of
from quiltmatch.types import Mentee

PENDING_PENALTY = 0.04  # points for waiting requests filling all of a mentor's places
SPREAD = 0.02  # the largest per-mentee offset, in score points
WIDE = 60  # candidates re-ranked after the engine's top-k
SMALL_CELL = 11  # SECURITY.md: institution-facing demographic cells under 11 are suppressed
REACH_CHOICES = (("", "Local and national"), ("local", "My school only"), ("national", "National"))


@dataclass(frozen=True)
class SearchFilters:
    """Taxonomy primary keys (None: no filter). `reach`: "", "local" or "national"."""

    need: int | None = None
    specialty: int | None = None
    track: int | None = None
    category: int | None = None
    meeting_format: int | None = None
    reach: str = ""
    accepting_now: bool = False

    @property
    def any(self) -> bool:
        return any(
            (
                self.need,
                self.specialty,
                self.track,
                self.category,
                self.meeting_format,
                self.reach,
                self.accepting_now,
            )
        )


@dataclass(frozen=True)
class MentorCard:
    """One ranked mentor with the reasons a mentee may read."""

    profile: MentorProfile
    score: float
    reasons: Reasons
    free: int
    pending: int
    local: bool


@dataclass
class SearchResult:
    """One page of cards. `total`: mentors found for these filters across all pages (from
    the pool; the cards shown are re-checked, so it may be off by a mentor who changed in
    the last seconds)."""

    cards: list[MentorCard] = field(default_factory=list)
    has_profile: bool = True
    total: int = 0
    offset: int = 0

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.cards) < self.total


def _institution_of(user: Any) -> int | None:
    return (
        Membership.objects.filter(user=user, role=Role.MENTEE, status=MembershipStatus.ACTIVE)
        .order_by("institution_id")
        .values_list("institution_id", flat=True)
        .first()
    )


def searcher_institution(*, user: Any) -> int | None:
    """The institution a search is counted under (the searcher's first mentee role)."""
    return _institution_of(user)


def spread_offset(mentee_id: Any, mentor_id: Any) -> float:
    """A stable per-(mentee, mentor) offset in [0, SPREAD): the same mentee sees the same
    order every time; different mentees see comparably good mentors in different orders."""
    digest = hashlib.blake2b(f"{mentee_id}:{mentor_id}".encode(), digest_size=8).digest()
    return SPREAD * int.from_bytes(digest, "big") / 2**64


def _allowed_rows(state: PoolState, filters: SearchFilters) -> set[int] | None:
    sets: list[set[int]] = []
    if filters.specialty:
        sets.append(state.rows_specialty.get(filters.specialty, set()))
    if filters.track:
        sets.append(state.rows_track.get(filters.track, set()))
    if filters.meeting_format:
        sets.append(state.rows_format.get(filters.meeting_format, set()))
    if filters.category:
        dim = (
            AffinityCategory.objects.filter(pk=filters.category)
            .values_list("dimension_id", flat=True)
            .first()
        )
        sets.append(state.rows_shown.get((dim or 0, filters.category), set()))
    if filters.reach == "national":
        sets.append(state.rows_national)
    if not sets:
        return None
    sets.sort(key=len)
    out = set(sets[0])
    for other in sets[1:]:
        out &= other
    return out


def _ranked_rows(
    state: PoolState,
    mentee: Mentee,
    filters: SearchFilters,
    exclude: set[int],
    wide: int = WIDE,
) -> tuple[list[tuple[int, float]], int]:
    """The best `wide` pool rows and engine scores, re-ranked for load and spread, best
    first, and how many rows pass the filters in all."""
    pool = state.pool
    a = pool.encode(mentee)
    scores, ok = pool.filtered_scores(
        mentee,
        a,
        exclude=exclude,
        need=filters.need,
        local_only=filters.reach == "local",
    )
    allowed = _allowed_rows(state, filters)
    if allowed is not None:
        mask = np.zeros(len(ok), dtype=np.bool_)
        if allowed:
            idx = np.fromiter(allowed, dtype=np.int64, count=len(allowed))
            mask[idx[idx < len(ok)]] = True
        ok &= mask
    live = np.flatnonzero(ok)
    if len(live) == 0:
        return [], 0
    total = _count_accepting(state, live) if filters.accepting_now else len(live)
    s = scores[live]
    if len(live) > wide:
        top = np.argpartition(-s, wide - 1)[:wide]
        live, s = live[top], s[top]
    exact = pool.exact_scores(a, live)
    ranked = []
    for row, score in zip(live.tolist(), exact.tolist(), strict=True):
        mentor = pool.mentor_at(row)
        facts = state.facts[int(mentor.id)]
        free = mentor.free
        if filters.accepting_now and facts.pending >= free:
            continue
        load_cost = PENDING_PENALTY * min(facts.pending, free) / max(mentor.capacity, 1)
        ranked.append((row, score - load_cost + spread_offset(mentee.id, mentor.id)))
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked, total


def _count_accepting(state: PoolState, rows: Any) -> int:
    """Rows whose free places are not all spoken for by waiting requests ("accepting now")."""
    count = 0
    for row in rows.tolist():
        mentor = state.pool.mentor_at(row)
        if state.facts[int(mentor.id)].pending < mentor.free:
            count += 1
    return count


def _bare_mentee(user: Any) -> Mentee:
    return Mentee(id=user.pk, institution=_institution_of(user), excluded=frozenset({user.pk}))


def mentor_search(
    *,
    user: Any,
    filters: SearchFilters | None = None,
    limit: int = 20,
    offset: int = 0,
    exclude_requested: bool = True,
) -> SearchResult:
    """Mentors ranked for this mentee, each with reasons they may read (R21, B4); the
    `limit` cards after the first `offset` (paging).

    Queries are bounded whatever the pool size or page: the mentee (about 9), the pool
    check (8 when due) and 4 re-check queries for the mentors shown.
    """
    filters = filters or SearchFilters()
    if not user.is_authenticated:
        return SearchResult(has_profile=False)
    mentee = mentee_for_engine(user)
    has_profile = mentee is not None
    if mentee is None:
        mentee = _bare_mentee(user)
    state = current_pool()
    exclude: set[int] = set()
    if exclude_requested:
        exclude = set(
            MentorshipRequest.objects.filter(mentee=user, status=RequestStatus.PENDING).values_list(
                "mentor_id", flat=True
            )
        )
    margin = max(limit * 2, limit + 10)
    ranked, total = _ranked_rows(state, mentee, filters, exclude, max(WIDE, offset + margin))
    if len(ranked) <= offset:
        return SearchResult(has_profile=has_profile, total=total, offset=offset)
    # Re-check against the database the mentors we may show (never more than `margin`).
    window = ranked[offset : offset + margin]
    ids = [int(state.pool.mentor_at(row).id) for row, _ in window]
    profiles = {
        p.user_id: p
        for p in mentor_profiles_searchable(viewer=user)
        .filter(user_id__in=ids)
        .select_related("user", "training_stage")
    }
    load = dict(
        Mentorship.objects.filter(mentor_id__in=ids)
        .exclude(state=MentorshipState.CONCLUDED)
        .values("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    )
    pending = dict(
        MentorshipRequest.objects.filter(mentor_id__in=ids, status=RequestStatus.PENDING)
        .values("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    )
    shown: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for uid, cat, dim in PersonAttribute.objects.filter(
        user_id__in=ids, show_on_profile=True, use_for_matching=True
    ).values_list("user_id", "category_id", "category__dimension_id"):
        shown[uid].add((dim, cat))
    a = state.pool.encode(mentee)
    cards: list[MentorCard] = []
    for row, score in window:
        uid = int(state.pool.mentor_at(row).id)
        profile = profiles.get(uid)
        if profile is None:
            continue
        free = min(profile.capacity, 3) - load.get(uid, 0)
        waiting = pending.get(uid, 0)
        if free <= 0 or (filters.accepting_now and waiting >= free):
            continue
        if filters.category and not any(c == filters.category for _, c in shown[uid]):
            continue
        facts = state.facts[uid]
        live_facts = MentorFacts(
            user_id=uid,
            profile_id=facts.profile_id,
            profile_public_id=facts.profile_public_id,
            shown=frozenset(shown[uid]),
            pending=waiting,
            institutions=facts.institutions,
        )
        explanation = state.pool.explain_row(mentee, row, a, state.labels)
        told = reasons(
            explanation, facts=live_facts, labels=state.labels, wish_only=state.wish_only
        )
        cards.append(
            MentorCard(
                profile=profile,
                score=score,
                reasons=told,
                free=free,
                pending=waiting,
                local=mentee.institution is not None and mentee.institution in facts.institutions,
            )
        )
        if len(cards) >= limit:
            break
    return SearchResult(cards=cards, has_profile=has_profile, total=total, offset=offset)


# --- quilt suggestions (B1) -------------------------------------------------------------


@dataclass
class GapSuggestions:
    need: NeedArea
    cards: list[MentorCard]


def quilt_suggestions(*, user: Any, per_need: int = 3, max_needs: int = 5) -> list[GapSuggestions]:
    """For each need no current mentor covers (in priority order), mentors who help with it."""
    profile = mentee_profile_of(user=user)
    if profile is None:
        return []
    needs = mentee_needs_ordered(profile=profile)
    covered = set(
        Mentorship.objects.filter(mentee=user)
        .exclude(state=MentorshipState.CONCLUDED)
        .values_list("needs", flat=True)
    )
    gaps = [need for need in needs if need.pk not in covered][:max_needs]
    return [
        GapSuggestions(
            need=need,
            cards=mentor_search(
                user=user, filters=SearchFilters(need=need.pk), limit=per_need
            ).cards,
        )
        for need in gaps
    ]


# --- supply and demand (R23, R24) -------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the supply-and-demand table. None means suppressed (under 11)."""

    key: str
    label: str
    asking: int | None
    offering: int | None

    @property
    def short(self) -> bool:
        return (
            self.asking is not None
            and self.offering is not None
            and self.asking > 0
            and self.offering < self.asking
        )


@dataclass
class SupplyDemand:
    institution: Institution | None
    needs: list[Row]
    affinities: list[Row]
    misses: list[tuple[str, int | None]]
    mentees: int


def _suppress(n: int) -> int | None:
    return n if n >= SMALL_CELL else None


def _mentor_reachable(state: PoolState, uid: int, institution_id: int | None) -> bool:
    mentor = state.pool.get(uid)
    if mentor is None or not mentor.ready or mentor.suspended or mentor.free <= 0:
        return False
    if institution_id is None:
        return True
    return mentor.national or institution_id in state.facts[uid].institutions


def _miss_label(miss: Mapping[str, Any], names: dict[str, dict[int, str]]) -> tuple[str, bool]:
    parts = []
    for key, what in (
        ("need_id", "need"),
        ("specialty_id", "specialty"),
        ("track_id", "track"),
        ("meeting_format_id", "format"),
    ):
        if miss[key]:
            parts.append(names[what].get(miss[key], "?"))
    demographic = bool(miss["category_id"])
    if demographic:
        parts.append("background: " + names["category"].get(miss["category_id"], "?"))
    if miss["reach"]:
        parts.append({"local": "own school only", "national": "national"}[miss["reach"]])
    if miss["accepting_now"]:
        parts.append("accepting now")
    return (", ".join(parts) or "no filter", demographic)


def supply_demand(*, institution: Institution | None, days: int = 90) -> SupplyDemand:
    """Needs and affinities asked for by mentees against ready mentors who offer them.

    `institution` None: the whole network (staff). The caller must have checked that the
    viewer manages the institution (or is staff). Affinity rows count people by a
    demographic attribute, so they are suppressed under SMALL_CELL; need rows are not
    demographic and show exact counts.
    """
    state = current_pool()
    inst_id = institution.pk if institution is not None else None
    mentee_ids = Membership.objects.filter(role=Role.MENTEE, status=MembershipStatus.ACTIVE)
    if inst_id is not None:
        mentee_ids = mentee_ids.filter(institution_id=inst_id)
    mentee_users = mentee_ids.values("user_id")
    mentees = mentee_ids.values("user_id").distinct().count()
    asking_need = Counter(
        dict(
            MenteeNeed.objects.filter(profile__user_id__in=mentee_users)
            .values("need_id")
            .annotate(n=Count("profile_id", distinct=True))
            .values_list("need_id", "n")
        )
    )
    asking_dim = Counter(
        dict(
            AffinityPreference.objects.filter(profile__user_id__in=mentee_users, importance__gte=2)
            .values("dimension_id")
            .annotate(n=Count("profile_id", distinct=True))
            .values_list("dimension_id", "n")
        )
    )
    offer_need: Counter[int] = Counter()
    offer_dim: Counter[int] = Counter()
    for uid in list(state.facts):
        if not _mentor_reachable(state, uid, inst_id):
            continue
        mentor = state.pool.get(uid)
        assert mentor is not None
        offer_need.update(mentor.areas)
        offer_dim.update({a.dimension for a in mentor.attributes if a.consented})
    needs = [
        Row(n.slug, n.name, asking_need.get(n.pk, 0), offer_need.get(n.pk, 0))
        for n in NeedArea.objects.filter(is_active=True)
    ]
    affinities = [
        Row(
            d.slug,
            d.name,
            _suppress(asking_dim.get(d.pk, 0)),
            _suppress(offer_dim.get(d.pk, 0)),
        )
        for d in AffinityDimension.objects.filter(is_active=True)
    ]
    since = timezone.localdate() - timedelta(days=days)
    miss_rows = SearchMiss.objects.filter(day__gte=since)
    if inst_id is not None:
        miss_rows = miss_rows.filter(institution_id=inst_id)
    grouped = (
        miss_rows.values(
            "need_id",
            "specialty_id",
            "track_id",
            "category_id",
            "meeting_format_id",
            "reach",
            "accepting_now",
        )
        .annotate(n=Count("id"))
        .order_by("-n")[:20]
    )
    names = {
        "need": dict(NeedArea.objects.values_list("pk", "name")),
        "specialty": dict(Specialty.objects.values_list("pk", "name")),
        "track": dict(Track.objects.values_list("pk", "name")),
        "format": dict(MeetingFormat.objects.values_list("pk", "name")),
        "category": dict(AffinityCategory.objects.values_list("pk", "name")),
    }
    misses = []
    for miss in grouped:
        label, demographic = _miss_label(miss, names)
        if demographic and miss["n"] < SMALL_CELL:
            continue  # a rare background search could point at one student: not listed
        misses.append((label, miss["n"]))
    return SupplyDemand(
        institution=institution,
        needs=needs,
        affinities=affinities,
        misses=misses,
        mentees=mentees,
    )
