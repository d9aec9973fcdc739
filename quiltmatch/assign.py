"""Batch pairing of a cohort (R22, R23, B2).

Two entry points share one core:

* :func:`solve` takes an :class:`~quiltmatch.types.Instance` whose acceptable pairs are
  already scored or ranked (the command-line and research format);
* :func:`pair_cohort` scores mentees against a :class:`~quiltmatch.scoring.MentorPool`,
  keeps the top ``config.candidates`` acceptable mentors of each mentee, then solves.

Modes (see :class:`~quiltmatch.types.MatchConfig`):

``optimal``
    Exact maximum of ``sum(weight of pair) - sum(load cost of the mentor slot used)`` by
    min-cost flow (OR-Tools ``SimpleMinCostFlow``, costs scaled to integers by
    :data:`SCALE`), over the matchings that match as many mentees as possible when
    ``prioritize_coverage`` (max-flow with min cost). A mentor's k-th mentee costs
    ``load_costs[k-1]`` (existing load counts), one arc per slot; non-decreasing costs
    make the flow fill cheap slots first, which spreads load (R23).
``stable``
    Mentee-proposing deferred acceptance, many-to-one (like the residency match): the
    mentee-optimal stable matching.
``blended``
    ``optimal`` with each pair's weight raised by ``blend_convexity * c(score)``, a convex
    bonus that favours the best-scored pairs (the stable matching of score-derived
    preferences is the greedy-by-score one), and, for the pairs of the stable matching of
    both sides' rankings (explicit lists included), by ``blend``. The optimum is nudged
    toward stability: on synthetic cohorts, about two thirds fewer blocking pairs for
    under 1% of the score. (Bonuses on each side's rank, tried first, made blocking pairs
    more frequent; see quiltmatch/README.md.)

Mentees who want several mentors get them in rounds: round r pairs only mentees who have
r - 1 mentors, with the capacity left, so everyone gets a first mentor before anyone gets a
second. Fixed pairs are placed first and count as the earliest mentors. Everything is
deterministic: ties are broken by input order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from heapq import heappush, heapreplace

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from quiltmatch import __version__
from quiltmatch.scoring import Candidates, MentorPool
from quiltmatch.types import (
    GROUPS,
    GroupRate,
    Id,
    Instance,
    MatchConfig,
    Mentee,
    Pair,
    Report,
    Result,
)

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]

SCALE = 10**8
"""Score points are scaled by this to integer flow costs (resolution 1e-8 per pair)."""


@dataclass(slots=True)
class Problem:
    """Internal array form of a batch problem. Edges are acceptable pairs.

    ``pkey``/``mkey`` order each side's preferences (smaller is better: the position in an
    explicit list, else minus the score; ties go to the lower index on the other side).
    """

    mentee_ids: list[Id]
    mentor_ids: list[Id]
    capacity: I64
    load: I64
    wants: I64
    groups: Bool  # (mentees, 3)
    mentor_urim: Bool
    ei: I64
    ej: I64
    es: F64
    p_explicit: Bool  # per mentee: preferences from an explicit list
    m_explicit: Bool  # per mentor
    pkey: F64
    mkey: F64
    fixed: I64 = field(default_factory=lambda: np.zeros(0, np.int64))  # edge indices

    def ranks(self) -> tuple[I64, I64]:
        """Each edge's rank (0 = best) in its mentee's and in its mentor's preferences."""
        return _positions(self.ei, self.pkey, self.ej), _positions(self.ej, self.mkey, self.ei)


def _positions(group: I64, key: F64, tie: I64) -> I64:
    """Rank (0-based) of each element within its group, ordered by key then tie."""
    if len(group) == 0:
        return np.zeros(0, np.int64)
    dg, dk, dt = np.diff(group), np.diff(key), np.diff(tie)
    if np.all((dg > 0) | ((dg == 0) & ((dk > 0) | ((dk == 0) & (dt > 0))))):
        # already in (group, key, tie) order: ranks are positions within each group
        idx = np.arange(len(group), dtype=np.int64)
        first = np.r_[True, dg != 0]
        return idx - np.maximum.accumulate(np.where(first, idx, 0))
    # stable passes: tie, then key, then group (= lexsort((tie, key, group)))
    order = np.argsort(tie, kind="stable")
    order = order[np.argsort(key[order], kind="stable")]
    order = order[np.argsort(group[order], kind="stable")]
    g = group[order]
    idx = np.arange(len(g), dtype=np.int64)
    first = np.r_[True, g[1:] != g[:-1]]
    start = np.maximum.accumulate(np.where(first, idx, 0))
    pos = np.empty(len(g), dtype=np.int64)
    pos[order] = idx - start
    return pos


# ----------------------------------------------------------------------------------------
# round solvers


def _flow(
    ei: I64,
    ej: I64,
    w: F64,
    n: int,
    m: int,
    slot_costs: list[F64],
    prioritize: bool,
) -> Bool:
    """Max-weight b-matching by min-cost flow. ``ei`` in [0, n), ``ej`` in [0, m); mentor j
    has ``len(slot_costs[j])`` free slots with those marginal costs (non-decreasing).
    Returns the chosen-edge mask."""
    if len(ei) == 0:
        return np.zeros(0, np.bool_)
    wmax = float(max(w.max(), 0.0))
    src, sink = n + m, n + m + 1
    slots_j = np.repeat(np.arange(m, dtype=np.int64), [len(c) for c in slot_costs])
    slot_cost = np.concatenate(slot_costs) if slot_costs else np.zeros(0)
    tails = [np.full(n, src), ei, slots_j + n]
    heads = [np.arange(n), ej + n, np.full(len(slots_j), sink)]
    costs = [
        np.zeros(n, np.int64),
        np.rint((wmax - w) * SCALE).astype(np.int64),
        np.rint(slot_cost * SCALE).astype(np.int64),
    ]
    if not prioritize:  # a mentee may stay unmatched at cost wmax
        tails.append(np.arange(n))
        heads.append(np.full(n, sink))
        costs.append(np.full(n, round(wmax * SCALE), np.int64))
    tail = np.concatenate(tails).astype(np.int32)
    head = np.concatenate(heads).astype(np.int32)
    cost = np.concatenate(costs)
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tail, head, np.ones(len(tail), np.int64), cost)
    solver.set_node_supply(src, n)
    solver.set_node_supply(sink, -n)
    status = solver.solve_max_flow_with_min_cost() if prioritize else solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    arcs = np.arange(n, n + len(ei), dtype=np.int32)
    flows = np.asarray(solver.flows(arcs))
    return flows > 0


def _deferred_acceptance(ei: I64, ej: I64, prank: I64, mrank: I64, n: int, cap: I64) -> Bool:
    """Mentee-proposing deferred acceptance (one mentor per mentee, mentor j takes up to
    ``cap[j]``), returning the chosen-edge mask: the mentee-optimal stable matching.
    Ranks are 0 = best and strict within each person. Each mentor holds a heap of its
    tentative mentees keyed by rank, so a proposal costs O(log cap)."""
    E = len(ei)
    chosen = np.zeros(E, np.bool_)
    if E == 0:
        return chosen
    order = np.lexsort((prank, ei))
    counts = np.bincount(ei, minlength=n)
    ptr = np.concatenate(([0], np.cumsum(counts))).tolist()
    o_i = ei[order].tolist()
    o_j = ej[order].tolist()
    o_r = mrank[order].tolist()
    capl = cap.tolist()
    held: list[list[tuple[int, int]]] = [[] for _ in capl]
    nxt = ptr[:-1]
    end = ptr[1:]
    free = [i for i in range(n - 1, -1, -1) if counts[i] > 0]
    while free:
        i = free.pop()
        q = nxt[i]
        stop = end[i]
        while q < stop:
            j = o_j[q]
            r = o_r[q]
            q += 1
            h = held[j]
            if len(h) < capl[j]:
                heappush(h, (-r, q - 1))
                break
            if h and -h[0][0] > r:
                _, out = heapreplace(h, (-r, q - 1))
                nxt[i] = q
                i = o_i[out]  # the displaced mentee proposes on
                q = nxt[i]
                stop = end[i]
        nxt[i] = q
    for h in held:
        for _, q in h:
            chosen[order[q]] = True
    return chosen


# ----------------------------------------------------------------------------------------
# core


@dataclass(slots=True)
class _State:
    chosen: list[I64]
    rounds: list[I64]
    scores: list[F64]
    solver_objective: float = 0.0
    fairness_rounds: int = 0


Rescore = Callable[[int, I64, I64, I64], F64]
"""(round, edge indices of the round, chosen edges so far, their rounds) -> edge scores."""


def _run(problem: Problem, config: MatchConfig, rescore: Rescore | None = None) -> Result:
    p = problem
    n, m = len(p.mentee_ids), len(p.mentor_ids)
    E = len(p.ei)
    count_i = np.zeros(n, np.int64)
    used_j = np.zeros(m, np.int64)
    taken = np.zeros(E, np.bool_)
    st = _State([], [], [])
    # fixed pairs first
    if len(p.fixed):
        fx = p.fixed
        np.add.at(count_i, p.ei[fx], 1)
        np.add.at(used_j, p.ej[fx], 1)
        over = np.flatnonzero(p.load + used_j > p.capacity)
        if len(over):
            raise ValueError(f"fixed pairs exceed the capacity of mentor {p.mentor_ids[over[0]]!r}")
        taken[fx] = True
        # round of a fixed pair = its order among the mentee's fixed pairs
        fr = _positions(p.ei[fx], fx.astype(np.float64), fx) + 1
        st.chosen.append(fx)
        st.rounds.append(fr)
        st.scores.append(p.es[fx])
        st.solver_objective = float(p.es[fx].sum()) - _fixed_load_cost(p, fx, config)
    max_round = int(p.wants.max()) if n else 0
    for r in range(1, max_round + 1):
        active = (p.wants >= r) & (count_i == r - 1)
        free_j = p.capacity - p.load - used_j
        sel = np.flatnonzero(active[p.ei] & ~taken & (free_j[p.ej] > 0))
        if len(sel) == 0:
            continue
        if rescore is not None and r > 1:
            chosen_so_far = np.concatenate(st.chosen) if st.chosen else np.zeros(0, np.int64)
            rounds_so_far = np.concatenate(st.rounds) if st.rounds else np.zeros(0, np.int64)
            s = rescore(r, sel, chosen_so_far, rounds_so_far)
        else:
            s = p.es[sel]
        pre = count_i > 0
        pick, obj, fr_used = _solve_round(p, config, sel, s, free_j, used_j, r, pre)
        st.fairness_rounds += fr_used
        chosen = sel[pick]
        taken[chosen] = True
        np.add.at(count_i, p.ei[chosen], 1)
        np.add.at(used_j, p.ej[chosen], 1)
        st.chosen.append(chosen)
        st.rounds.append(np.full(len(chosen), r, np.int64))
        st.scores.append(s[pick])
        st.solver_objective += obj
    return _result(p, config, st)


def _fixed_load_cost(p: Problem, fx: I64, config: MatchConfig) -> float:
    per_mentor = np.bincount(p.ej[fx], minlength=len(p.mentor_ids))
    total = 0.0
    for j in np.flatnonzero(per_mentor).tolist():
        base = int(p.load[j])
        total += sum(config.load_cost(base + k) for k in range(1, int(per_mentor[j]) + 1))
    return total


def _slot_costs(
    p: Problem, config: MatchConfig, mentors: I64, free_j: I64, used_j: I64
) -> list[F64]:
    out = []
    for j in mentors.tolist():
        first = int(p.load[j] + used_j[j]) + 1
        out.append(
            np.array([config.load_cost(first + k) for k in range(int(free_j[j]))], dtype=np.float64)
        )
    return out


def _solve_round(
    p: Problem,
    config: MatchConfig,
    sel: I64,
    s: F64,
    free_j: I64,
    used_j: I64,
    r: int,
    pre: Bool,
) -> tuple[Bool, float, int]:
    """Solve one round on edges ``sel`` with scores ``s``; ``pre`` marks the mentees
    matched before the round. Returns (chosen mask over sel, solver objective of the
    round, fairness re-solves used)."""
    ei, ej = p.ei[sel], p.ej[sel]
    mentees, li = _compact(ei, len(p.mentee_ids))
    mentors, lj = _compact(ej, len(p.mentor_ids))
    # round ranks: explicit keys where given, else the round's scores
    pkey = np.where(p.p_explicit[ei], p.pkey[sel], -s)
    mkey = np.where(p.m_explicit[ej], p.mkey[sel], -s)
    if config.mode == "stable":
        prank = _positions(li, pkey, lj)
        mrank = _positions(lj, mkey, li)
        pick = _deferred_acceptance(li, lj, prank, mrank, len(mentees), free_j[mentors])
        costs = _slot_costs(p, config, mentors, free_j, used_j)
        return pick, _objective(s, pick, lj, costs), 0
    w = s.copy()
    if config.fairness == "normalize":
        best = np.zeros(len(mentees))
        np.maximum.at(best, li, s)
        w = np.divide(s, best[li], out=np.zeros_like(s), where=best[li] > 0)
    if config.mode == "blended":
        w = w + config.blend_convexity * _convex(s)
        if config.blend > 0:  # nudge toward the stable matching of both sides' rankings
            prank = _positions(li, pkey, lj)
            mrank = _positions(lj, mkey, li)
            anchor = _deferred_acceptance(li, lj, prank, mrank, len(mentees), free_j[mentors])
            w = w + config.blend * anchor
    costs = _slot_costs(p, config, mentors, free_j, used_j)
    base_w = w
    pick = _flow(li, lj, w, len(mentees), len(mentors), costs, config.prioritize_coverage)
    used = 0
    if config.group_tolerance is not None and r == 1 and config.max_fairness_rounds > 0:
        pick, used = _group_floors(
            li,
            lj,
            base_w,
            pick,
            _FairnessFrame(p.groups, p.wants > 0, pre, mentees),
            len(mentors),
            costs,
            config,
        )
    return pick, _objective(base_w, pick, lj, costs), used


@dataclass(slots=True)
class _FairnessFrame:
    """The population the report measures: every mentee who wants a mentor, matched
    when matched before this round (fixed pairs) or by it."""

    groups: Bool  # (all mentees, groups)
    wanting: Bool
    pre: Bool
    mentees: I64  # round-local mentee index -> global index

    def matched(self, li: I64, pick: Bool) -> Bool:
        out = self.pre.copy()
        out[self.mentees[li[pick]]] = True
        return out

    def gaps(self, li: I64, pick: Bool) -> tuple[F64, F64]:
        """(gap of each group's rate to the overall rate, each group's tolerance unit
        ``1 / size``) over the wanting mentees; empty groups have gap 0."""
        matched = self.matched(li, pick)[self.wanting]
        groups = self.groups[self.wanting]
        overall = matched.mean() if len(matched) else 0.0
        sizes = groups.sum(axis=0)
        gaps = np.array(
            [matched[groups[:, g]].mean() - overall if sizes[g] else 0.0 for g in range(len(sizes))]
        )
        unit = np.array([1.0 / x if x else 1.0 for x in sizes])
        return gaps, unit


def _group_floors(
    li: I64,
    lj: I64,
    w: F64,
    pick: Bool,
    frame: _FairnessFrame,
    n_mentors: int,
    costs: list[F64],
    config: MatchConfig,
) -> tuple[Bool, int]:
    """Bring each tracked group's match rate within tolerance (``group_tolerance``, or
    one person for a small group) of the overall rate, as the report measures it, with
    per-group weight bonuses (Lagrangian multipliers), re-solving at most
    ``config.max_fairness_rounds`` times.

    Match rates react steeply to bonuses (the marginal mentees' weights are close), so
    each group's bonus is searched for: expanding steps until the gap changes sign, then
    bisection of the bracket. Returns the best solution seen (smallest worst excess gap;
    the first one on ties) and the number of re-solves."""
    tol = config.group_tolerance or 0.0
    n = int(li.max()) + 1 if len(li) else 0
    groups = frame.groups[frame.mentees].astype(np.float64)
    k = groups.shape[1]
    bonus = np.zeros(k)
    step = np.full(k, 0.5)
    lo = np.full(k, -np.inf)  # bonuses known to leave the group behind
    hi = np.full(k, np.inf)  # bonuses known to put it ahead

    def excess(pk: Bool) -> tuple[float, F64, F64]:
        gaps, unit = frame.gaps(li, pk)
        limit = np.maximum(tol, unit)
        return float(np.max(np.abs(gaps) - limit, initial=0.0)), gaps, limit

    best_pick = pick
    best_gap, gaps, limit = excess(pick)
    used = 0
    while best_gap > 0 and used < config.max_fairness_rounds:
        for g in range(k):
            if abs(gaps[g]) <= limit[g]:
                continue
            if gaps[g] < 0:
                lo[g] = max(lo[g], bonus[g])
            else:
                hi[g] = min(hi[g], bonus[g])
            if np.isfinite(lo[g]) and np.isfinite(hi[g]):
                bonus[g] = 0.5 * (lo[g] + hi[g])
            else:
                bonus[g] -= step[g] * gaps[g]
                step[g] *= 2.0
        bw = w + (groups @ bonus)[li]
        pick = _flow(li, lj, bw, n, n_mentors, costs, config.prioritize_coverage)
        used += 1
        gap_now, gaps, limit = excess(pick)
        if gap_now < best_gap:
            best_pick, best_gap = pick, gap_now
    return best_pick, used


BLEND_TAU = 0.1
"""Scale of the convex score bonus of the blended mode."""


def _convex(s: F64) -> F64:
    """Convex bonus in [0, 1] for scores in [0, 1]: ``expm1(s / tau) / expm1(1 / tau)``.
    It makes the best-scored pairs worth disproportionately more, which moves a max-weight
    matching toward the greedy-by-score one: the stable matching when both sides rank by
    score."""
    return np.expm1(np.clip(s, 0.0, 1.0) / BLEND_TAU) / np.expm1(1.0 / BLEND_TAU)  # type: ignore[no-any-return]


def _compact(x: I64, size: int) -> tuple[I64, I64]:
    """Distinct values of ``x`` (sorted) and each element's index among them, in O(len)."""
    present = np.zeros(size, np.bool_)
    present[x] = True
    values = np.flatnonzero(present).astype(np.int64)
    index = np.cumsum(present) - 1
    return values, index[x].astype(np.int64)


def _objective(w: F64, pick: Bool, lj: I64, costs: list[F64]) -> float:
    """sum of chosen weights minus the load cost of the slots they fill."""
    per = np.bincount(lj[pick], minlength=len(costs))
    load = sum(float(c[: int(k)].sum()) for c, k in zip(costs, per.tolist(), strict=True) if k)
    return float(w[pick].sum()) - load


# ----------------------------------------------------------------------------------------
# report


def _worst(group: I64, key: F64, tie: I64, size: int) -> tuple[F64, I64]:
    """Per group, the (key, tie) of its lexicographically largest (= least preferred)
    element; (-inf, -1) for empty groups."""
    wk = np.full(size, -np.inf)
    wt = np.full(size, -1, np.int64)
    if len(group):
        order = np.lexsort((tie, key, group))
        g = group[order]
        last = np.r_[g[1:] != g[:-1], True]
        wk[g[last]] = key[order][last]
        wt[g[last]] = tie[order][last]
    return wk, wt


def blocking_mask(p: Problem, chosen: I64) -> Bool:
    """Edges that block the matching ``chosen`` (edge indices): the mentee has a free slot
    or prefers the mentor to one of theirs, and the mentor has a free place or prefers the
    mentee to one of their new mentees. Existing load is never displaced."""
    n, m, E = len(p.mentee_ids), len(p.mentor_ids), len(p.ei)
    in_match = np.zeros(E, np.bool_)
    in_match[chosen] = True
    ci, cj = p.ei[chosen], p.ej[chosen]
    count_i = np.bincount(ci, minlength=n)
    count_j = np.bincount(cj, minlength=m)
    wk_i, wt_i = _worst(ci, p.pkey[chosen], cj, n)
    wk_j, wt_j = _worst(cj, p.mkey[chosen], ci, m)
    ki, kj = wk_i[p.ei], wk_j[p.ej]
    mentee_wants = (
        (count_i[p.ei] < p.wants[p.ei]) | (p.pkey < ki) | ((p.pkey == ki) & (p.ej < wt_i[p.ei]))
    )
    mentor_wants = (
        (p.load[p.ej] + count_j[p.ej] < p.capacity[p.ej])
        | (p.mkey < kj)
        | ((p.mkey == kj) & (p.ei < wt_j[p.ej]))
    )
    return ~in_match & mentee_wants & mentor_wants  # type: ignore[no-any-return]


def _result(p: Problem, config: MatchConfig, st: _State) -> Result:
    n, m = len(p.mentee_ids), len(p.mentor_ids)
    chosen = np.concatenate(st.chosen) if st.chosen else np.zeros(0, np.int64)
    rounds = np.concatenate(st.rounds) if st.rounds else np.zeros(0, np.int64)
    scores = np.concatenate(st.scores) if st.scores else np.zeros(0, np.float64)
    order = np.lexsort((rounds, p.ei[chosen]))
    chosen, rounds, scores = chosen[order], rounds[order], scores[order]
    fixed = np.zeros(len(p.ei), np.bool_)
    fixed[p.fixed] = True
    pairs = tuple(
        Pair(p.mentee_ids[i], p.mentor_ids[j], float(s), int(r), bool(f))
        for i, j, s, r, f in zip(
            p.ei[chosen].tolist(),
            p.ej[chosen].tolist(),
            scores.tolist(),
            rounds.tolist(),
            fixed[chosen].tolist(),
            strict=True,
        )
    )
    count_i = np.bincount(p.ei[chosen], minlength=n)
    count_j = np.bincount(p.ej[chosen], minlength=m)
    wanting = p.wants > 0
    matched = (count_i > 0) & wanting
    unmatched_idx = np.flatnonzero(wanting & (count_i == 0))
    block = blocking_mask(p, chosen)
    blocking = tuple(
        (p.mentee_ids[i], p.mentor_ids[j])
        for i, j in zip(p.ei[block].tolist(), p.ej[block].tolist(), strict=True)
    )
    # load cost of everything placed, slot by slot
    load_cost = 0.0
    for j in np.flatnonzero(count_j).tolist():
        base = int(p.load[j])
        load_cost += sum(config.load_cost(base + k) for k in range(1, int(count_j[j]) + 1))
    total = float(scores.sum())
    final_load = p.load + count_j
    hist_vals, hist_counts = np.unique(final_load, return_counts=True)
    urim = p.mentor_urim
    free_cap = np.maximum(p.capacity - p.load, 0)
    n_wanting = int(wanting.sum())
    overall = float(matched.sum() / n_wanting) if n_wanting else 0.0
    groups = []
    for g, name in enumerate(GROUPS):
        members = p.groups[:, g] & wanting
        size = int(members.sum())
        got = int((matched & members).sum())
        rate = got / size if size else 0.0
        mask = members[p.ei[chosen]]
        mean = float(scores[mask].mean()) if mask.any() else 0.0
        groups.append(GroupRate(name, size, got, rate, rate - overall if size else 0.0, mean))
    report = Report(
        mentees=n,
        mentors=m,
        pairs=len(pairs),
        matched=int(matched.sum()),
        unmatched=len(unmatched_idx),
        short=int((wanting & (count_i < p.wants)).sum()),
        total_score=total,
        mean_score=total / len(pairs) if pairs else 0.0,
        load_cost=load_cost,
        objective=total - load_cost,
        solver_objective=st.solver_objective,
        blocking_pairs=int(block.sum()),
        load_histogram=tuple(
            (int(a), int(b)) for a, b in zip(hist_vals.tolist(), hist_counts.tolist(), strict=True)
        ),
        urim_mentors=int(urim.sum()),
        other_mentors=int((~urim).sum()),
        urim_mean_load=float(final_load[urim].mean()) if urim.any() else 0.0,
        other_mean_load=float(final_load[~urim].mean()) if (~urim).any() else 0.0,
        urim_share_of_pairs=float(count_j[urim].sum() / len(pairs)) if pairs else 0.0,
        urim_share_of_capacity=float(free_cap[urim].sum() / free_cap.sum())
        if free_cap.sum()
        else 0.0,
        overall_rate=overall,
        groups=tuple(groups),
        fairness_rounds=st.fairness_rounds,
    )
    return Result(
        mode=config.mode,
        pairs=pairs,
        unmatched=tuple(p.mentee_ids[i] for i in unmatched_idx.tolist()),
        blocking=blocking,
        report=report,
        config=config,
        version=__version__,
    )


# ----------------------------------------------------------------------------------------
# entry points


def build_problem(instance: Instance) -> Problem:
    """Array form of an :class:`Instance` (validates ids; raises ValueError on unknown or
    duplicate ids, duplicate pairs, or when scores are needed and missing)."""
    mentee_ids = [x.id for x in instance.mentees]
    mentor_ids = [x.id for x in instance.mentors]
    mi = {k: i for i, k in enumerate(mentee_ids)}
    mj = {k: j for j, k in enumerate(mentor_ids)}
    if len(mi) != len(mentee_ids) or len(mj) != len(mentor_ids):
        raise ValueError("mentee and mentor ids must be unique")
    for who, prefs, known, other in (
        ("mentee", instance.mentee_preferences, mi, mj),
        ("mentor", instance.mentor_preferences, mj, mi),
    ):
        for k, lst in prefs.items():
            if k not in known:
                raise ValueError(f"preferences of unknown {who} {k!r}")
            if len(set(lst)) != len(lst):
                raise ValueError(f"{who} {k!r} lists someone twice")
            for x in lst:
                if x not in other:
                    raise ValueError(f"{who} {k!r} lists unknown id {x!r}")
    ppos = {
        (mi[k], mj[x]): r
        for k, lst in instance.mentee_preferences.items()
        for r, x in enumerate(lst)
    }
    mpos = {
        (mi[x], mj[k]): r
        for k, lst in instance.mentor_preferences.items()
        for r, x in enumerate(lst)
    }
    p_has = np.zeros(len(mi), np.bool_)
    p_has[[mi[k] for k in instance.mentee_preferences]] = True
    m_has = np.zeros(len(mj), np.bool_)
    m_has[[mj[k] for k in instance.mentor_preferences]] = True
    forbidden = set()
    for a, b in instance.forbidden:
        if a not in mi or b not in mj:
            raise ValueError(f"forbidden pair with unknown id: {(a, b)!r}")
        forbidden.add((mi[a], mj[b]))
    scored: dict[tuple[int, int], float] = {}
    if instance.pairs is not None:
        for a, b, s in instance.pairs:
            if a not in mi or b not in mj:
                raise ValueError(f"pair with unknown id: {(a, b)!r}")
            key = (mi[a], mj[b])
            if key in scored:
                raise ValueError(f"duplicate pair {(a, b)!r}")
            if not np.isfinite(s):
                raise ValueError(f"pair {(a, b)!r} has a non-finite score")
            scored[key] = float(s)
        keys = [
            k for k in scored if (not p_has[k[0]] or k in ppos) and (not m_has[k[1]] or k in mpos)
        ]
    else:
        if not (p_has.all() and m_has.all()):
            raise ValueError("without scored pairs, every mentee and mentor needs a list")
        keys = [k for k in ppos if k in mpos]
    fixed_keys = []
    for a, b in instance.fixed:
        if a not in mi or b not in mj:
            raise ValueError(f"fixed pair with unknown id: {(a, b)!r}")
        fixed_keys.append((mi[a], mj[b]))
    if len(set(fixed_keys)) != len(fixed_keys):
        raise ValueError("duplicate fixed pair")
    keyset = set(keys)
    keys = [k for k in keys if k not in forbidden]
    keys += [k for k in fixed_keys if k not in keyset]
    keys.sort()
    ei = np.array([k[0] for k in keys], np.int64)
    ej = np.array([k[1] for k in keys], np.int64)
    if instance.pairs is not None:
        es = np.array([scored.get(k, 0.0) for k in keys], np.float64)
    else:  # rank utilities in (0, 1]: each side's 1 - rank / list length, averaged
        plen = {mi[k]: len(v) for k, v in instance.mentee_preferences.items()}
        mlen = {mj[k]: len(v) for k, v in instance.mentor_preferences.items()}
        es = np.array(
            [
                0.5 * (1 - ppos.get(k, plen[k[0]]) / plen[k[0]])
                + 0.5 * (1 - mpos.get(k, mlen[k[1]]) / mlen[k[1]])
                for k in keys
            ],
            np.float64,
        )
    big = float(len(mi) + len(mj) + 1)  # unlisted (fixed) pairs rank last
    pkey = np.array(
        [ppos.get(k, big) if p_has[k[0]] else -es[e] for e, k in enumerate(keys)], np.float64
    )
    mkey = np.array(
        [mpos.get(k, big) if m_has[k[1]] else -es[e] for e, k in enumerate(keys)], np.float64
    )
    index = {k: e for e, k in enumerate(keys)}
    problem = Problem(
        mentee_ids=mentee_ids,
        mentor_ids=mentor_ids,
        capacity=np.array([x.capacity for x in instance.mentors], np.int64),
        load=np.array([x.load for x in instance.mentors], np.int64),
        wants=np.array([x.wants for x in instance.mentees], np.int64),
        groups=np.array([x.groups() for x in instance.mentees], np.bool_).reshape(-1, 3),
        mentor_urim=np.array([x.urim for x in instance.mentors], np.bool_),
        ei=ei,
        ej=ej,
        es=es,
        p_explicit=p_has,
        m_explicit=m_has,
        pkey=pkey,
        mkey=mkey,
        fixed=np.array([index[k] for k in fixed_keys], np.int64),
    )
    return problem


def solve(instance: Instance, config: MatchConfig | None = None) -> Result:
    """Pair the mentees of a scored (or ranked) instance.

    Args:
        instance: mentors with capacity/load, mentees with ``wants``, acceptable pairs
            with scores in [0, 1] and/or explicit preference lists, fixed and forbidden
            pairs. Without scored pairs, scores are the mean of both sides' rank utilities.
        config: mode and options (defaults: optimal, load-spreading costs, normalised
            fairness with group tolerance 0.01).

    Returns:
        The :class:`Result`, deterministic for the same input. Raises ValueError on an
        invalid instance (unknown ids, duplicates, fixed pairs over capacity).
    """
    return _run(build_problem(instance), config or MatchConfig())


def _with_reverse(
    pool: MentorPool,
    mentees: Sequence[Mentee],
    cands: Candidates,
    config: MatchConfig,
    extra: Sequence[set[Id]],
    encoded: npt.NDArray[np.float32],
) -> Candidates:
    """Add the reverse candidates of under-demanded mentors (see MatchConfig) and merge,
    keeping each pair once, sorted by mentee then score descending then pool row."""
    rows = pool.rows
    free = np.array([pool.mentor_at(r).free for r in rows.tolist()], np.int64)
    want = config.reverse_candidates * free
    degree = np.bincount(cands.row, minlength=int(rows.max()) + 1 if len(rows) else 0)[rows]
    under = (degree < want) & (free > 0)
    if not under.any():
        return cands
    rev = pool.reverse_candidates(
        mentees,
        rows[under],
        want[under],
        min_score=config.min_score,
        extra_excluded=extra,
        encoded=encoded,
    )
    if len(rev.mentee) == 0:
        return cands
    width = int(max(cands.row.max(initial=0), rev.row.max())) + 1
    known = np.sort(cands.mentee * width + cands.row)
    keys = rev.mentee * width + rev.row
    at = np.minimum(np.searchsorted(known, keys), max(len(known) - 1, 0))
    fresh = known[at] != keys if len(known) else np.ones(len(keys), np.bool_)
    mi = np.concatenate((cands.mentee, rev.mentee[fresh]))
    mr = np.concatenate((cands.row, rev.row[fresh]))
    ms = np.concatenate((cands.score, rev.score[fresh]))
    order = np.argsort(mi * 4.0 - ms, kind="stable")  # mentee, then score descending
    return Candidates(mi[order], mr[order], ms[order])


def pair_cohort(
    pool: MentorPool,
    mentees: Sequence[Mentee],
    config: MatchConfig | None = None,
    *,
    fixed: Sequence[tuple[Id, Id]] = (),
    forbidden: Sequence[tuple[Id, Id]] = (),
) -> Result:
    """Score a cohort against the pool and pair it (R22).

    Each mentee keeps the top ``config.candidates`` acceptable mentors by score (hard
    filters applied, pairs under ``config.min_score`` dropped), plus the reverse
    candidates of under-demanded mentors (``config.reverse_candidates``); the batch is
    then solved over those candidate pairs. In rounds after the first, a mentee's
    candidate scores are recomputed with the needs already covered by their earlier
    mentors of this batch removed, so that the next mentor covers different needs (R13).

    Args:
        pool: all mentors; every live, ready, unsuspended mentor appears in the report's
            load figures, matched or not.
        mentees: the cohort, ids unique; ``wants`` sets how many mentors each gets.
        config: options (default :class:`MatchConfig`).
        fixed: (mentee_id, mentor_id) pairs to keep; they bypass the hard filters (a
            coordinator's decision) but not capacity.
        forbidden: pairs never to make.

    Returns:
        The :class:`Result`; pair scores are the pool's float32 scores (about 1e-7).
        Deterministic for the same pool and input.
    """
    config = config or MatchConfig()
    problem, rescore = cohort_problem(pool, mentees, config, fixed=fixed, forbidden=forbidden)
    return _run(problem, config, rescore)


def cohort_problem(
    pool: MentorPool,
    mentees: Sequence[Mentee],
    config: MatchConfig,
    *,
    fixed: Sequence[tuple[Id, Id]] = (),
    forbidden: Sequence[tuple[Id, Id]] = (),
) -> tuple[Problem, Rescore]:
    """The array :class:`Problem` that :func:`pair_cohort` solves (candidate generation
    included) and its re-scoring function for later rounds. Exposed for benchmarks and
    research comparisons against other solvers."""
    index = {x.id: i for i, x in enumerate(mentees)}
    if len(index) != len(mentees):
        raise ValueError("mentee ids must be unique")
    extra: list[set[Id]] = [set() for _ in mentees]
    for a, b in forbidden:
        if a in index:
            extra[index[a]].add(b)
    for a, b in fixed:  # a fixed pair is placed as such, never proposed again
        if a not in index or b not in pool:
            raise ValueError(f"fixed pair with unknown id: {(a, b)!r}")
        extra[index[a]].add(b)
    encoded = pool.encode_many(mentees)
    cands = pool.candidates(
        mentees,
        k=config.candidates,
        min_score=config.min_score,
        extra_excluded=extra,
        encoded=encoded,
    )
    if config.reverse_candidates > 0:
        cands = _with_reverse(pool, mentees, cands, config, extra, encoded)
    rows = pool.rows
    keep = np.array(
        [pool.mentor_at(r).ready and not pool.mentor_at(r).suspended for r in rows.tolist()],
        np.bool_,
    ).reshape(-1)
    fixed_rows = [int(pool.row_of(b) or 0) for _, b in fixed]  # checked above
    rows = np.union1d(rows[keep], np.asarray(fixed_rows, np.int64))
    col = {r: j for j, r in enumerate(rows.tolist())}
    mentors = [pool.mentor_at(r) for r in rows.tolist()]
    fx_i = np.array([index[a] for a, _ in fixed], np.int64)
    fx_j = np.array([col[r] for r in fixed_rows], np.int64)
    fx_s = np.array(
        [
            float(pool.exact_scores(pool.encode(mentees[i]), np.array([r]))[0])
            for i, r in zip(fx_i.tolist(), fixed_rows, strict=True)
        ],
        np.float64,
    )
    col_of_row = np.full(int(rows.max()) + 1 if len(rows) else 0, -1, np.int64)
    col_of_row[rows] = np.arange(len(rows))
    cj = col_of_row[cands.row]
    ei = np.concatenate((cands.mentee, fx_i))
    ej = np.concatenate((cj, fx_j))
    es = np.concatenate((cands.score, fx_s))
    n_c = len(cands.mentee)
    big = float(len(mentees) + len(mentors) + 1)
    pkey = np.concatenate((-cands.score, np.full(len(fixed), big)))
    mkey = np.concatenate((-cands.score, np.full(len(fixed), big)))
    problem = Problem(
        mentee_ids=[x.id for x in mentees],
        mentor_ids=[x.id for x in mentors],
        capacity=np.array([x.capacity for x in mentors], np.int64),
        load=np.array([x.load for x in mentors], np.int64),
        wants=np.array([x.wants for x in mentees], np.int64),
        groups=np.array([x.groups() for x in mentees], np.bool_).reshape(-1, 3),
        mentor_urim=np.array([x.urim for x in mentors], np.bool_),
        ei=ei,
        ej=ej,
        es=es,
        p_explicit=np.zeros(len(mentees), np.bool_),
        m_explicit=np.zeros(len(mentors), np.bool_),
        pkey=pkey,
        mkey=mkey,
        fixed=np.arange(n_c, n_c + len(fixed), dtype=np.int64),
    )

    def rescore(r: int, sel: I64, chosen: I64, rounds: I64) -> F64:
        covered: dict[int, set[int]] = {}
        for e in chosen.tolist():
            covered.setdefault(int(problem.ei[e]), set()).update(mentors[int(problem.ej[e])].areas)
        s = problem.es[sel].copy()
        sel_i = problem.ei[sel]
        order = np.argsort(sel_i, kind="stable")
        si = sel_i[order]
        uniq, starts = np.unique(si, return_index=True)
        ends = np.r_[starts[1:], len(si)]
        for i, lo_, hi_ in zip(uniq.tolist(), starts.tolist(), ends.tolist(), strict=True):
            mentee = mentees[i]
            left = tuple(x for x in mentee.needs if x not in covered.get(i, set()))
            if left == mentee.needs or not left:
                continue
            a = pool.encode(dataclasses.replace(mentee, needs=left))
            where = order[lo_:hi_]
            s[where] = pool.exact_scores(a, rows[problem.ej[sel[where]]])
        return s

    return problem, rescore
