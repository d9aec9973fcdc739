"""Reads for pairing rounds, always scoped to the requesting user (R22, R23, B2).

Rounds belong to an institution: its coordinators and admins (active memberships)
and platform staff see them; everyone else, another institution's people too,
gets 404 so that a round's existence is not disclosed.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from mentorquilt.accounts.models import User
from mentorquilt.institutions.models import Institution, Membership, MembershipStatus, Role
from mentorquilt.institutions.selectors import (
    MANAGING_ROLES,
    institution_list_managed,
    user_manages,
)
from mentorquilt.matching.rounds import ToWord, round_reasons
from mentorquilt.mentorships.models import (
    Mentorship,
    MentorshipRequest,
    MentorshipState,
    RequestStatus,
)
from mentorquilt.mentorships.selectors import unavailable_mentor_ids
from mentorquilt.pairing.models import MatchRound, ProposedPair, RoundMentee, RoundMentor
from mentorquilt.profiles.models import (
    Basis,
    MenteeNeed,
    MentorProfile,
    NeedArea,
    Qualification,
    QualificationStatus,
    TrainingStage,
)
from mentorquilt.profiles.selectors import visible_attribute_codes

GROUPS = (("urim", "URiM"), ("first_gen", "First-generation"), ("low_income", "Low income"))


def _uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404("No such round.") from exc


def user_runs_rounds(*, user: Any) -> bool:
    """True for staff and for active coordinators or admins of some institution."""
    if not user.is_authenticated:
        return False
    return (
        bool(user.is_staff)
        or Membership.objects.filter(
            user=user, role__in=MANAGING_ROLES, status=MembershipStatus.ACTIVE
        ).exists()
    )


def round_institutions(*, user: Any) -> QuerySet[Institution]:
    """Institutions the user may run rounds for."""
    return institution_list_managed(user=user)


def round_list_managed(*, user: Any) -> QuerySet[MatchRound]:
    if not user.is_authenticated:
        return MatchRound.objects.none()
    rounds = MatchRound.objects.select_related("institution", "created_by")
    if user.is_staff:
        return rounds
    managed = Membership.objects.filter(
        user=user, role__in=MANAGING_ROLES, status=MembershipStatus.ACTIVE
    ).values("institution_id")
    return rounds.filter(institution_id__in=managed)


def round_get_managed(*, user: Any, public_id: Any) -> MatchRound:
    found = round_list_managed(user=user).filter(public_id=_uuid(public_id)).first()
    if found is None:
        raise Http404("No such round.")
    return found


def round_manages(*, user: Any, match_round: MatchRound) -> bool:
    return user_manages(user=user, institution=match_round.institution, roles=MANAGING_ROLES)


def cohort_candidates(*, institution: Institution, training_stage: str = "") -> QuerySet[Any]:
    """Users with an active mentee role at the institution, optionally at one stage.

    Readiness (R5, R12) is checked by the run, which records who was ready.
    """
    memberships = Membership.objects.filter(
        institution=institution, role=Role.MENTEE, status=MembershipStatus.ACTIVE
    )
    if training_stage:
        memberships = memberships.filter(user__mentee_profile__training_stage__slug=training_stage)
    return User.objects.filter(id__in=memberships.values("user_id"), is_active=True).order_by("id")


def mentor_candidates(*, institution: Institution) -> QuerySet[Any]:
    """Verified, available mentors of the institution (local and national, R3).

    Available is the one rule (`unavailable_mentor_ids`: no staff or lapse suspension);
    the run checks it again, so a mentor suspended after the round was made is not paired.
    """
    from mentorquilt.accounts.models import User

    memberships = Membership.objects.filter(
        institution=institution,
        role=Role.MENTOR,
        status=MembershipStatus.ACTIVE,
        verified_at__isnull=False,
    )
    return (
        User.objects.filter(id__in=memberships.values("user_id"))
        .exclude(id__in=unavailable_mentor_ids())
        .order_by("id")
    )


def shared_background_mentors(*, user_ids: list[int]) -> set[int]:
    """Mentors counted as URiM in the load-equity report (B2, R23): those whose institution
    verified their shared-background qualification (R4). Used only in aggregate figures."""
    return set(
        Qualification.objects.filter(
            membership__user_id__in=user_ids,
            membership__role=Role.MENTOR,
            basis=Basis.SHARED_BACKGROUND,
            status=QualificationStatus.VERIFIED,
        ).values_list("membership__user_id", flat=True)
    )


def training_stages() -> QuerySet[TrainingStage]:
    return TrainingStage.objects.filter(is_active=True).order_by("sort_order", "name")


def round_pairs(
    *, match_round: MatchRound, mentee_name: str = "", mentor: Any = None
) -> QuerySet[ProposedPair]:
    """The proposal, by mentee name; optionally only mentees whose name contains
    `mentee_name`, or only one mentor's pairs (`mentor`: the mentor's user public id)."""
    pairs = match_round.pairs.select_related("mentee__user", "mentor__user")
    if mentee_name:
        pairs = pairs.filter(mentee__user__name__icontains=mentee_name)
    if mentor:
        pairs = pairs.filter(mentor__user__public_id=mentor)
    return pairs.order_by("mentee__user__name", "mentee_id", "rank", "id")


def pair_exists(*, mentee: Any, mentor: Any) -> bool:
    """The two already have an open mentorship or a request waiting (R6, R13)."""
    return (
        Mentorship.objects.filter(mentee=mentee, mentor=mentor)
        .exclude(state=MentorshipState.CONCLUDED)
        .exists()
        or MentorshipRequest.objects.filter(
            mentee=mentee, mentor=mentor, status=RequestStatus.PENDING
        ).exists()
    )


def covered_needs(*, mentee: Any, mentor: Any) -> list[NeedArea]:
    """The needs a pair's mentorship covers (R13, B1): the mentee's needs, in their order,
    that the mentor offers. Empty when they share none: never a need the mentor does not
    offer."""
    areas = MentorProfile.areas.through.objects.filter(mentorprofile__user=mentor).values(
        "needarea_id"
    )
    return [
        row.need
        for row in MenteeNeed.objects.filter(profile__user=mentee, need_id__in=areas)
        .select_related("need")
        .order_by("priority")
    ]


@dataclass(frozen=True)
class LeftOut:
    """Someone of the cohort the round could not pair, and why, in plain words. Only
    checklist steps and counts: nothing a person keeps private."""

    user_id: int
    public_id: Any
    name: str
    email: str
    role: str
    reasons: list[str]
    link: str | None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def round_left_out(*, match_round: MatchRound) -> list[LeftOut]:
    """Who of the cohort the last run left out (R22): mentees and mentors not ready, with
    the checklist steps each still has to do and the checklist link to send them;
    mentees who already have the mentors the round gives; mentors with no free place.
    Empty before the first run. Two queries."""
    if not match_round.run_count:
        return []
    checklist = reverse("onboarding_checklist")
    out: list[LeftOut] = []
    for m in (
        match_round.mentees.filter(Q(ready=False) | Q(wants=0))
        .select_related("user")
        .order_by("user__name", "id")
    ):
        if not m.ready:
            reasons, link = list(m.missing) or ["Finish the mentee checklist"], checklist
        else:
            reasons = [
                f"Already has {_plural(m.existing, 'mentor')} or is waiting for an answer "
                "(the number this round gives)"
            ]
            link = None
        out.append(
            LeftOut(m.user_id, m.user.public_id, m.user.name, m.user.email, "mentee", reasons, link)
        )
    for r in match_round.mentors.select_related("user").order_by("user__name", "id"):
        if not r.ready:
            reasons, link = list(r.missing) or ["Finish the mentor checklist"], checklist
        elif r.capacity - r.load <= 0:
            reasons = [
                f"Has no free place in this round ({r.load} of {r.capacity} taken, counting "
                "requests waiting for an answer)"
            ]
            link = None
        else:
            continue
        out.append(
            LeftOut(r.user_id, r.user.public_id, r.user.name, r.user.email, "mentor", reasons, link)
        )
    return out


def pair_reasons(
    *, viewer: Any, match_round: MatchRound, pairs: list[ProposedPair]
) -> dict[int, list[str]]:
    """Pair pk -> the reasons `viewer` may read (R22, B4). The ONLY way to show reasons.

    A shared background is named only when the profiles rule (`visible_attribute_codes`)
    shows it of BOTH people to this viewer: for a coordinator or admin, only what each
    chose to show; for staff the same (audited, no reveal here). Worded neutrally ("Both
    share: ...") for everyone but the pair's mentee.
    """
    owners = {p.mentee.user_id for p in pairs} | {p.mentor.user_id for p in pairs}
    visible = visible_attribute_codes(viewer=viewer, owner_ids=owners, audit_target=match_round)
    words = round_reasons(
        [
            ToWord(
                record=p.explanation,
                mentee_visible=visible[p.mentee.user_id],
                mentor_visible=visible[p.mentor.user_id],
                reader_is_mentee=p.mentee.user_id == viewer.pk,
            )
            for p in pairs
        ]
    )
    return {p.pk: said for p, said in zip(pairs, words, strict=True)}


def user_reads_engine_input(*, user: Any) -> bool:
    """The full engine input of a round (hidden attributes, eligibility) is for platform
    staff only, as a reveal of private data (R22, R36; decision 0007)."""
    return bool(user.is_authenticated and user.is_staff)


def round_unmatched(*, match_round: MatchRound) -> QuerySet[RoundMentee]:
    return (
        match_round.mentees.filter(ready=True, wants__gt=0, pairs__isnull=True)
        .select_related("user")
        .order_by("user__name", "id")
    )


def round_mentors_with_room(*, match_round: MatchRound) -> list[RoundMentor]:
    """Ready mentors of the round with a free place left after the proposal."""
    counts = Counter(match_round.pairs.values_list("mentor_id", flat=True))
    mentors = match_round.mentors.filter(ready=True).select_related("user").order_by("user__name")
    return [m for m in mentors if m.capacity - m.load - counts[m.pk] > 0]


@dataclass(frozen=True)
class GroupFigure:
    key: str
    label: str
    size: int
    matched: int
    rate: float
    gap: float


@dataclass(frozen=True)
class LoadReport:
    """The figures a coordinator judges a proposal by (R22, R23, B2)."""

    mentees: int
    mentors: int
    pairs: int
    matched: int
    unmatched: int
    short: int
    mean_score: float
    overall_rate: float
    load_histogram: list[tuple[int, int]]
    urim_mentors: int
    other_mentors: int
    urim_mean_load: float
    other_mean_load: float
    urim_share_of_pairs: float
    urim_share_of_capacity: float
    groups: list[GroupFigure]

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["load_histogram"] = [list(x) for x in self.load_histogram]
        data["groups"] = [dict(g.__dict__) for g in self.groups]
        return data


def _mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def round_report(*, match_round: MatchRound) -> LoadReport:
    """Recompute the figures of the current proposal (after every hand adjustment).

    The same definitions as the engine's report (quiltmatch.types.Report): load counts a
    mentor's existing mentees plus this proposal; URiM mentors' share of pairs is set
    against their share of the free places offered; each tracked group's match rate is
    set against the overall rate of mentees who wanted a mentor.
    """
    mentees = list(match_round.mentees.filter(ready=True))
    mentors = list(match_round.mentors.filter(ready=True))
    pairs = list(match_round.pairs.values_list("mentee_id", "mentor_id", "score"))
    per_mentee = Counter(p[0] for p in pairs)
    per_mentor = Counter(p[1] for p in pairs)
    wanting = [m for m in mentees if m.wants > 0]
    matched = [m for m in wanting if per_mentee[m.pk] > 0]
    overall = len(matched) / len(wanting) if wanting else 0.0
    final = {m.pk: m.load + per_mentor[m.pk] for m in mentors}
    histogram = sorted(Counter(final.values()).items())
    urim = [m for m in mentors if m.urim]
    other = [m for m in mentors if not m.urim]
    free = {m.pk: max(0, m.capacity - m.load) for m in mentors}
    total_free = sum(free.values())
    groups = []
    for key, label in GROUPS:
        members = [m for m in wanting if getattr(m, key)]
        got = sum(1 for m in members if per_mentee[m.pk] > 0)
        rate = got / len(members) if members else 0.0
        groups.append(
            GroupFigure(key, label, len(members), got, rate, rate - overall if members else 0.0)
        )
    return LoadReport(
        mentees=len(mentees),
        mentors=len(mentors),
        pairs=len(pairs),
        matched=len(matched),
        unmatched=len(wanting) - len(matched),
        short=sum(1 for m in wanting if per_mentee[m.pk] < m.wants),
        mean_score=sum(p[2] for p in pairs) / len(pairs) if pairs else 0.0,
        overall_rate=overall,
        load_histogram=histogram,
        urim_mentors=len(urim),
        other_mentors=len(other),
        urim_mean_load=_mean([final[m.pk] for m in urim]),
        other_mean_load=_mean([final[m.pk] for m in other]),
        urim_share_of_pairs=(sum(per_mentor[m.pk] for m in urim) / len(pairs) if pairs else 0.0),
        urim_share_of_capacity=(sum(free[m.pk] for m in urim) / total_free if total_free else 0.0),
        groups=groups,
    )
