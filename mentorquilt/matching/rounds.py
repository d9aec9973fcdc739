"""Engine calls for coordinator batch rounds (R22, R23, B2), used by `mentorquilt.pairing`.

The pairing app never imports the engine: it asks this module to build a round's
instance (through `adapter`), to solve it, to explain one pair and to read a result file.

* A round's instance is the engine's JSON profile format (`quiltmatch-instance/1`) with
  pseudonymous per-round ids: mentee ``e<n>`` and mentor ``m<n>`` for the n-th person of
  the round (by the caller's order), never user keys, names or emails. `fixed` and
  `forbidden` pairs travel in the same file, so `python -m quiltmatch solve FILE` gives
  the same result; the input fingerprint is the SHA-256 of its canonical JSON.
* A run stores each pair's explanation as an `adapter.explanation_record` (the engine's
  shared codes, needs, other factors); `round_reasons` words it for one reader, naming a
  shared attribute only when the profiles rule shows it of BOTH people to that reader, in a
  neutral voice for anyone but the mentee (B4).
* Only platform staff get the full instance (it holds hidden attributes and eligibility);
  `instance_redacted` is the copy a round's managers may download.
* `urim` on a mentor comes from the caller (the adapter never derives it); it feeds only
  the load-equity report.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mentorquilt.matching.adapter import (
    Codes,
    MentorFacts,
    _wish_only_categories,
    explanation_record,
    labels_all,
    mentees_for_engine,
    mentors_for_engine,
    pending_requests_for,
    reasons_from_record,
)
from mentorquilt.profiles.models import MAX_CAPACITY
from quiltmatch import __version__, jsonio
from quiltmatch.assign import pair_cohort
from quiltmatch.scoring import MentorPool
from quiltmatch.types import Labels, Mentee, Mentor, Weights

ENGINE_VERSION = __version__


def mentee_key(index: int) -> str:
    return f"e{index + 1}"


def mentor_key(index: int) -> str:
    return f"m{index + 1}"


@dataclass(frozen=True)
class RoundPerson:
    """What a run records about each person: engine readiness and report figures."""

    key: str
    user_id: int
    ready: bool
    capacity: int = 0
    load: int = 0
    urim: bool = False
    first_gen: bool = False
    low_income: bool = False
    wants: int = 0
    existing: int = 0
    suspended: bool = False


@dataclass(frozen=True)
class RoundInstance:
    data: dict[str, Any]
    fingerprint: str
    mentees: list[RoundPerson]
    mentors: list[RoundPerson]
    facts: dict[str, MentorFacts]


@dataclass(frozen=True)
class RoundPair:
    mentee: str
    mentor: str
    score: float
    rank: int
    fixed: bool


@dataclass(frozen=True)
class RoundSolution:
    pairs: list[RoundPair]
    unmatched: list[str]
    result: dict[str, Any]


def fingerprint(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def round_instance(
    *,
    mentee_user_ids: Sequence[int],
    mentor_user_ids: Sequence[int],
    ready_mentees: set[int],
    mentor_urim: set[int],
    mode: str,
    weights: dict[str, float],
    cap: int,
    wants: int,
    keep: Sequence[tuple[int, int]] = (),
    forbid: Sequence[tuple[int, int]] = (),
) -> RoundInstance:
    """The round's engine instance: ready mentees and mentors only, ids pseudonymous.

    `ready_mentees` are the mentee user ids the caller found ready (R12, onboarding);
    mentors' readiness (R5) comes from the adapter.

    `cap` bounds each mentor's capacity in this round (never above their own, R6);
    `wants` is the mentors each mentee should have (R13). `keep`/`forbid` are (mentee user
    id, mentor user id) pairs; those naming someone not ready are dropped.

    What people already have counts (a second round after a first): a mentor's `load` is
    their open (active or paused) mentorships plus the requests waiting for their answer;
    a mentee's `existing` is their open mentorships plus the mentors they asked and who
    have not answered yet, and the engine's `wants` is what they still need,
    ``max(0, wants - existing)``. Those mentors are the mentee's `current_mentors` in the
    instance (round keys; mentors outside the round still count), so the engine never
    proposes them again, and a kept pair that already exists, or for a mentee who needs
    nobody, is dropped.
    """
    mentee_keys = {uid: mentee_key(i) for i, uid in enumerate(mentee_user_ids)}
    mentor_keys = {uid: mentor_key(i) for i, uid in enumerate(mentor_user_ids)}
    engine_mentors, facts = mentors_for_engine(mentor_user_ids, published_only=False)
    by_mentor = {m.id: m for m in engine_mentors}
    engine_mentees = mentees_for_engine(mentee_user_ids)
    asked, asking = pending_requests_for(mentee_ids=mentee_user_ids, mentor_ids=mentor_user_ids)
    mentees: list[Mentee] = []
    mentee_people = []
    held: dict[int, frozenset[int]] = {}
    for uid in mentee_user_ids:
        e = engine_mentees.get(uid)
        ready = e is not None and uid in ready_mentees
        current = {int(x) for x in e.current_mentors} if e else set()  # user ids here
        held[uid] = frozenset(current | asked.get(uid, set()))
        still = max(0, wants - len(held[uid]))
        mentee_people.append(
            RoundPerson(
                key=mentee_keys[uid],
                user_id=uid,
                ready=ready,
                urim=bool(e and e.urim),
                first_gen=bool(e and e.first_gen),
                low_income=bool(e and e.low_income),
                wants=still if ready else 0,
                existing=len(held[uid]),
            )
        )
        if e is None or not ready:
            continue
        mentees.append(
            dataclasses.replace(
                e,
                id=mentee_keys[uid],
                institution=None,
                wants=still,
                excluded=frozenset(mentor_keys[x] for x in e.excluded if x in mentor_keys),
                current_mentors=frozenset(mentor_keys[x] for x in held[uid] if x in mentor_keys),
            )
        )
    mentors: list[Mentor] = []
    mentor_people = []
    for uid in mentor_user_ids:
        m = by_mentor.get(uid)
        ready = bool(m and m.ready and not m.suspended)
        capacity = min(m.capacity, cap, MAX_CAPACITY) if m else 0
        load = (m.load if m else 0) + asking.get(uid, 0)
        mentor_people.append(
            RoundPerson(
                key=mentor_keys[uid],
                user_id=uid,
                ready=ready,
                capacity=capacity,
                load=load,
                urim=uid in mentor_urim,
                suspended=bool(m and m.suspended),
            )
        )
        if m is None or not ready:
            continue
        mentors.append(
            dataclasses.replace(
                m,
                id=mentor_keys[uid],
                institution=None,
                national=True,
                capacity=capacity,
                load=load,
                urim=uid in mentor_urim,
            )
        )
    ready_e = {p.user_id for p in mentee_people if p.ready}
    ready_m = {p.user_id for p in mentor_people if p.ready}
    needing = {p.user_id for p in mentee_people if p.wants > 0}

    def pairs(rules: Sequence[tuple[int, int]]) -> list[list[str]]:
        return [[mentee_keys[a], mentor_keys[b]] for a, b in rules if a in ready_e and b in ready_m]

    def kept(rules: Sequence[tuple[int, int]]) -> list[list[str]]:
        return pairs([(a, b) for a, b in rules if a in needing and b not in held.get(a, ())])

    config = jsonio.config_from_json({"mode": mode})
    data = jsonio.profiles_to_json(
        mentors,
        mentees,
        weights=Weights(**weights),
        labels=Labels(),
        config=config,
    )
    data["fixed"] = kept(keep)
    data["forbidden"] = pairs(forbid)
    return RoundInstance(
        data=data,
        fingerprint=fingerprint(data),
        mentees=mentee_people,
        mentors=mentor_people,
        facts={mentor_keys[uid]: f for uid, f in facts.items() if uid in mentor_keys},
    )


def round_solve(
    data: dict[str, Any], *, progress: Callable[[int, str], None] | None = None
) -> RoundSolution:
    """Pair a round's instance (the engine's profile format), as the CLI would."""
    mentors, mentees, weights, _ = jsonio.profiles_from_json(data)
    config = jsonio.config_from_json(data.get("config"))
    if progress:
        progress(55, "Scoring every mentee against every mentor")
    pool = MentorPool(mentors, weights)
    if progress:
        progress(65, "Choosing the pairs")
    result = pair_cohort(
        pool,
        mentees,
        config,
        fixed=[(a, b) for a, b in data.get("fixed", ())],
        forbidden=[(a, b) for a, b in data.get("forbidden", ())],
    )
    return RoundSolution(
        pairs=[
            RoundPair(str(p.mentee_id), str(p.mentor_id), float(p.score), p.round, p.fixed)
            for p in result.pairs
        ],
        unmatched=[str(x) for x in result.unmatched],
        result=jsonio.result_to_json(result),
    )


class RoundExplainer:
    """Explains pairs of one round's instance as records, worded later for each reader."""

    def __init__(self, data: dict[str, Any], facts: dict[str, MentorFacts]) -> None:
        mentors, mentees, weights, _ = jsonio.profiles_from_json(data)
        self.pool = MentorPool(mentors, weights)
        self.mentees = {m.id: m for m in mentees}
        self.facts = facts
        self.labels = labels_all()

    def explain(self, mentee: str, mentor: str) -> tuple[float, dict[str, Any]]:
        """(score, explanation record) for one pair; (0, {}) when either is not in the
        instance. The record names no attribute by itself: see `round_reasons`."""
        person = self.mentees.get(mentee)
        if person is None or mentor not in self.pool or mentor not in self.facts:
            return 0.0, {}
        exp = self.pool.explain(person, mentor, labels=self.labels)
        return float(exp.score), explanation_record(exp, labels=self.labels)


@dataclass(frozen=True)
class ToWord:
    """One pair's stored explanation and what the reader may see of each of the two
    people's attributes (from `profiles.selectors.visible_attribute_codes`)."""

    record: dict[str, Any]
    mentee_visible: frozenset[Codes]
    mentor_visible: frozenset[Codes]
    reader_is_mentee: bool = False


def round_reasons(items: Sequence[ToWord]) -> list[list[str]]:
    """The sentences of each pair for one reader (R22, B4).

    A shared attribute is named only when the reader may see it of both people; the
    voice is the mentee's ("You share") only when the reader is that mentee, otherwise
    neutral ("Both share"). A record stored before shared codes were kept (its `reasons`
    sentences, with every "You share" sentence removed by migration) is given as stored.
    """
    labels = labels_all() if items else None
    wish_only = set(_wish_only_categories()) if items else set()
    out = []
    for item in items:
        record = item.record or {}
        if "shared" not in record:
            out.append([s for s in record.get("reasons", ()) if not s.startswith("You share")])
            continue
        assert labels is not None
        said = reasons_from_record(
            record,
            named=item.mentee_visible & item.mentor_visible,
            labels=labels,
            wish_only=wish_only,
            voice="mentee" if item.reader_is_mentee else "neutral",
        )
        out.append(said.worded(voice="mentee" if item.reader_is_mentee else "neutral"))
    return out


# Mentee fields private to the mentee: eligibility (R11: owner and staff only) and how
# much each background matters (answers the mentee was told are private).
_MENTEE_PRIVATE = ("urim", "first_gen", "low_income", "affinity_weights", "must_share")
# A mentor's `urim` comes from their qualification's basis; it feeds only aggregates.
_MENTOR_PRIVATE = ("urim",)


def instance_redacted(
    instance: RoundInstance, *, visible: dict[int, frozenset[Codes]]
) -> dict[str, Any]:
    """The copy of a round's instance that its managers may download (R22, R36).

    Still a `quiltmatch-instance/1` with the same round keys (so `python -m quiltmatch
    solve` runs on it and its result imports), but each person's attributes are cut to
    the codes in `visible` (user id -> codes the reader may see, from the profiles rule)
    and the fields private to a person are left out (keys removed, not nulled):
    eligibility, a mentee's background preferences (the wish-only attributes the adapter
    derives from them go with them, as they are no attribute the mentee holds) and a
    mentor's URiM flag. Solving it therefore need not give the round's proposal: only the
    full instance does, and only staff get that. Marked ``"redacted": true``.
    """
    user_of = {p.key: p.user_id for p in [*instance.mentees, *instance.mentors]}

    def cut(person: dict[str, Any], private: tuple[str, ...]) -> dict[str, Any]:
        seen = visible.get(user_of[str(person["id"])], frozenset())
        out = {k: v for k, v in person.items() if k not in private}
        if "attributes" in out:
            out["attributes"] = [a for a in out["attributes"] if (a[0], a[1]) in seen]
            if not out["attributes"]:
                del out["attributes"]
        return out

    data = dict(instance.data)
    data["mentees"] = [cut(p, _MENTEE_PRIVATE) for p in instance.data["mentees"]]
    data["mentors"] = [cut(p, _MENTOR_PRIVATE) for p in instance.data["mentors"]]
    data["redacted"] = True
    return data


def result_pairs_from_json(raw: Any) -> list[tuple[str, str, float, int]]:
    """(mentee key, mentor key, score, rank) from a `quiltmatch-result/1` document."""
    if not isinstance(raw, dict) or raw.get("format") != jsonio.RESULT_FORMAT:
        raise ValueError(f"expected a {jsonio.RESULT_FORMAT} document")
    out = []
    for p in raw.get("pairs", ()):
        out.append(
            (str(p["mentee"]), str(p["mentor"]), float(p.get("score", 0)), int(p.get("round", 1)))
        )
    return out
