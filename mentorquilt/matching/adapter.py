"""ORM rows -> quiltmatch dataclasses: the only bridge between the database and the engine.

Other code of the matching app (search, quilt suggestions, supply and demand, batch rounds
in `mentorquilt.pairing` through this module) builds engine inputs here and nowhere else.

Ids and codes
-------------
* `Mentor.id` and `Mentee.id` are the **User primary key** (int). A person who is both
  mentee and mentor (a resident, R2) has the same id on both sides; `mentees_for_engine`
  puts that id in `Mentee.excluded`, so nobody is proposed to themself.
* Taxonomy primary keys are the engine's codes: `NeedArea.pk` (needs/areas),
  `Specialty.pk`, `Track.pk`, `MeetingFormat.pk`, `AffinityDimension.pk` and
  `AffinityCategory.pk` (attributes are `Attribute(dimension_pk, category_pk)`).
* `institution` is `Institution.pk`: for a mentor, the first institution (by pk) where they
  hold an active, verified mentor role; for a mentee, the first with an active mentee role.

Consent (R19, R36, B4)
----------------------
* Only attributes with `use_for_matching=True` enter the engine; the others are never read
  here beyond that filter.
* `show_on_profile` is a second, separate consent. The engine's `Explanation.shared` and
  `Explanation.text` may name attributes consented for matching but **not** for showing,
  so never show them to a person as they are: use `reasons()` below, which names only
  attributes the mentor consented to show (and the mentee's own wishes). `MentorFacts.shown`
  holds, per mentor, the (dimension, category) codes that are both used and shown.

Mentor fields (R3-R8, R20)
--------------------------
* `capacity = min(profile.capacity, 3)` (R6); `load` = open (active or paused) mentorships.
* `ready` = published (R7), verified at every active mentor role and at least one (R4), bio,
  areas and formats filled, current agreements accepted and required training done (R5):
  the bulk equivalent of `onboarding.selectors.readiness(role="mentor")`.
* `suspended` = not available (`mentorships.selectors.unavailable_mentor_ids`: staff
  suspended the account, or an open suspension after lapses, R8, R27); `answered` =
  answered in time, `lapsed`, `response_days` = median days to answer (from
  `mentorships.selectors.responsiveness_for`).
* `national` = scope "national" (R3). `tz_offset_minutes` from the profile's IANA time zone at
  the time of the call. `urim` is always False: the platform does not derive a mentor's URiM
  status from private attributes; the load-equity report (B2) takes it from elsewhere.

Mentee fields (R13, R19)
------------------------
* `needs` in the mentee's priority order; `affinity_weights` = importance (1 nice, 2
  important, 3 must); importance "must" also puts the dimension in `must_share` when the
  mentee holds a consented attribute on it (otherwise nobody could meet it: it only weighs).
* Wish-only dimensions (immigrant experience): the mentee is never asked about themself, so
  the adapter gives the mentee every active category of that dimension as a synthetic,
  consented attribute: the engine then scores "the mentor has this experience". It is a wish,
  not a fact about the mentee, and `reasons()` words it as such.
* `current_mentors` = mentors of open mentorships; `excluded` = the person's own id.
* `urim`, `first_gen`, `low_income` come from the self-attested eligibility (R11) and feed
  only the engine's fairness report and group floors, never scores or anything shown.

Every function here is read-only and issues a bounded number of queries whatever the
number of people (bulk `__in` queries, no per-person query).
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from mentorquilt.institutions.models import Membership, MembershipStatus, Role
from mentorquilt.mentorships.models import (
    Mentorship,
    MentorshipRequest,
    MentorshipState,
    RequestStatus,
)
from mentorquilt.mentorships.selectors import responsiveness_for, unavailable_mentor_ids
from mentorquilt.profiles.models import (
    MAX_CAPACITY,
    AffinityCategory,
    AffinityDimension,
    AffinityPreference,
    Importance,
    MeetingFormat,
    MenteeNeed,
    MenteeProfile,
    MentorProfile,
    NeedArea,
    PersonAttribute,
    Scope,
    Specialty,
    Track,
)
from mentorquilt.training.selectors import agreed_user_ids, trained_user_ids
from quiltmatch.types import Attribute, Explanation, Labels, Mentee, Mentor

Codes = tuple[int, int]


@dataclass(frozen=True)
class MentorFacts:
    """What the web app needs about a pool mentor besides the engine's `Mentor`.

    `shown`: (dimension, category) codes the mentor consented both to use and to show;
    only these may be named to anyone else or used by a search filter. `pending`: requests
    waiting for this mentor's answer (R8, R23: many pending requests rank lower).
    `institutions`: institutions where the mentor holds an active, verified mentor role.
    """

    user_id: int
    profile_id: int
    profile_public_id: Any
    shown: frozenset[Codes]
    pending: int
    institutions: frozenset[int]


def _in(ids: Iterable[int] | None, field: str) -> Q:
    return Q() if ids is None else Q(**{f"{field}__in": list(ids)})


def tz_offset_minutes(name: str, *, at: datetime | None = None) -> int | None:
    """UTC offset in minutes of an IANA time zone name at `at` (now), None if unknown."""
    if not name:
        return None
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    offset = (at or timezone.now()).astimezone(zone).utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


def labels_all() -> Labels:
    """Plain words for every taxonomy code (active or not: old rows still need a name)."""
    return Labels(
        dimensions=dict(AffinityDimension.objects.values_list("pk", "name")),
        categories={
            (dim, cat): name
            for cat, dim, name in AffinityCategory.objects.values_list("pk", "dimension_id", "name")
        },
        needs=dict(NeedArea.objects.values_list("pk", "name")),
        specialties=dict(Specialty.objects.values_list("pk", "name")),
        tracks=dict(Track.objects.values_list("pk", "name")),
        formats=dict(MeetingFormat.objects.values_list("pk", "name")),
    )


def _m2m(model: Any, field: str, owner_ids: list[int]) -> dict[int, set[int]]:
    through = getattr(model, field).through
    owner = f"{model._meta.model_name}_id"
    target = f"{getattr(model, field).field.related_model._meta.model_name}_id"
    out: dict[int, set[int]] = defaultdict(set)
    for o, t in through.objects.filter(**{f"{owner}__in": owner_ids}).values_list(owner, target):
        out[o].add(t)
    return out


def mentors_for_engine(
    user_ids: Iterable[int] | None = None, *, published_only: bool = True
) -> tuple[list[Mentor], dict[int, MentorFacts]]:
    """Engine mentors and their facts for the given mentor user ids (None: every mentor).

    `published_only` (default) leaves out unpublished profiles, which nobody may find (R7);
    a batch round that wants them anyway passes False (they come back with ready=False).
    Returns the mentors in user-id order (the engine breaks ties by input order) and the
    facts keyed by user id. About 12 queries whatever the number of mentors.
    """
    ids = None if user_ids is None else sorted(set(user_ids))
    profiles_qs = MentorProfile.objects.filter(_in(ids, "user_id"))
    if published_only:
        profiles_qs = profiles_qs.filter(published_at__isnull=False)
    profiles = list(
        profiles_qs.order_by("user_id").values(
            "pk",
            "public_id",
            "user_id",
            "capacity",
            "scope",
            "timezone",
            "bio",
            "published_at",
        )
    )
    if not profiles:
        return [], {}
    pids = [p["pk"] for p in profiles]
    uids = [p["user_id"] for p in profiles]
    areas = _m2m(MentorProfile, "areas", pids)
    specialties = _m2m(MentorProfile, "specialties", pids)
    tracks = _m2m(MentorProfile, "tracks", pids)
    formats = _m2m(MentorProfile, "formats", pids)

    attrs: dict[int, list[Attribute]] = defaultdict(list)
    shown: dict[int, set[Codes]] = defaultdict(set)
    for uid, cat, dim, show in PersonAttribute.objects.filter(
        user_id__in=uids, use_for_matching=True
    ).values_list("user_id", "category_id", "category__dimension_id", "show_on_profile"):
        attrs[uid].append(Attribute(dim, cat, True))
        if show:
            shown[uid].add((dim, cat))

    verified: dict[int, set[int]] = defaultdict(set)
    unverified: set[int] = set()
    for uid, inst, verified_at in Membership.objects.filter(
        user_id__in=uids, role=Role.MENTOR, status=MembershipStatus.ACTIVE
    ).values_list("user_id", "institution_id", "verified_at"):
        if verified_at is None:
            unverified.add(uid)
        else:
            verified[uid].add(inst)

    load = dict(
        Mentorship.objects.filter(mentor_id__in=uids)
        .exclude(state=MentorshipState.CONCLUDED)
        .values("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    )
    # The one notion of "not available" (staff or lapse suspension), never a local rule.
    suspended = set(unavailable_mentor_ids().filter(pk__in=uids).values_list("pk", flat=True))
    agreed = set(
        agreed_user_ids(role=Role.MENTOR).filter(user_id__in=uids).values_list("user_id", flat=True)
    )
    trained = set(
        trained_user_ids(role=Role.MENTOR)
        .filter(user_id__in=uids)
        .values_list("user_id", flat=True)
    )
    history = responsiveness_for(mentor_ids=uids)
    now = timezone.now()
    tz_cache: dict[str, int | None] = {}

    mentors: list[Mentor] = []
    facts: dict[int, MentorFacts] = {}
    for p in profiles:
        uid, pid = p["user_id"], p["pk"]
        h = history[uid]
        tz = p["timezone"]
        if tz not in tz_cache:
            tz_cache[tz] = tz_offset_minutes(tz, at=now)
        ready = bool(
            p["published_at"]
            and verified[uid]
            and uid not in unverified
            and p["bio"]
            and areas.get(pid)
            and formats.get(pid)
            and uid in agreed
            and uid in trained
        )
        mentors.append(
            Mentor(
                id=uid,
                capacity=min(p["capacity"], MAX_CAPACITY),
                load=load.get(uid, 0),
                institution=min(verified[uid]) if verified[uid] else None,
                national=p["scope"] == Scope.NATIONAL,
                ready=ready,
                suspended=uid in suspended,
                attributes=tuple(attrs.get(uid, ())),
                areas=frozenset(areas.get(pid, ())),
                specialties=frozenset(specialties.get(pid, ())),
                tracks=frozenset(tracks.get(pid, ())),
                tz_offset_minutes=tz_cache[tz],
                formats=frozenset(formats.get(pid, ())),
                response_days=h.median_response_days,
                answered=h.answered_in_time,
                lapsed=h.lapsed,
            )
        )
        facts[uid] = MentorFacts(
            user_id=uid,
            profile_id=pid,
            profile_public_id=p["public_id"],
            shown=frozenset(shown.get(uid, ())),
            pending=h.pending,
            institutions=frozenset(verified[uid]),
        )
    return mentors, facts


def _wish_only_categories() -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for dim, cat in AffinityCategory.objects.filter(
        is_active=True, dimension__wish_only=True
    ).values_list("dimension_id", "pk"):
        out[dim].append(cat)
    return out


def mentees_for_engine(user_ids: Iterable[int]) -> dict[int, Mentee]:
    """Engine mentees for the given user ids (those without a mentee profile are left out).

    About 9 queries whatever the number of mentees.
    """
    ids = sorted(set(user_ids))
    profiles = list(
        MenteeProfile.objects.filter(user_id__in=ids).values(
            "pk",
            "user_id",
            "track_id",
            "timezone",
            "eligible_urim",
            "eligible_first_gen",
            "eligible_low_income",
        )
    )
    if not profiles:
        return {}
    pids = [p["pk"] for p in profiles]
    uids = [p["user_id"] for p in profiles]
    needs: dict[int, list[int]] = defaultdict(list)
    for pid, need in (
        MenteeNeed.objects.filter(profile_id__in=pids)
        .order_by("profile_id", "priority")
        .values_list("profile_id", "need_id")
    ):
        needs[pid].append(need)
    weights: dict[int, dict[int, float]] = defaultdict(dict)
    must: dict[int, set[int]] = defaultdict(set)
    for pid, dim, importance in AffinityPreference.objects.filter(
        profile_id__in=pids, importance__gt=0
    ).values_list("profile_id", "dimension_id", "importance"):
        weights[pid][dim] = float(importance)
        if importance == Importance.MUST:
            must[pid].add(dim)
    attrs: dict[int, list[Attribute]] = defaultdict(list)
    for uid, cat, dim in PersonAttribute.objects.filter(
        user_id__in=uids, use_for_matching=True, category__dimension__wish_only=False
    ).values_list("user_id", "category_id", "category__dimension_id"):
        attrs[uid].append(Attribute(dim, cat, True))
    wish_only = _wish_only_categories()
    formats = _m2m(MenteeProfile, "formats", pids)
    institution: dict[int, int] = {}
    for uid, inst in (
        Membership.objects.filter(
            user_id__in=uids, role=Role.MENTEE, status=MembershipStatus.ACTIVE
        )
        .order_by("institution_id")
        .values_list("user_id", "institution_id")
    ):
        institution.setdefault(uid, inst)
    current: dict[int, set[int]] = defaultdict(set)
    for mentee_id, mentor_id in (
        Mentorship.objects.filter(mentee_id__in=uids)
        .exclude(state=MentorshipState.CONCLUDED)
        .values_list("mentee_id", "mentor_id")
    ):
        current[mentee_id].add(mentor_id)
    now = timezone.now()
    out: dict[int, Mentee] = {}
    for p in profiles:
        uid, pid = p["user_id"], p["pk"]
        mine = list(attrs.get(uid, ()))
        for dim in weights.get(pid, {}):
            mine.extend(Attribute(dim, cat, True) for cat in wish_only.get(dim, ()))
        held = {a.dimension for a in mine}
        out[uid] = Mentee(
            id=uid,
            institution=institution.get(uid),
            attributes=tuple(mine),
            affinity_weights=weights.get(pid, {}),
            # "must" on a dimension the mentee shares nothing on (with consent) could be met
            # by nobody: it then weighs as "important", it does not empty every list.
            must_share=frozenset(must.get(pid, set()) & held),
            needs=tuple(needs.get(pid, ())),
            track=p["track_id"],
            tz_offset_minutes=tz_offset_minutes(p["timezone"], at=now),
            formats=frozenset(formats.get(pid, ())),
            excluded=frozenset({uid}),
            current_mentors=frozenset(current.get(uid, ())),
            urim=p["eligible_urim"],
            first_gen=p["eligible_first_gen"],
            low_income=p["eligible_low_income"],
        )
    return out


def pending_requests_for(
    *, mentee_ids: Iterable[int], mentor_ids: Iterable[int]
) -> tuple[dict[int, set[int]], dict[int, int]]:
    """Requests waiting for an answer: mentee id -> mentors they asked (of every mentor), and
    mentor id -> requests they have to answer (from every mentee). A batch round counts them
    as places already promised (R6, R13). Two queries."""
    sent: dict[int, set[int]] = defaultdict(set)
    for mentee_id, mentor_id in MentorshipRequest.objects.filter(
        mentee_id__in=list(mentee_ids), status=RequestStatus.PENDING
    ).values_list("mentee_id", "mentor_id"):
        sent[mentee_id].add(mentor_id)
    received = dict(
        MentorshipRequest.objects.filter(
            mentor_id__in=list(mentor_ids), status=RequestStatus.PENDING
        )
        .values("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    )
    return sent, received


def mentee_for_engine(user: Any) -> Mentee | None:
    """One mentee (None without a mentee profile)."""
    return mentees_for_engine([user.pk]).get(user.pk)


# --- what a person may be told (B4) ------------------------------------------------------


# Sentences the engine words for the mentee ("your track"), and how they read to anyone else.
_NEUTRAL = (
    ("Advises on your track:", "Advises on the mentee's track:"),
    ("Offers no meeting format you asked for.", "Offers no meeting format the mentee asked for."),
)


def _neutral(sentence: str) -> str:
    for mine, theirs in _NEUTRAL:
        if sentence.startswith(mine):
            return theirs + sentence[len(mine) :]
    return sentence


@dataclass(frozen=True)
class Reasons:
    """Plain-language reasons a mentor fits, naming only consented, shown attributes.

    `sentences` speaks to the mentee ("You share: ..."); `worded(voice="neutral")` to
    anyone else, a coordinator for example ("Both share: ...").
    """

    shared: tuple[str, ...]
    needs: tuple[str, ...]
    availability: tuple[str, ...]
    responsiveness: str
    fit: tuple[str, ...]

    @property
    def sentences(self) -> list[str]:
        return self.worded()

    def worded(self, *, voice: str = "mentee") -> list[str]:
        mentee = voice == "mentee"
        out = []
        if self.shared:
            out.append(("You share: " if mentee else "Both share: ") + ", ".join(self.shared) + ".")
        if self.needs:
            out.append("Helps with: " + ", ".join(self.needs) + ".")
        out.extend(self.fit)
        out.append(self.responsiveness)
        out.extend(self.availability)
        return out if mentee else [_neutral(s) for s in out]


def explanation_record(explanation: Explanation, *, labels: Labels) -> dict[str, Any]:
    """What a batch round stores of one pair's explanation, to word it for each reader
    later with `reasons_from_record` (R22, B4).

    `shared` holds the engine's (dimension, category) codes of every attribute both
    people use for matching, shown or NOT: never word them without the profiles rule
    (`profiles.selectors.visible_attribute_codes`) deciding which the reader may see.
    """
    details = {c.factor: c.details for c in explanation.contributions}
    return {
        "score": round(float(explanation.score), 4),
        "shared": [[dim, cat] for dim, cat in explanation.shared],
        "needs": [labels.need(n) for n in explanation.needs_covered],
        "fit": list(details.get("fit", ())),
        "responsiveness": " ".join(details.get("responsiveness", ()))
        or "Answers requests in time.",
        "availability": list(details.get("availability", ())),
    }


def reasons_from_record(
    record: dict[str, Any],
    *,
    named: Iterable[Codes],
    labels: Labels,
    wish_only: Iterable[int] = (),
    voice: str = "mentee",
) -> Reasons:
    """The reasons of an `explanation_record`, naming a shared attribute only when its
    code is in `named` (what the reader may see of both people)."""
    wish = set(wish_only)
    allowed = set(named)
    shared: list[str] = []
    for dim, cat in record.get("shared", ()):
        if (dim, cat) not in allowed:
            continue
        label = labels.category(dim, cat)
        if dim in wish:
            label += (
                " (you asked for this)" if voice == "mentee" else " (the mentee asked for this)"
            )
        shared.append(label)
    return Reasons(
        shared=tuple(shared),
        needs=tuple(record.get("needs", ())),
        availability=tuple(record.get("availability", ())),
        responsiveness=str(record.get("responsiveness", "")) or "Answers requests in time.",
        fit=tuple(record.get("fit", ())),
    )


def reasons(
    explanation: Explanation,
    *,
    facts: MentorFacts,
    labels: Labels,
    wish_only: Iterable[int] = (),
) -> Reasons:
    """The reasons to show a mentee, from the engine's explanation (R21, B4).

    A shared attribute is named only when the mentor consented to show it
    (`facts.shown`); attributes used for matching but not shown still count in the score
    (the owner consented to that) but are never named. Wish-only dimensions are worded as
    the mentor's experience the mentee asked for, not as something the two share.
    """
    return reasons_from_record(
        explanation_record(explanation, labels=labels),
        named=facts.shown,
        labels=labels,
        wish_only=wish_only,
    )
