"""Scores, hard filters, consent and explanations (R19, R20, B4)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiltmatch.scoring import MentorPool, hard_filter_reasons
from quiltmatch.types import Attribute, Labels, Mentee, Mentor, Weights

from .strategies import QM, mentees, mentors, populations


def reference_score(mentee: Mentee, mentor: Mentor, w: Weights) -> float:
    """The score model written out plainly from the documentation, independent of the
    feature encoding used by the engine."""
    mine: dict[int, set[int]] = {}
    for a in mentee.attributes:
        if a.consented:
            mine.setdefault(a.dimension, set()).add(a.category)
    theirs: dict[int, set[int]] = {}
    for a in mentor.attributes:
        if a.consented:
            theirs.setdefault(a.dimension, set()).add(a.category)
    dims = {d: x for d, x in mentee.affinity_weights.items() if x > 0 and d in mine}
    factors: list[tuple[float, float]] = []  # (weight, value)
    if dims:
        total = sum(dims.values())
        aff = sum(
            x / total * len(mine[d] & theirs.get(d, set())) / len(mine[d]) for d, x in dims.items()
        )
        factors.append((w.affinity, aff))
    if mentee.needs:
        pri = [w.need_priority_decay**r for r in range(len(mentee.needs))]
        cov = sum(p for n, p in zip(mentee.needs, pri, strict=True) if n in mentor.areas) / sum(pri)
        factors.append((w.needs, cov))
    cap = mentor.free / mentor.capacity if mentor.capacity else 0.0
    if mentee.tz_offset_minutes is None or mentor.tz_offset_minutes is None:
        tz = 0.5
    else:
        d = abs(mentee.tz_offset_minutes - mentor.tz_offset_minutes) % 1440
        hours = min(d, 1440 - d) / 60
        tz = min(
            1.0,
            max(
                0.0,
                1
                - (hours - w.timezone_grace_hours)
                / (w.timezone_zero_hours - w.timezone_grace_hours),
            ),
        )
    fmt = (
        1.0
        if (not mentee.formats or not mentor.formats or mentee.formats & mentor.formats)
        else 0.0
    )
    mix = w.capacity_share + w.timezone_share + w.format_share
    factors.append(
        (
            w.availability,
            (w.capacity_share * cap + w.timezone_share * tz + w.format_share * fmt) / mix,
        )
    )
    if mentor.answered + mentor.lapsed == 0 and mentor.response_days is None:
        resp = w.new_mentor_responsiveness
    else:
        rel = (mentor.answered + 1) / (mentor.answered + mentor.lapsed + 1)
        speed = (
            0.5 ** (mentor.response_days / w.response_half_life_days)
            if mentor.response_days is not None
            else 1.0
        )
        resp = rel * speed
    factors.append((w.responsiveness, resp))
    parts = []
    if mentee.specialties:
        parts.append(
            (
                w.specialty_share,
                len(mentee.specialties & mentor.specialties) / len(mentee.specialties),
            )
        )
    if mentee.track is not None:
        parts.append((w.track_share, 1.0 if mentee.track in mentor.tracks else 0.0))
    if parts:
        factors.append((w.fit, sum(a * b for a, b in parts) / sum(a for a, _ in parts)))
    return sum(a * b for a, b in factors) / sum(a for a, _ in factors)


@QM
@given(populations())
def test_scores_match_the_documented_model(pop):
    ms, es = pop
    pool = MentorPool(ms)
    got = pool.score_matrix(es, filtered=False)
    for i, e in enumerate(es):
        for j, m in enumerate(ms):
            assert got[i, j] == pytest.approx(reference_score(e, m, pool.weights), abs=2e-6)
            assert -1e-9 <= got[i, j] <= 1 + 1e-6


@QM
@given(populations(), st.data())
def test_non_consented_attributes_never_change_scores_or_explanations(pop, data):
    ms, es = pop
    pool = MentorPool(ms)
    before = pool.score_matrix(es, filtered=False)
    # add non-consented attributes on both sides, on dimensions both already use
    extra = Attribute(0, 2, consented=False)
    ms2 = [dataclasses.replace(m, attributes=(*m.attributes, extra)) for m in ms]
    es2 = [dataclasses.replace(e, attributes=(*e.attributes, extra)) for e in es]
    pool2 = MentorPool(ms2)
    after = pool2.score_matrix(es2, filtered=False)
    np.testing.assert_allclose(before, after, atol=1e-12)
    for e in es2:
        for m in ms2:
            exp = pool2.explain(e, m.id)
            assert (0, 2) not in exp.shared or any(
                a.dimension == 0 and a.category == 2 and a.consented for a in e.attributes
            )


@QM
@given(populations())
def test_vectorised_filters_equal_the_reference_rule(pop):
    ms, es = pop
    pool = MentorPool(ms)
    for e in es:
        mask = pool.acceptable(e)
        for j, m in enumerate(ms):
            assert bool(mask[j]) == (hard_filter_reasons(e, m) == ()), (e, m)


@QM
@given(populations(max_mentors=12, max_mentees=10), st.integers(1, 6))
def test_candidates_are_the_exact_top_k_acceptable(pop, k):
    ms, es = pop
    pool = MentorPool(ms)
    full = pool.score_matrix(es)
    cands = pool.candidates(es, k=k)
    for i in range(len(es)):
        got = cands.row[cands.mentee == i]
        got_s = cands.score[cands.mentee == i]
        finite = np.flatnonzero(np.isfinite(full[i]))
        assert set(got.tolist()) <= set(finite.tolist())  # hard filters never violated
        assert len(got) == min(k, len(finite))
        if len(got):
            best = np.sort(full[i, finite])[::-1][: len(got)]
            np.testing.assert_allclose(np.sort(got_s)[::-1], best, atol=2e-6)
            assert np.all(np.diff(got_s) <= 1e-12)  # sorted best first


@QM
@given(populations(max_mentors=12, max_mentees=10), st.integers(1, 4))
def test_reverse_candidates_are_each_mentors_top_acceptable_mentees(pop, r):
    ms, es = pop
    pool = MentorPool(ms)
    full = pool.score_matrix(es)
    rows = pool.rows
    rev = pool.reverse_candidates(es, rows, np.full(len(rows), r))
    for j, row in enumerate(rows.tolist()):
        got = rev.mentee[rev.row == row]
        finite = np.flatnonzero(np.isfinite(full[:, j]))
        assert set(got.tolist()) <= set(finite.tolist())
        assert len(got) == min(r, len(finite))
        if len(got):
            best = np.sort(full[finite, j])[::-1][: len(got)]
            np.testing.assert_allclose(np.sort(full[got, j])[::-1], best, atol=2e-6)


@QM
@given(populations())
def test_explanation_points_sum_to_the_score(pop):
    ms, es = pop
    pool = MentorPool(ms)
    full = pool.score_matrix(es, filtered=False)
    for i, e in enumerate(es):
        for j, m in enumerate(ms):
            exp = pool.explain(e, m.id)
            assert math.fsum(c.points for c in exp.contributions) == pytest.approx(
                exp.score, abs=1e-12
            )
            assert exp.score == pytest.approx(full[i, j], abs=1e-9)
            assert math.fsum(c.weight for c in exp.contributions) == pytest.approx(1.0)
            for c in exp.contributions:
                assert c.points == pytest.approx(c.weight * c.value, abs=1e-12)
            assert exp.filters == hard_filter_reasons(e, m)


def test_explanation_reads_like_the_issue_example():
    labels = Labels(
        categories={(1, 0): "first-generation college", (5, 0): "Spanish"},
        needs={3: "residency applications"},
    )
    mentor = Mentor(
        id=7,
        capacity=2,
        attributes=(Attribute(1, 0), Attribute(5, 0), Attribute(9, 0, consented=False)),
        areas=frozenset({3}),
        response_days=1.6,
        answered=12,
    )
    mentee = Mentee(
        id=1,
        attributes=(Attribute(1, 0), Attribute(5, 0), Attribute(9, 0)),
        affinity_weights={1: 2, 5: 1, 9: 3},
        needs=(3, 4),
    )
    exp = MentorPool([mentor]).explain(mentee, 7, labels)
    assert exp.text.startswith(
        "You share: first-generation college, Spanish. Helps with: residency applications."
        " Usually answers within 2 days."
    )
    assert exp.shared == ((1, 0), (5, 0))  # dimension 9 not consented by the mentor
    assert exp.needs_covered == (3,) and exp.needs_missing == (4,)


def test_filtered_pair_is_explained_with_the_reason():
    mentor = Mentor(id=1, capacity=1, national=False, institution=4)
    exp = MentorPool([mentor]).explain(Mentee(id=2, institution=5), 1)
    assert exp.filters == ("scope",)
    assert "own institution" in exp.text


@QM
@given(st.lists(mentors(0), min_size=1, max_size=1), st.data())
def test_pool_updates_equal_a_rebuilt_pool(first, data):
    ms = [dataclasses.replace(data.draw(mentors(j)), id=j) for j in range(5)]
    pool = MentorPool(ms)
    new = dataclasses.replace(first[0], id=2)
    pool.upsert(new)
    pool.remove(4)
    pool.upsert(dataclasses.replace(first[0], id=9))
    rebuilt = MentorPool([ms[0], ms[1], new, ms[3], dataclasses.replace(first[0], id=9)])
    es = [data.draw(mentees(i)) for i in range(3)]
    np.testing.assert_allclose(pool.score_matrix(es), rebuilt.score_matrix(es), atol=1e-12)
    assert 4 not in pool and len(pool) == 5


def test_invalid_inputs_are_rejected():
    with pytest.raises(ValueError):
        Mentor(id=1, capacity=-1)
    with pytest.raises(TypeError):
        Mentor(id=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Mentee(id=1, affinity_weights={1: -2})
    with pytest.raises(ValueError):
        Weights(availability=0, responsiveness=0)
    with pytest.raises(KeyError):
        MentorPool([]).explain(Mentee(id=1), 3)
