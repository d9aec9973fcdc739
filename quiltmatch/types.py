"""Frozen dataclasses that go into and come out of the engine.

Only opaque ids (``int`` or ``str``), integer codes and numbers enter the engine:
no names, emails or free text about people. Affinity dimensions and their
categories, needs, specialties, tracks and meeting formats are integer codes
chosen by the caller (they are data, R37); the engine never hard-codes them.
The only built-in categories are the three tracked mentee groups (URiM, first
generation, low income) and the mentor's URiM flag, which feed the fairness and
load-equity report (B2) and are never used to score a pair.

Human words for explanations come from an optional :class:`Labels` mapping
supplied by the caller.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass, field
from typing import Any, Literal

Id = int | str
"""An opaque identifier of a mentor or mentee (never a name or an email)."""

GROUPS: tuple[str, ...] = ("urim", "first_gen", "low_income")
"""The tracked mentee groups of the fairness report (R11)."""

FACTORS: tuple[str, ...] = ("affinity", "needs", "availability", "responsiveness", "fit")
"""The score factors, in the order explanations list them."""


class FrozenDict[K, V](Mapping[K, V]):
    """An immutable, hashable and picklable mapping (used inside frozen dataclasses)."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data or {})
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: K, default: Any = None) -> Any:
        return self._data.get(key, default)

    def items(self) -> ItemsView[K, V]:
        return self._data.items()

    def keys(self) -> KeysView[K]:
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        return self._data.values()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._data,))


def _frozen_ints(value: object) -> frozenset[int]:
    if isinstance(value, frozenset):
        return value
    return frozenset(value)  # type: ignore[call-overload, no-any-return]


def _frozen_ids(value: object) -> frozenset[Id]:
    if isinstance(value, frozenset):
        return value
    return frozenset(value)  # type: ignore[call-overload, no-any-return]


def _check_id(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"{what} must be an int or a str, got {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class Attribute:
    """One affinity attribute a person holds, e.g. dimension "language", category "Spanish".

    ``dimension`` and ``category`` are caller-defined integer codes. ``consented`` is the
    owner's consent to use this attribute for matching; an attribute without consent is
    never used, compared or shown (R19, B4).
    """

    dimension: int
    category: int
    consented: bool = True


@dataclass(frozen=True, slots=True)
class Mentor:
    """A mentor as the engine sees them.

    Attributes:
        id: opaque id.
        capacity: the most mentees this mentor takes at once (R6: at most 3; the mentor may
            choose fewer). The engine honours whatever value is given.
        load: mentees the mentor already has (active mentorships outside this batch).
            Free capacity is ``capacity - load``.
        institution: institution code, or None when unknown.
        national: True when visible to every institution's mentees; False means local
            only: matched only with mentees of the same institution (R3).
        ready: agreement accepted and required training attested (R5). Not ready means
            never matched or recommended.
        suspended: suspended from search for repeated lapses (R8); never matched.
        attributes: affinity attributes, each with its own consent flag.
        areas: need codes the mentor helps with.
        specialties: specialty codes.
        tracks: track/profession codes the mentor can advise on (MD, DO, nursing...).
        tz_offset_minutes: UTC offset of the mentor's time zone in minutes, or None.
        formats: meeting-format codes the mentor offers; empty means any.
        response_days: median days to answer a mentorship request, or None (no history).
        answered: requests answered in time (R8).
        lapsed: requests that lapsed unanswered (R8).
        urim: the mentor is from a URiM background. Used only in the load-equity report
            (B2, R23), never in scores.
    """

    id: Id
    capacity: int = 1
    load: int = 0
    institution: int | None = None
    national: bool = True
    ready: bool = True
    suspended: bool = False
    attributes: tuple[Attribute, ...] = ()
    areas: frozenset[int] = frozenset()
    specialties: frozenset[int] = frozenset()
    tracks: frozenset[int] = frozenset()
    tz_offset_minutes: int | None = None
    formats: frozenset[int] = frozenset()
    response_days: float | None = None
    answered: int = 0
    lapsed: int = 0
    urim: bool = False

    def __post_init__(self) -> None:
        _check_id(self.id, "Mentor.id")
        if self.capacity < 0 or self.load < 0:
            raise ValueError(f"mentor {self.id!r}: capacity and load must be >= 0")
        if self.answered < 0 or self.lapsed < 0:
            raise ValueError(f"mentor {self.id!r}: answered and lapsed must be >= 0")
        if self.response_days is not None and not (
            math.isfinite(self.response_days) and self.response_days >= 0
        ):
            raise ValueError(f"mentor {self.id!r}: response_days must be finite and >= 0")
        object.__setattr__(self, "attributes", tuple(self.attributes))
        for name in ("areas", "specialties", "tracks", "formats"):
            object.__setattr__(self, name, _frozen_ints(getattr(self, name)))

    @property
    def free(self) -> int:
        """Free places: ``max(0, capacity - load)``."""
        return max(0, self.capacity - self.load)


@dataclass(frozen=True, slots=True)
class Mentee:
    """A mentee as the engine sees them.

    Attributes:
        id: opaque id.
        institution: institution code, or None.
        attributes: affinity attributes, each with its own consent flag.
        affinity_weights: dimension code -> how much sharing it matters to the mentee
            (any non-negative number; only ratios matter; 0 or absent means not at all).
        must_share: dimension codes on which the mentor must share at least one of the
            mentee's consented categories (a hard filter). A must-share dimension on which
            the mentee consented no attribute can be met by nobody.
        needs: need codes, most important first (the prioritised needs of R19).
        specialties: specialty codes of interest.
        track: the mentee's track/profession code, or None.
        tz_offset_minutes: UTC offset in minutes, or None.
        formats: acceptable meeting-format codes; empty means any.
        wants: number of mentors wanted from a batch round (0 = none).
        excluded: mentor ids never to propose (declined, conflict, the person themself).
        current_mentors: mentor ids already in the mentee's quilt; never proposed again.
        urim, first_gen, low_income: the tracked groups (R11), used only for the
            fairness report and group floors, never in scores.
    """

    id: Id
    institution: int | None = None
    attributes: tuple[Attribute, ...] = ()
    affinity_weights: Mapping[int, float] = field(default_factory=dict)
    must_share: frozenset[int] = frozenset()
    needs: tuple[int, ...] = ()
    specialties: frozenset[int] = frozenset()
    track: int | None = None
    tz_offset_minutes: int | None = None
    formats: frozenset[int] = frozenset()
    wants: int = 1
    excluded: frozenset[Id] = frozenset()
    current_mentors: frozenset[Id] = frozenset()
    urim: bool = False
    first_gen: bool = False
    low_income: bool = False

    def __post_init__(self) -> None:
        _check_id(self.id, "Mentee.id")
        if self.wants < 0:
            raise ValueError(f"mentee {self.id!r}: wants must be >= 0")
        weights = dict(self.affinity_weights)
        for dim, w in weights.items():
            if not (math.isfinite(w) and w >= 0):
                raise ValueError(f"mentee {self.id!r}: weight of dimension {dim} must be >= 0")
        object.__setattr__(self, "affinity_weights", FrozenDict(weights))
        object.__setattr__(self, "attributes", tuple(self.attributes))
        # Keep the first occurrence of each need: order is priority.
        object.__setattr__(self, "needs", tuple(dict.fromkeys(self.needs)))
        for name in ("must_share", "specialties", "formats"):
            object.__setattr__(self, name, _frozen_ints(getattr(self, name)))
        for name in ("excluded", "current_mentors"):
            object.__setattr__(self, name, _frozen_ids(getattr(self, name)))

    def groups(self) -> tuple[bool, bool, bool]:
        """Membership of the tracked groups, in the order of :data:`GROUPS`."""
        return (self.urim, self.first_gen, self.low_income)


@dataclass(frozen=True, slots=True)
class Weights:
    """The score model's parameters. Every factor value is in [0, 1]; the score is the
    weighted mean of the factors that apply to the mentee, so it is in [0, 1] too.

    Factor weights (any non-negative numbers; they are renormalised over the factors that
    apply to a mentee: affinity applies when the mentee weighted a dimension on which they
    consented an attribute, needs when they named needs, fit when they named specialties
    or a track; availability and responsiveness always apply). R20 asks that availability
    and responsiveness weigh most, hence the defaults.

    Attributes:
        affinity, needs, availability, responsiveness, fit: factor weights.
        need_priority_decay: the r-th need (0-based, best first) weighs ``decay ** r``.
        capacity_share, timezone_share, format_share: the mix inside availability.
        timezone_grace_hours: a difference up to this many hours counts as a full match.
        timezone_zero_hours: from this many hours apart the time-zone part is 0.
        response_half_life_days: answering after this many days halves the speed part.
        new_mentor_responsiveness: value given to a mentor with no response history.
        specialty_share, track_share: the mix inside fit.
    """

    affinity: float = 0.20
    needs: float = 0.20
    availability: float = 0.25
    responsiveness: float = 0.25
    fit: float = 0.10
    need_priority_decay: float = 0.7
    capacity_share: float = 1.0
    timezone_share: float = 1.0
    format_share: float = 1.0
    timezone_grace_hours: float = 1.0
    timezone_zero_hours: float = 6.0
    response_half_life_days: float = 3.0
    new_mentor_responsiveness: float = 0.6
    specialty_share: float = 1.0
    track_share: float = 1.0

    def __post_init__(self) -> None:
        for name in self.__slots__:
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"Weights.{name} must be finite and >= 0")
        if self.availability + self.responsiveness <= 0:
            raise ValueError("availability + responsiveness weights must be > 0")
        if not 0 < self.need_priority_decay <= 1:
            raise ValueError("need_priority_decay must be in (0, 1]")
        if self.capacity_share + self.timezone_share + self.format_share <= 0:
            raise ValueError("the availability mix must not be all zero")
        if self.timezone_zero_hours <= self.timezone_grace_hours:
            raise ValueError("timezone_zero_hours must exceed timezone_grace_hours")
        if self.response_half_life_days <= 0:
            raise ValueError("response_half_life_days must be > 0")
        if self.new_mentor_responsiveness > 1:
            raise ValueError("new_mentor_responsiveness must be in [0, 1]")

    def factor_weights(self) -> tuple[float, float, float, float, float]:
        """Factor weights in the order of :data:`FACTORS`."""
        return (self.affinity, self.needs, self.availability, self.responsiveness, self.fit)


def _frozen_map(value: Mapping[object, str] | None) -> Mapping[object, str]:
    return FrozenDict(value)


@dataclass(frozen=True, slots=True)
class Labels:
    """Plain-language labels for codes, supplied by the caller so that the engine holds
    no text about people. Missing labels fall back to a neutral phrase with the code.

    Attributes:
        dimensions: dimension code -> label ("language").
        categories: (dimension, category) -> label ("Spanish", "first-generation college").
        needs, specialties, tracks, formats: code -> label.
    """

    dimensions: Mapping[int, str] = field(default_factory=dict)
    categories: Mapping[tuple[int, int], str] = field(default_factory=dict)
    needs: Mapping[int, str] = field(default_factory=dict)
    specialties: Mapping[int, str] = field(default_factory=dict)
    tracks: Mapping[int, str] = field(default_factory=dict)
    formats: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in self.__slots__:
            object.__setattr__(self, name, _frozen_map(getattr(self, name)))

    def category(self, dimension: int, category: int) -> str:
        label = self.categories.get((dimension, category))
        if label is not None:
            return label
        dim = self.dimensions.get(dimension)
        return f"{dim} #{category}" if dim else f"background #{dimension}.{category}"

    def need(self, code: int) -> str:
        return self.needs.get(code) or f"need #{code}"

    def specialty(self, code: int) -> str:
        return self.specialties.get(code) or f"specialty #{code}"

    def track(self, code: int) -> str:
        return self.tracks.get(code) or f"track #{code}"

    def format(self, code: int) -> str:
        return self.formats.get(code) or f"format #{code}"


@dataclass(frozen=True, slots=True)
class Contribution:
    """One factor's part of a score.

    ``weight`` is the factor's share of the score for this mentee (weights renormalised
    over the applicable factors, summing to 1), ``value`` the factor in [0, 1], and
    ``points = weight * value`` its contribution: the points of all factors sum to the
    score. ``details`` are short plain-language phrases.
    """

    factor: str
    weight: float
    value: float
    points: float
    details: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a mentor fits a mentee (B4), using only attributes both consented to.

    Structured parts (codes) let a caller render its own words; ``text`` is ready to show.
    ``filters`` holds the codes of the hard filters that exclude the pair (empty when the
    pair is acceptable; see ``quiltmatch.scoring.FILTER_TEXT``).
    """

    mentee_id: Id
    mentor_id: Id
    score: float
    contributions: tuple[Contribution, ...]
    shared: tuple[tuple[int, int], ...]
    needs_covered: tuple[int, ...]
    needs_missing: tuple[int, ...]
    text: str
    filters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One ranked mentor for a mentee, with its explanation."""

    mentor_id: Id
    score: float
    explanation: Explanation


Mode = Literal["optimal", "stable", "blended"]
Fairness = Literal["none", "normalize"]


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Options of a batch pairing (R22, R23).

    Attributes:
        mode: ``optimal`` maximises the total (after the options below) by min-cost flow;
            ``stable`` runs mentee-proposing deferred acceptance; ``blended`` is optimal with
            each pair's weight raised by ``blend_convexity * c(score)`` (c convex, see
            ``quiltmatch.assign._convex``) and, for the pairs of the stable matching of both
            sides' rankings, by ``blend``: the optimum is nudged toward stability.
        load_costs: marginal cost, in score points, of a mentor's k-th mentee (index k-1,
            counting the mentor's existing load), non-decreasing; the last value repeats.
            Increasing costs spread load across the pool against the minority tax (R23).
        prioritize_coverage: match as many mentees as possible first (max-cardinality),
            then maximise the score.
        fairness: ``none`` optimises raw scores; ``normalize`` divides each mentee's scores
            by their best attainable candidate score in the objective, so mentees whose
            attainable scores are low are not left out for it. On synthetic cohorts
            ``normalize`` lost more score and did not close group gaps, while raw scores with
            group floors (``group_tolerance``) did: hence the default.
        group_tolerance: when set, the match rate of each tracked mentee group is brought
            within this distance of the overall rate by per-group bonuses (Lagrangian
            multipliers, re-solving at most ``max_fairness_rounds`` times). None disables.
        max_fairness_rounds: cap on those re-solves per round.
        blend: bonus of the blended mode on the stable matching's pairs, in score points.
        blend_convexity: weight of the blended mode's convex score bonus.
        candidates: candidate mentors kept per mentee when scoring profiles (top by score).
        reverse_candidates: when scoring profiles, a mentor who is a candidate of fewer than
            ``reverse_candidates * free places`` mentees also gets that many of their own
            best acceptable mentees as candidates, so that mentors nobody ranks highly
            (often local mentors) can still be matched. 0 disables.
        min_score: pairs scoring below this are not acceptable.
    """

    mode: Mode = "optimal"
    load_costs: tuple[float, ...] = (0.0, 0.02, 0.06)
    prioritize_coverage: bool = True
    fairness: Fairness = "none"
    group_tolerance: float | None = 0.01
    max_fairness_rounds: int = 4
    blend: float = 0.01
    blend_convexity: float = 1.0
    candidates: int = 50
    reverse_candidates: int = 5
    min_score: float = 0.0

    def __post_init__(self) -> None:
        if self.mode not in ("optimal", "stable", "blended"):
            raise ValueError(f"unknown mode {self.mode!r}")
        if self.fairness not in ("none", "normalize"):
            raise ValueError(f"unknown fairness {self.fairness!r}")
        costs = tuple(float(c) for c in self.load_costs)
        if any(not math.isfinite(c) or c < 0 for c in costs):
            raise ValueError("load_costs must be finite and >= 0")
        if any(b < a for a, b in itertools.pairwise(costs)):
            raise ValueError("load_costs must be non-decreasing (convex load cost)")
        object.__setattr__(self, "load_costs", costs)
        if self.group_tolerance is not None and self.group_tolerance < 0:
            raise ValueError("group_tolerance must be >= 0")
        if self.max_fairness_rounds < 0 or self.candidates < 1 or self.reverse_candidates < 0:
            raise ValueError(
                "max_fairness_rounds and reverse_candidates must be >= 0, candidates >= 1"
            )
        for name in ("blend", "blend_convexity"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be >= 0")

    def load_cost(self, slot: int) -> float:
        """Marginal cost of a mentor's ``slot``-th mentee (1-based)."""
        if not self.load_costs or slot < 1:
            return 0.0
        return self.load_costs[min(slot, len(self.load_costs)) - 1]


@dataclass(frozen=True, slots=True)
class Instance:
    """A batch-pairing instance with its acceptable pairs already scored (or ranked).

    This is the format of the command-line interface and of reproducible research runs.

    Attributes:
        mentors: only ``id``, ``capacity``, ``load`` and ``urim`` are used.
        mentees: only ``id``, ``wants`` and the group flags are used.
        pairs: acceptable pairs ``(mentee_id, mentor_id, score)``, score in [0, 1]; None when
            both sides give explicit preference lists instead.
        mentee_preferences, mentor_preferences: optional explicit lists, best first. A person
            with a list finds acceptable only whom they list; a pair is acceptable only if
            every side that has a list lists the other.
        fixed: pairs to keep as they are (they use capacity and count as first mentors).
        forbidden: pairs never to make.
    """

    mentors: tuple[Mentor, ...]
    mentees: tuple[Mentee, ...]
    pairs: tuple[tuple[Id, Id, float], ...] | None = None
    mentee_preferences: Mapping[Id, tuple[Id, ...]] = field(default_factory=dict)
    mentor_preferences: Mapping[Id, tuple[Id, ...]] = field(default_factory=dict)
    fixed: tuple[tuple[Id, Id], ...] = ()
    forbidden: tuple[tuple[Id, Id], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "mentors", tuple(self.mentors))
        object.__setattr__(self, "mentees", tuple(self.mentees))
        if self.pairs is not None:
            object.__setattr__(self, "pairs", tuple((p[0], p[1], float(p[2])) for p in self.pairs))
        for name in ("mentee_preferences", "mentor_preferences"):
            prefs = {k: tuple(v) for k, v in getattr(self, name).items()}
            object.__setattr__(self, name, FrozenDict(prefs))
        object.__setattr__(self, "fixed", tuple((a, b) for a, b in self.fixed))
        object.__setattr__(self, "forbidden", tuple((a, b) for a, b in self.forbidden))


@dataclass(frozen=True, slots=True)
class Pair:
    """One proposed mentorship. ``round`` is 1 for a mentee's first mentor of the batch,
    2 for the second, and so on; ``fixed`` marks a pair kept from the input."""

    mentee_id: Id
    mentor_id: Id
    score: float
    round: int = 1
    fixed: bool = False


@dataclass(frozen=True, slots=True)
class GroupRate:
    """Match rate of one tracked mentee group against the overall rate.

    ``rate`` is matched / size (0 when the group is empty), ``gap = rate - overall rate``.
    """

    group: str
    size: int
    matched: int
    rate: float
    gap: float
    mean_score: float


@dataclass(frozen=True, slots=True)
class Report:
    """What a coordinator needs to judge a result (R22, R23, B2).

    Attributes:
        mentees, mentors: counts in the instance.
        pairs: pairs in the result (fixed included).
        matched: mentees with at least one mentor; unmatched: with none (among those who
            wanted one); short: mentees who got fewer mentors than they wanted.
        total_score, mean_score: sum and mean of the pairs' scores.
        load_cost: total marginal load cost of the new and fixed pairs.
        objective: total_score - load_cost.
        solver_objective: what the solver maximised (after normalisation, group bonuses and
            blending), in score points; equals objective for plain settings.
        blocking_pairs: acceptable pairs that both sides would rather form (preferences
            from explicit lists where given, else from scores).
        load_histogram: (mentees, number of mentors with that many) over all mentors,
            counting existing load plus this result.
        urim_mentors, other_mentors: mentor counts by URiM background.
        urim_mean_load, other_mean_load: mean mentees per mentor after the result.
        urim_share_of_pairs: share of the result's pairs taken by URiM mentors;
        urim_share_of_capacity: their share of the free capacity offered.
        overall_rate: matched / mentees who wanted a mentor.
        groups: per tracked group rates and gaps (B2).
        fairness_rounds: solves spent bringing groups within tolerance.
    """

    mentees: int
    mentors: int
    pairs: int
    matched: int
    unmatched: int
    short: int
    total_score: float
    mean_score: float
    load_cost: float
    objective: float
    solver_objective: float
    blocking_pairs: int
    load_histogram: tuple[tuple[int, int], ...]
    urim_mentors: int
    other_mentors: int
    urim_mean_load: float
    other_mean_load: float
    urim_share_of_pairs: float
    urim_share_of_capacity: float
    overall_rate: float
    groups: tuple[GroupRate, ...]
    fairness_rounds: int = 0


@dataclass(frozen=True, slots=True)
class Result:
    """A batch-pairing result: the proposal a coordinator reviews (R22)."""

    mode: Mode
    pairs: tuple[Pair, ...]
    unmatched: tuple[Id, ...]
    blocking: tuple[tuple[Id, Id], ...]
    report: Report
    config: MatchConfig
    version: str
