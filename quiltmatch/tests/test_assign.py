"""Batch pairing (R22, R23, B2): optimality against an LP, stability against brute force
and the ``matching`` package, capacities, hard filters, rounds, floors, determinism."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linprog

from quiltmatch.assign import build_problem, pair_cohort, solve
from quiltmatch.scoring import MentorPool, hard_filter_reasons
from quiltmatch.types import Instance, MatchConfig, Mentee, Mentor, Result

from .strategies import QM, populations, scored_instances

PLAIN = MatchConfig(group_tolerance=None, fairness="none")


def counts(result: Result) -> tuple[Counter[object], Counter[object]]:
    return (
        Counter(p.mentee_id for p in result.pairs),
        Counter(p.mentor_id for p in result.pairs),
    )


def check_feasible(inst: Instance, result: Result) -> None:
    mentors = {m.id: m for m in inst.mentors}
    mentees = {m.id: m for m in inst.mentees}
    per_mentee, per_mentor = counts(result)
    for j, c in per_mentor.items():
        assert mentors[j].load + c <= mentors[j].capacity
    for i, c in per_mentee.items():
        assert c <= mentees[i].wants
    pairs = [(p.mentee_id, p.mentor_id) for p in result.pairs]
    assert len(set(pairs)) == len(pairs)
    acceptable = {(a, b) for a, b, _ in inst.pairs or ()}
    forbidden = set(inst.forbidden)
    for p in result.pairs:
        if not p.fixed:
            assert (p.mentee_id, p.mentor_id) in acceptable
            assert (p.mentee_id, p.mentor_id) not in forbidden
    assert set(inst.fixed) <= set(pairs)


def lp_optimum(inst: Instance, config: MatchConfig) -> float:
    """max sum(score) - load costs over fractional b-matchings (HiGHS); with
    ``prioritize_coverage`` first the max number matched, then the best score at it."""
    p = build_problem(inst)
    E = len(p.ei)
    slots = []  # (mentor, cost)
    for j in range(len(p.mentor_ids)):
        for s in range(int(p.capacity[j] - p.load[j])):
            slots.append((j, config.load_cost(int(p.load[j]) + s + 1)))
    nv = E + len(slots)
    if E == 0:
        return 0.0
    a_ub, b_ub = [], []
    for i in range(len(p.mentee_ids)):
        row = np.zeros(nv)
        row[:E][p.ei == i] = 1
        a_ub.append(row)
        b_ub.append(1.0)
    a_eq, b_eq = [], []
    for j in range(len(p.mentor_ids)):
        row = np.zeros(nv)
        row[:E][p.ej == j] = 1
        for t, (jj, _) in enumerate(slots):
            if jj == j:
                row[E + t] = -1
        a_eq.append(row)
        b_eq.append(0.0)
    cost = np.concatenate((-p.es, [c for _, c in slots]))
    bounds = [(0, 1)] * nv
    if config.prioritize_coverage:
        card = np.concatenate((-np.ones(E), np.zeros(len(slots))))
        first = linprog(card, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
        assert first.status == 0
        a_ub.append(card)
        b_ub.append(first.fun + 1e-7)
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    assert res.status == 0
    return float(-res.fun)


@QM
@given(scored_instances(), st.booleans(), st.sampled_from([(), (0.0, 0.1, 0.3), (0.05,)]))
def test_optimal_equals_the_lp_optimum(inst, coverage, load_costs):
    config = dataclasses.replace(PLAIN, prioritize_coverage=coverage, load_costs=load_costs)
    result = solve(inst, config)
    check_feasible(inst, result)
    assert result.report.solver_objective == pytest.approx(lp_optimum(inst, config), abs=1e-6)
    assert result.report.objective == pytest.approx(result.report.solver_objective, abs=1e-9)


@QM
@given(scored_instances())
def test_coverage_first_matches_as_many_as_possible(inst):
    with_cov = solve(inst, PLAIN)
    # maximum cardinality by LP with unit scores
    unit = dataclasses.replace(inst, pairs=tuple((a, b, 1.0) for a, b, _ in inst.pairs or ()))
    best = lp_optimum(unit, dataclasses.replace(PLAIN, load_costs=()))
    assert with_cov.report.matched == round(best)


# ---------------------------------------------------------------- stable matching


def brute_force_stable(inst: Instance) -> list[dict[object, object]]:
    """Every stable one-to-many matching (mentee -> mentor) by enumeration."""
    p = build_problem(inst)
    prank, mrank = p.ranks()
    edges = {(int(i), int(j)): e for e, (i, j) in enumerate(zip(p.ei, p.ej, strict=True))}
    n, m = len(p.mentee_ids), len(p.mentor_ids)
    free = (p.capacity - p.load).tolist()
    options = [[None] + [j for j in range(m) if (i, j) in edges] for i in range(n)]
    out = []
    for choice in itertools.product(*options):
        load = Counter(j for j in choice if j is not None)
        if any(load[j] > free[j] for j in load):
            continue
        stable = True
        for (i, j), e in edges.items():
            if choice[i] == j:
                continue
            mentee_wants = choice[i] is None or prank[e] < prank[edges[(i, choice[i])]]
            held = [edges[(k, j)] for k in range(n) if choice[k] == j]
            mentor_wants = load[j] < free[j] or any(mrank[e] < mrank[h] for h in held)
            if mentee_wants and mentor_wants:
                stable = False
                break
        if stable:
            out.append(
                {p.mentee_ids[i]: p.mentor_ids[j] for i, j in enumerate(choice) if j is not None}
            )
    return out


@st.composite
def ranked_instances(draw: st.DrawFn) -> Instance:
    """Small instances with explicit preference lists on both sides."""
    n_e, n_m = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    mentors = tuple(Mentor(id=j, capacity=draw(st.integers(1, 2))) for j in range(n_m))
    mentees = tuple(Mentee(id=f"e{i}") for i in range(n_e))
    mentee_prefs = {
        e.id: tuple(draw(st.permutations(range(n_m)))[: draw(st.integers(0, n_m))]) for e in mentees
    }
    mentor_prefs = {
        m.id: tuple(draw(st.permutations([e.id for e in mentees]))[: draw(st.integers(0, n_e))])
        for m in mentors
    }
    return Instance(mentors, mentees, None, mentee_prefs, mentor_prefs)


def as_map(result: Result) -> dict[object, object]:
    return {p.mentee_id: p.mentor_id for p in result.pairs}


@QM
@given(
    st.one_of(ranked_instances(), scored_instances(max_mentees=5, max_mentors=3, max_capacity=2))
)
def test_stable_is_the_mentee_optimal_stable_matching(inst):
    result = solve(inst, MatchConfig(mode="stable"))
    check_feasible(inst, result) if inst.pairs is not None else None
    assert result.report.blocking_pairs == 0
    stable = brute_force_stable(inst)
    ours = as_map(result)
    assert ours in stable
    p = build_problem(inst)
    prank, _ = p.ranks()
    rank = {
        (p.mentee_ids[int(i)], p.mentor_ids[int(j)]): int(r)
        for i, j, r in zip(p.ei, p.ej, prank, strict=True)
    }
    # mentee-optimal: every mentee does at least as well as in any stable matching
    for other in stable:
        for i in (e.id for e in inst.mentees):
            if i in other:
                assert i in ours and rank[(i, ours[i])] <= rank[(i, other[i])]


def test_stable_equals_the_matching_package_resident_optimal():
    matching = pytest.importorskip("matching.games")
    rng = np.random.default_rng(5)
    for _ in range(20):
        n_e, n_m = 12, 5
        mentors = tuple(Mentor(id=j, capacity=int(rng.integers(1, 4))) for j in range(n_m))
        mentees = tuple(Mentee(id=i) for i in range(n_e))
        pairs = tuple(
            (i, j, float(rng.random()))
            for i in range(n_e)
            for j in range(n_m)
            if rng.random() < 0.7
        )
        inst = Instance(mentors, mentees, pairs)
        ours = as_map(solve(inst, MatchConfig(mode="stable")))
        p = build_problem(inst)
        prank, mrank = p.ranks()
        res_prefs = {
            i: [int(p.ej[e]) for e in sorted(np.flatnonzero(p.ei == i), key=lambda e: prank[e])]
            for i in range(n_e)
        }
        hos_prefs = {
            j: [int(p.ei[e]) for e in sorted(np.flatnonzero(p.ej == j), key=lambda e: mrank[e])]
            for j in range(n_m)
        }
        game = matching.HospitalResident.create_from_dictionaries(
            {f"r{i}": [f"h{j}" for j in v] for i, v in res_prefs.items() if v},
            {f"h{j}": [f"r{i}" for i in v] for j, v in hos_prefs.items() if v},
            {f"h{j}": mentors[j].capacity for j in range(n_m) if hos_prefs[j]},
        )
        theirs = {
            int(r.name[1:]): int(h.name[1:])
            for h, rs in game.solve(optimal="resident").items()
            for r in rs
        }
        assert ours == theirs


# ---------------------------------------------------------------- every result


@QM
@given(
    scored_instances(max_wants=2),
    st.sampled_from(["optimal", "stable", "blended"]),
    st.data(),
)
def test_capacities_wants_fixed_and_forbidden_hold(inst, mode, data):
    pairs = list(inst.pairs or ())
    fixed, forbidden = [], []
    free = {m.id: m.capacity - m.load for m in inst.mentors}
    for a, b, _ in pairs:
        if data.draw(st.integers(0, 9)) == 0 and free[b] > 0 and a not in {f[0] for f in fixed}:
            fixed.append((a, b))
            free[b] -= 1
        elif data.draw(st.integers(0, 9)) == 0:
            forbidden.append((a, b))
    inst = dataclasses.replace(inst, fixed=tuple(fixed), forbidden=tuple(forbidden))
    result = solve(inst, MatchConfig(mode=mode))
    check_feasible(inst, result)
    assert result == solve(inst, MatchConfig(mode=mode))  # deterministic
    r = result.report
    assert r.matched + r.unmatched == sum(1 for e in inst.mentees if e.wants > 0)
    assert sum(c for _, c in r.load_histogram) == len(inst.mentors)
    assert r.objective == pytest.approx(r.total_score - r.load_cost)
    assert r.blocking_pairs == len(result.blocking)


@QM
@given(scored_instances(max_wants=3), st.sampled_from(["optimal", "stable"]))
def test_everyone_gets_a_first_mentor_before_anyone_gets_a_second(inst, mode):
    config = dataclasses.replace(PLAIN, mode=mode)
    result = solve(inst, config)
    once = dataclasses.replace(
        inst, mentees=tuple(dataclasses.replace(e, wants=min(1, e.wants)) for e in inst.mentees)
    )
    first = {(p.mentee_id, p.mentor_id) for p in solve(once, config).pairs}
    assert {(p.mentee_id, p.mentor_id) for p in result.pairs if p.round == 1} == first
    rounds = Counter(p.mentee_id for p in result.pairs)
    for p in result.pairs:  # rounds are consecutive per mentee
        assert p.round <= rounds[p.mentee_id]


@QM
@given(scored_instances(max_mentees=6, max_mentors=3, max_capacity=2))
def test_blended_with_a_large_lambda_is_the_stable_matching(inst):
    config = dataclasses.replace(
        PLAIN, mode="blended", blend=100.0, blend_convexity=0.0, prioritize_coverage=False
    )
    assert as_map(solve(inst, config)) == as_map(solve(inst, MatchConfig(mode="stable")))


def test_group_floors_lift_a_group_with_low_attainable_scores():
    rng = np.random.default_rng(3)
    mentors = tuple(Mentor(id=j, capacity=1) for j in range(10))
    mentees = tuple(Mentee(id=i, first_gen=i < 10) for i in range(20))
    pairs = tuple(
        (i, j, float((0.45 if i < 10 else 0.75) + rng.uniform(-0.1, 0.1)))
        for i in range(20)
        for j in range(10)
    )
    inst = Instance(mentors, mentees, pairs)
    plain = solve(inst, PLAIN)
    assert plain.report.groups[1].rate == 0.0  # max-weight leaves first-gen mentees out
    fair = solve(inst, MatchConfig(max_fairness_rounds=8))
    assert abs(fair.report.groups[1].gap) <= 0.1  # one person in a group of ten
    assert fair.report.matched == plain.report.matched == 10
    assert fair.report.fairness_rounds > 0


def test_load_costs_spread_mentees_across_mentors():
    mentors = (
        Mentor(id="popular", capacity=3),
        Mentor(id="a", capacity=3),
        Mentor(id="b", capacity=3),
    )
    mentees = tuple(Mentee(id=i) for i in range(3))
    pairs = tuple((i, "popular", 0.9) for i in range(3)) + tuple(
        (i, j, 0.8) for i in range(3) for j in ("a", "b")
    )
    inst = Instance(mentors, mentees, pairs)
    piled = solve(inst, dataclasses.replace(PLAIN, load_costs=()))
    assert counts(piled)[1]["popular"] == 3
    spread = solve(inst, dataclasses.replace(PLAIN, load_costs=(0.0, 0.2, 0.4)))
    assert max(counts(spread)[1].values()) == 1


def test_invalid_instances_are_rejected():
    m, e = (Mentor(id=1, capacity=1),), (Mentee(id=1), Mentee(id=2))
    with pytest.raises(ValueError, match="unknown"):
        solve(Instance(m, e, ((3, 1, 0.5),)))
    with pytest.raises(ValueError, match="duplicate"):
        solve(Instance(m, e, ((1, 1, 0.5), (1, 1, 0.4))))
    with pytest.raises(ValueError, match="capacity"):
        solve(Instance(m, e, ((1, 1, 0.5), (2, 1, 0.5)), fixed=((1, 1), (2, 1))))
    with pytest.raises(ValueError):
        MatchConfig(load_costs=(0.2, 0.1))


# ---------------------------------------------------------------- profiles


@QM
@given(
    populations(max_mentors=10, max_mentees=12), st.sampled_from(["optimal", "stable", "blended"])
)
def test_pair_cohort_never_violates_hard_filters_or_capacity(pop, mode):
    ms, es = pop
    pool = MentorPool(ms)
    config = MatchConfig(mode=mode, candidates=3, reverse_candidates=2)
    result = pair_cohort(pool, es, config)
    by_id = {m.id: m for m in ms}
    per_mentee, per_mentor = counts(result)
    for p in result.pairs:
        mentee = next(e for e in es if e.id == p.mentee_id)
        assert hard_filter_reasons(mentee, by_id[p.mentor_id]) == ()
    for j, c in per_mentor.items():
        assert by_id[j].load + c <= by_id[j].capacity
    for e in es:
        assert per_mentee[e.id] <= e.wants
    assert result == pair_cohort(pool, es, config)


def test_second_mentor_covers_needs_the_first_does_not():
    mentors = [
        Mentor(id="research", capacity=1, areas=frozenset({1})),
        Mentor(id="research2", capacity=1, areas=frozenset({1})),
        Mentor(id="finance", capacity=1, areas=frozenset({2})),
    ]
    mentee = Mentee(id=1, needs=(1, 2), wants=2)
    result = pair_cohort(MentorPool(mentors), [mentee], PLAIN)
    got = {p.mentor_id: p.round for p in result.pairs}
    assert got == {"research": 1, "finance": 2}


def test_results_and_inputs_pickle_and_hash():
    import pickle

    inst = Instance(
        (Mentor(id=1, capacity=2),),
        (Mentee(id="a", affinity_weights={3: 1.0}), Mentee(id="b")),
        (("a", 1, 0.5), ("b", 1, 0.25)),
    )
    result = solve(inst, MatchConfig())
    assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 (our own bytes)
    assert pickle.loads(pickle.dumps(inst.mentees[0])) == inst.mentees[0]  # noqa: S301
    assert len({inst.mentees[0], pickle.loads(pickle.dumps(inst.mentees[0]))}) == 1  # noqa: S301
