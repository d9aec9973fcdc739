"""Top-k recommendations for one mentee (R21, B1)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiltmatch.recommend import recommend
from quiltmatch.scoring import MentorPool, hard_filter_reasons
from quiltmatch.synthetic import LABELS
from quiltmatch.synthetic import mentees as synthetic_mentees
from quiltmatch.synthetic import mentors as synthetic_mentors

from .strategies import QM, populations


@QM
@given(populations(max_mentors=12), st.integers(1, 5), st.sampled_from([None, 0, 1, 2]))
def test_recommendations_are_the_best_acceptable_mentors(pop, k, need):
    ms, es = pop
    pool = MentorPool(ms)
    for e in es:
        recs = recommend(pool, e, k=k, need=need)
        ok = [
            m for m in ms if hard_filter_reasons(e, m) == () and (need is None or need in m.areas)
        ]
        assert len(recs) == min(k, len(ok))
        allowed = {m.id for m in ok}
        assert all(r.mentor_id in allowed for r in recs)
        scores = sorted((pool.explain(e, m.id).score for m in ok), reverse=True)
        np.testing.assert_allclose([r.score for r in recs], scores[: len(recs)], atol=1e-6)
        for r in recs:
            assert r.score == pytest.approx(sum(c.points for c in r.explanation.contributions))
        assert recs == recommend(pool, e, k=k, need=need)  # deterministic


@QM
@given(populations(max_mentors=10))
def test_local_only_and_exclude(pop):
    ms, es = pop
    pool = MentorPool(ms)
    for e in es:
        ids = [r.mentor_id for r in recommend(pool, e, k=20, local_only=True)]
        for mid in ids:
            m = pool.get(mid)
            assert m is not None and m.institution == e.institution is not None
        everyone = [r.mentor_id for r in recommend(pool, e, k=20)]
        if everyone:
            rest = [r.mentor_id for r in recommend(pool, e, k=20, exclude={everyone[0]})]
            assert everyone[0] not in rest and len(rest) == len(everyone) - 1


def test_synthetic_recommendation_explains_in_words():
    pool = MentorPool(synthetic_mentors(300, seed=2))
    mentee = synthetic_mentees(5, seed=2)[0]
    recs = recommend(pool, mentee, k=10, labels=LABELS)
    assert len(recs) == 10
    assert all(r.explanation.text for r in recs)
    assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)
    gap = mentee.needs[-1]
    for r in recommend(pool, mentee, k=5, need=gap, labels=LABELS):
        assert gap in r.explanation.needs_covered
