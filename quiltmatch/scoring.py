"""The score model (R19, R20, B4): a vectorised score for every (mentee, mentor) pair and a
per-pair explanation in plain words.

How a score is computed
-----------------------
Every factor of :data:`quiltmatch.types.FACTORS` is a value in [0, 1] and the score is their
weighted mean over the factors that apply to the mentee (see :class:`~quiltmatch.types.Weights`):

* affinity: over the dimensions the mentee weighted (and holds a consented attribute on),
  the weighted share of the mentee's consented categories that the mentor also holds with
  consent. Example: language weighted 2 and first generation weighted 1, the mentor shares
  first generation only: affinity = 1/3.
* needs: the mentee's needs weighted ``decay ** rank`` (best first); the covered share.
* availability: mix of free capacity (``free / capacity``), time-zone closeness (1 within
  ``timezone_grace_hours``, falling linearly to 0 at ``timezone_zero_hours``, 0.5 when a
  side is unknown) and meeting-format overlap (1 when a shared format or either side has
  no preference).
* responsiveness: ``reliability * speed`` with ``reliability = (answered + 1) / (answered +
  lapsed + 1)`` and ``speed = 0.5 ** (response_days / response_half_life_days)``; a mentor
  without history gets ``new_mentor_responsiveness``.
* fit: mix of the share of the mentee's specialties the mentor has, and whether the mentor
  advises on the mentee's track.

All of this is linear in one-hot features, so the engine encodes a mentee as a row ``a``
and a mentor as a row ``b`` over the same feature columns, with ``score = a . b`` and each
factor's points the sum over its own columns. Scoring a cohort is one matrix product per
block; the explanation of a pair uses the same numbers, so its points sum to the score.

Hard filters (a pair failing one is never recommended or matched): the mentor is not ready
(R5), is suspended (R8), has no free place, is local to another institution (R3), is
excluded by or already a mentor of the mentee, or does not share a must-share dimension.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from quiltmatch.types import (
    FACTORS,
    Contribution,
    Explanation,
    Id,
    Labels,
    Mentee,
    Mentor,
    Weights,
)

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
Bool = npt.NDArray[np.bool_]

AFFINITY, NEEDS, AVAILABILITY, RESPONSIVENESS, FIT = range(5)

FILTER_TEXT: dict[str, str] = {
    "not_ready": "has not finished the mentor agreement and training",
    "suspended": "is suspended from matching",
    "full": "has no free place",
    "scope": "mentors only students of their own institution",
    "excluded": "is excluded for this mentee",
    "current_mentor": "is already this mentee's mentor",
    "must_share": "does not share a background marked as a must",
    "need": "does not help with the need asked for",
}

_NEW_MENTOR_TEXT = "New mentor: no response history yet."


def responsiveness(mentor: Mentor, weights: Weights) -> float:
    """The responsiveness factor of a mentor, in [0, 1] (R8, R20). See the module docstring."""
    if mentor.answered + mentor.lapsed == 0 and mentor.response_days is None:
        return weights.new_mentor_responsiveness
    reliability = (mentor.answered + 1) / (mentor.answered + mentor.lapsed + 1)
    speed = 1.0
    if mentor.response_days is not None:
        speed = 0.5 ** (mentor.response_days / weights.response_half_life_days)
    return reliability * speed


def timezone_closeness(a: int | None, b: int | None, weights: Weights) -> float:
    """Time-zone part of availability for offsets ``a`` and ``b`` in minutes from UTC."""
    if a is None or b is None:
        return 0.5
    diff = abs(a - b) % 1440
    hours = min(diff, 1440 - diff) / 60.0
    grace, zero = weights.timezone_grace_hours, weights.timezone_zero_hours
    if hours <= grace:
        return 1.0
    if hours >= zero:
        return 0.0
    return 1.0 - (hours - grace) / (zero - grace)


def format_overlap(mentee_formats: frozenset[int], mentor_formats: frozenset[int]) -> float:
    """1 when the two share a meeting format or either side has no preference, else 0."""
    if not mentee_formats or not mentor_formats or mentee_formats & mentor_formats:
        return 1.0
    return 0.0


def consented_categories(person: Mentor | Mentee) -> dict[int, set[int]]:
    """Dimension -> categories the person holds *with* consent to use them for matching."""
    out: dict[int, set[int]] = {}
    for attr in person.attributes:
        if attr.consented:
            out.setdefault(attr.dimension, set()).add(attr.category)
    return out


def hard_filter_reasons(mentee: Mentee, mentor: Mentor) -> tuple[str, ...]:
    """Codes (keys of :data:`FILTER_TEXT`) of the hard filters that exclude this pair.

    Empty when the pair is acceptable. This is the readable reference of the rule; the
    vectorised paths implement the same rule and the tests check that they agree.
    """
    reasons: list[str] = []
    if not mentor.ready:
        reasons.append("not_ready")
    if mentor.suspended:
        reasons.append("suspended")
    if mentor.free <= 0:
        reasons.append("full")
    if not mentor.national and (
        mentor.institution is None or mentor.institution != mentee.institution
    ):
        reasons.append("scope")
    if mentor.id in mentee.excluded:
        reasons.append("excluded")
    if mentor.id in mentee.current_mentors:
        reasons.append("current_mentor")
    if mentee.must_share:
        mine, theirs = consented_categories(mentee), consented_categories(mentor)
        if any(not (mine.get(d, set()) & theirs.get(d, set())) for d in mentee.must_share):
            reasons.append("must_share")
    return tuple(reasons)


@dataclass(frozen=True, slots=True)
class Candidates:
    """Acceptable candidate pairs from :meth:`MentorPool.candidates`, as parallel arrays.

    ``mentee`` indexes the mentee sequence given, ``row`` the pool rows (see
    :meth:`MentorPool.mentor_at`), ``score`` is the pair score in [0, 1]. Sorted by
    mentee, then score descending, then row.
    """

    mentee: I64
    row: I64
    score: F64


class MentorPool:
    """All mentors as numpy arrays, built once and updated one mentor at a time, so that
    recommending for one mentee is a single vectorised pass (R21, R24).

    The pool belongs to one :class:`Weights` (the mentor-side values depend on it).
    Attributes without consent never enter the arrays. Not thread-safe for writes: a web
    process should build a new pool or guard updates with a lock.
    """

    def __init__(self, mentors: Iterable[Mentor] = (), weights: Weights | None = None) -> None:
        """Build a pool. Ids must be unique; a later duplicate replaces an earlier one."""
        self.weights = weights or Weights()
        self._cols: dict[tuple[object, ...], int] = {}
        self._col_factor: list[int] = []
        self._tz_cols: list[tuple[int, int | None]] = []
        self._fmt_cols: list[tuple[int, frozenset[int]]] = []
        self._n = 0
        self._B = np.zeros((16, 0), dtype=np.float32)
        self._Bt = np.zeros((0, 16), dtype=np.float32)  # feature-major copy of _B
        self._factor_arr = np.zeros(0, dtype=np.int64)
        self._alive = np.zeros(16, dtype=np.bool_)
        self._eligible = np.zeros(16, dtype=np.bool_)
        self._national = np.zeros(16, dtype=np.bool_)
        self._urim = np.zeros(16, dtype=np.bool_)
        self._institution = np.full(16, -1, dtype=np.int64)
        self._mentors: list[Mentor | None] = []
        self._row: dict[Id, int] = {}
        self._tz_cache: dict[int | None, F64] = {}
        self._fmt_cache: dict[frozenset[int], F64] = {}
        self._col(("cap",), AVAILABILITY)
        self._col(("r",), RESPONSIVENESS)
        for mentor in mentors:
            self.upsert(mentor)

    # -- structure -------------------------------------------------------------------
    def _col(self, key: tuple[object, ...], factor: int) -> int:
        col = self._cols.get(key)
        if col is not None:
            return col
        col = len(self._col_factor)
        self._cols[key] = col
        self._col_factor.append(factor)
        self._factor_arr = np.asarray(self._col_factor, dtype=np.int64)
        if col >= self._B.shape[1]:
            # exactly one column per feature: row slices stay contiguous, so the
            # matrix-vector product of a recommendation needs no copy
            grown = np.zeros((self._B.shape[0], col + 1), dtype=np.float32)
            grown[:, : self._B.shape[1]] = self._B
            self._B = grown
            grown_t = np.zeros((col + 1, self._Bt.shape[1]), dtype=np.float32)
            grown_t[: self._Bt.shape[0]] = self._Bt
            self._Bt = grown_t
        if key[0] == "z":
            self._tz_cols.append((col, key[1]))  # type: ignore[arg-type]
            self._tz_cache.clear()
        elif key[0] == "f":
            self._fmt_cols.append((col, key[1]))  # type: ignore[arg-type]
            self._fmt_cache.clear()
        return col

    def _grow_rows(self) -> None:
        size = 2 * self._B.shape[0]
        grown = np.zeros((size, self._B.shape[1]), dtype=np.float32)
        grown[: self._n] = self._B[: self._n]
        self._B = grown
        grown_t = np.zeros((self._Bt.shape[0], size), dtype=np.float32)
        grown_t[:, : self._n] = self._Bt[:, : self._n]
        self._Bt = grown_t
        for name, fill in (
            ("_alive", False),
            ("_eligible", False),
            ("_national", False),
            ("_urim", False),
            ("_institution", -1),
        ):
            old = getattr(self, name)
            new = np.full(size, fill, dtype=old.dtype)
            new[: self._n] = old[: self._n]
            setattr(self, name, new)

    @property
    def n_features(self) -> int:
        """Number of feature columns currently in use."""
        return len(self._col_factor)

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, mentor_id: object) -> bool:
        return mentor_id in self._row

    def get(self, mentor_id: Id) -> Mentor | None:
        """The mentor with this id, or None."""
        row = self._row.get(mentor_id)
        return None if row is None else self._mentors[row]

    def row_of(self, mentor_id: Id) -> int | None:
        """The pool row of a mentor, or None."""
        return self._row.get(mentor_id)

    def mentor_at(self, row: int) -> Mentor:
        """The mentor stored in a pool row (raises KeyError for an empty row)."""
        mentor = self._mentors[row] if 0 <= row < self._n else None
        if mentor is None:
            raise KeyError(row)
        return mentor

    @property
    def rows(self) -> I64:
        """Rows holding a mentor, in insertion order."""
        return np.flatnonzero(self._alive[: self._n]).astype(np.int64)

    # -- updates ---------------------------------------------------------------------
    def upsert(self, mentor: Mentor) -> None:
        """Add a mentor or replace the one with the same id. O(features) amortised."""
        row = self._row.get(mentor.id)
        if row is None:
            if self._n >= self._B.shape[0]:
                self._grow_rows()
            row = self._n
            self._n += 1
            self._mentors.append(mentor)
            self._row[mentor.id] = row
        else:
            self._mentors[row] = mentor
        cols: list[int] = []
        vals: list[float] = []
        for dim, cats in consented_categories(mentor).items():
            for cat in cats:
                cols.append(self._col(("a", dim, cat), AFFINITY))
                vals.append(1.0)
        for need in mentor.areas:
            cols.append(self._col(("n", need), NEEDS))
            vals.append(1.0)
        for spec in mentor.specialties:
            cols.append(self._col(("s", spec), FIT))
            vals.append(1.0)
        for track in mentor.tracks:
            cols.append(self._col(("t", track), FIT))
            vals.append(1.0)
        cols.append(self._col(("z", mentor.tz_offset_minutes), AVAILABILITY))
        vals.append(1.0)
        cols.append(self._col(("f", mentor.formats), AVAILABILITY))
        vals.append(1.0)
        cols.append(self._cols[("cap",)])
        vals.append(mentor.free / mentor.capacity if mentor.capacity > 0 else 0.0)
        cols.append(self._cols[("r",)])
        vals.append(responsiveness(mentor, self.weights))
        self._B[row] = 0.0
        self._B[row, cols] = vals
        self._Bt[:, row] = self._B[row]
        self._alive[row] = True
        self._eligible[row] = mentor.ready and not mentor.suspended and mentor.free > 0
        self._national[row] = mentor.national
        self._urim[row] = mentor.urim
        self._institution[row] = -1 if mentor.institution is None else mentor.institution

    def remove(self, mentor_id: Id) -> None:
        """Remove a mentor (its row stays empty). Unknown ids are ignored."""
        row = self._row.pop(mentor_id, None)
        if row is None:
            return
        self._mentors[row] = None
        self._alive[row] = False
        self._eligible[row] = False
        self._B[row] = 0.0
        self._Bt[:, row] = 0.0

    # -- mentee encoding -------------------------------------------------------------
    def _tz_vector(self, tz: int | None) -> F64:
        vec = self._tz_cache.get(tz)
        if vec is None:
            vec = np.array(
                [timezone_closeness(tz, t, self.weights) for _, t in self._tz_cols],
                dtype=np.float64,
            )
            self._tz_cache[tz] = vec
        return vec

    def _fmt_vector(self, formats: frozenset[int]) -> F64:
        vec = self._fmt_cache.get(formats)
        if vec is None:
            vec = np.array(
                [format_overlap(formats, f) for _, f in self._fmt_cols], dtype=np.float64
            )
            self._fmt_cache[formats] = vec
        return vec

    def factor_shares(
        self, mentee: Mentee, mine: dict[int, set[int]] | None = None
    ) -> tuple[float, float, float, float, float]:
        """Each factor's share of this mentee's score (renormalised over applicable ones).
        ``mine`` may pass ``consented_categories(mentee)``."""
        w = self.weights
        mine = consented_categories(mentee) if mine is None else mine
        has_aff = any(wt > 0 and d in mine for d, wt in mentee.affinity_weights.items())
        applicable = (
            has_aff,
            bool(mentee.needs),
            True,
            True,
            bool(mentee.specialties) or mentee.track is not None,
        )
        raw = [fw if ok else 0.0 for fw, ok in zip(w.factor_weights(), applicable, strict=True)]
        total = sum(raw)
        a, n, v, r, f = (x / total for x in raw)
        return (a, n, v, r, f)

    def _sparse_terms(self, mentee: Mentee) -> tuple[list[int], list[float], float, float]:
        """Sparse columns/values of a mentee row, and the coefficients of the dense
        time-zone and format parts."""
        w = self.weights
        mine = consented_categories(mentee)
        om_aff, om_needs, om_av, om_resp, om_fit = self.factor_shares(mentee, mine)
        cols: list[int] = []
        vals: list[float] = []
        if om_aff > 0:
            dims = {d: wt for d, wt in mentee.affinity_weights.items() if wt > 0 and d in mine}
            total = sum(dims.values())
            for d, wt in dims.items():
                cats = mine[d]
                share = om_aff * wt / total / len(cats)
                for c in cats:
                    col = self._cols.get(("a", d, c))
                    if col is not None:
                        cols.append(col)
                        vals.append(share)
        if om_needs > 0:
            pri = [w.need_priority_decay**r for r in range(len(mentee.needs))]
            total = sum(pri)
            for need, p in zip(mentee.needs, pri, strict=True):
                col = self._cols.get(("n", need))
                if col is not None:
                    cols.append(col)
                    vals.append(om_needs * p / total)
        if om_fit > 0:
            spec = w.specialty_share if mentee.specialties else 0.0
            track = w.track_share if mentee.track is not None else 0.0
            total = spec + track
            if total <= 0:  # both shares configured 0: split evenly among the present parts
                spec = 1.0 if mentee.specialties else 0.0
                track = 1.0 if mentee.track is not None else 0.0
                total = spec + track
            for s in mentee.specialties:
                col = self._cols.get(("s", s))
                if col is not None:
                    cols.append(col)
                    vals.append(om_fit * spec / total / len(mentee.specialties))
            if mentee.track is not None:
                col = self._cols.get(("t", mentee.track))
                if col is not None:
                    cols.append(col)
                    vals.append(om_fit * track / total)
        mix = w.capacity_share + w.timezone_share + w.format_share
        cols.append(self._cols[("cap",)])
        vals.append(om_av * w.capacity_share / mix)
        cols.append(self._cols[("r",)])
        vals.append(om_resp)
        return cols, vals, om_av * w.timezone_share / mix, om_av * w.format_share / mix

    def encode(self, mentee: Mentee) -> F64:
        """The mentee's feature row (float64, length :attr:`n_features`)."""
        row = np.zeros(self.n_features, dtype=np.float64)
        cols, vals, tz_coef, fmt_coef = self._sparse_terms(mentee)
        np.add.at(row, cols, vals)
        if self._tz_cols:
            row[[c for c, _ in self._tz_cols]] += tz_coef * self._tz_vector(
                mentee.tz_offset_minutes
            )
        if self._fmt_cols:
            row[[c for c, _ in self._fmt_cols]] += fmt_coef * self._fmt_vector(mentee.formats)
        return row

    def encode_many(self, mentees: Sequence[Mentee]) -> F32:
        """Feature rows of many mentees as a float32 matrix (n x features)."""
        n, nf = len(mentees), self.n_features
        out = np.zeros((n, nf), dtype=np.float32)
        rr: list[int] = []
        cc: list[int] = []
        vv: list[float] = []
        tz_groups: dict[int | None, list[int]] = {}
        fmt_groups: dict[frozenset[int], list[int]] = {}
        tz_coefs = np.zeros(n, dtype=np.float64)
        fmt_coefs = np.zeros(n, dtype=np.float64)
        for i, mentee in enumerate(mentees):
            cols, vals, tz_coefs[i], fmt_coefs[i] = self._sparse_terms(mentee)
            rr.extend([i] * len(cols))
            cc.extend(cols)
            vv.extend(vals)
            tz_groups.setdefault(mentee.tz_offset_minutes, []).append(i)
            fmt_groups.setdefault(mentee.formats, []).append(i)
        dense = np.zeros((n, nf), dtype=np.float64)
        np.add.at(dense, (np.asarray(rr, dtype=np.int64), np.asarray(cc, dtype=np.int64)), vv)
        tz_idx = np.asarray([c for c, _ in self._tz_cols], dtype=np.int64)
        for tz, members in tz_groups.items():
            idx = np.asarray(members, dtype=np.int64)
            dense[np.ix_(idx, tz_idx)] += tz_coefs[idx, None] * self._tz_vector(tz)[None, :]
        fmt_idx = np.asarray([c for c, _ in self._fmt_cols], dtype=np.int64)
        for fmts, members in fmt_groups.items():
            idx = np.asarray(members, dtype=np.int64)
            dense[np.ix_(idx, fmt_idx)] += fmt_coefs[idx, None] * self._fmt_vector(fmts)[None, :]
        out[:] = dense
        return out

    # -- hard filters ----------------------------------------------------------------
    def _must_share_ok(self, mentee: Mentee, rows: I64) -> Bool:
        """For the given pool rows, whether each shares every must-share dimension."""
        ok = np.ones(len(rows), dtype=np.bool_)
        mine = consented_categories(mentee)
        for d in mentee.must_share:
            keys = [("a", d, c) for c in mine.get(d, ())]
            cols = [self._cols[k] for k in keys if k in self._cols]
            if not cols:
                ok[:] = False
                break
            ok &= (self._B[np.ix_(rows, np.asarray(cols, dtype=np.int64))] > 0).any(axis=1)
        return ok

    def _scope_ok(self, mentee: Mentee, rows: I64) -> Bool:
        inst = -1 if mentee.institution is None else mentee.institution
        nat = self._national[rows]
        same = (self._institution[rows] == inst) & (self._institution[rows] >= 0)
        return nat | same  # type: ignore[no-any-return]

    def _excluded_rows(self, mentee: Mentee, extra: Collection[Id] = ()) -> list[int]:
        out = []
        for mid in (*mentee.excluded, *mentee.current_mentors, *extra):
            row = self._row.get(mid)
            if row is not None:
                out.append(row)
        return out

    def acceptable(self, mentee: Mentee, rows: I64 | None = None) -> Bool:
        """Hard-filter mask of the mentee against pool rows (default: all live rows)."""
        rows = self.rows if rows is None else rows
        ok = self._eligible[rows] & self._scope_ok(mentee, rows)
        if mentee.must_share:
            ok &= self._must_share_ok(mentee, rows)
        excl = self._excluded_rows(mentee)
        if excl:
            ok &= ~np.isin(rows, excl)
        return ok

    # -- scores ----------------------------------------------------------------------
    def score_rows(self, mentee: Mentee, rows: I64 | None = None) -> F64:
        """Scores of a mentee against pool rows (default: all live rows), no filters."""
        rows = self.rows if rows is None else rows
        a = self.encode(mentee)
        return self._B[rows, : self.n_features].astype(np.float64) @ a

    def score_matrix(self, mentees: Sequence[Mentee], *, filtered: bool = True) -> F64:
        """Dense scores (mentees x live rows, in :attr:`rows` order). With ``filtered``,
        pairs failing a hard filter are ``-inf``. For small inputs and tests: memory is
        ``8 * len(mentees) * len(pool)`` bytes."""
        rows = self.rows
        out = np.empty((len(mentees), len(rows)), dtype=np.float64)
        for i, mentee in enumerate(mentees):
            out[i] = self.score_rows(mentee, rows)
            if filtered:
                out[i, ~self.acceptable(mentee, rows)] = -np.inf
        return out

    def candidates(
        self,
        mentees: Sequence[Mentee],
        *,
        k: int = 50,
        min_score: float = 0.0,
        extra_excluded: Sequence[Collection[Id]] | None = None,
        block_rows: int | None = None,
        encoded: F32 | None = None,
    ) -> Candidates:
        """The top ``k`` acceptable mentors of each mentee by score, every hard filter
        applied, vectorised by blocks of mentees so that memory stays near ``8 *
        block_rows * len(pool)`` bytes.

        Args:
            mentees: the cohort.
            k: candidates per mentee.
            min_score: pairs scoring below this are dropped.
            extra_excluded: ``extra_excluded[i]`` adds mentor ids to exclude for mentee i
                (forbidden pairs, fixed pairs).
            block_rows: mentees per block (default: about 32 MB of float32 scores).
            encoded: ``encode_many(mentees)`` when the caller already has it.

        Returns:
            :class:`Candidates` sorted by mentee, then score descending; ties are broken
            by a fixed mentor order (national mentors by pool row, then local mentors by
            pool row). Scores are float32 products (about 1e-7 accuracy).

        Cost: one float32 matrix product per block against the national mentors, small
        products against the mentee's own institution's local mentors (R3: mentees are
        processed in institution order), and a linear-time exact top-k selection (see
        :func:`_topk_block`).
        """
        n = len(mentees)
        empty = Candidates(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
        elig = np.flatnonzero(self._eligible[: self._n]).astype(np.int64)
        if n == 0 or len(elig) == 0 or k <= 0:
            return empty
        nf = self.n_features
        A = encoded if encoded is not None else self.encode_many(mentees)
        nat = elig[self._national[elig]]
        loc = elig[~self._national[elig]]
        loc_inst = self._institution[loc]
        srt = np.lexsort((loc, loc_inst))
        loc, loc_inst = loc[srt], loc_inst[srt]
        loc = loc[loc_inst >= 0]  # a local mentor without institution serves nobody
        loc_inst = loc_inst[loc_inst >= 0]
        n_nat = len(nat)
        mentee_inst = np.asarray(
            [-1 if x.institution is None else x.institution for x in mentees], dtype=np.int64
        )
        lo = np.searchsorted(loc_inst, mentee_inst, side="left")
        hi = np.searchsorted(loc_inst, mentee_inst, side="right")
        hi[mentee_inst < 0] = lo[mentee_inst < 0]
        span = int((hi - lo).max()) if len(loc) else 0
        width_all = n_nat + span
        if width_all == 0:
            return empty
        groups = _groups(width_all, k)
        width = -(-width_all // groups)
        w_pad = groups * width
        Bt = np.zeros((nf, w_pad), dtype=np.float32)
        Bt[:, :n_nat] = self._B[nat, :nf].T
        Bt_loc = np.ascontiguousarray(self._B[loc, :nf].T)
        nat_col = np.full(self._n, -1, dtype=np.int64)
        nat_col[nat] = np.arange(n_nat)
        loc_pos = np.full(self._n, -1, dtype=np.int64)
        loc_pos[loc] = np.arange(len(loc))
        perm = np.argsort(mentee_inst, kind="stable")  # institution order
        # exclusions as (sorted position, column) pairs
        rank = np.empty(n, dtype=np.int64)
        rank[perm] = np.arange(n)
        ex_r: list[int] = []
        ex_c: list[int] = []
        for i, mentee in enumerate(mentees):
            extra = extra_excluded[i] if extra_excluded is not None else ()
            if mentee.excluded or mentee.current_mentors or extra:
                for row in self._excluded_rows(mentee, extra):
                    if nat_col[row] >= 0:
                        ex_r.append(int(rank[i]))
                        ex_c.append(int(nat_col[row]))
                    elif loc_pos[row] >= 0 and lo[i] <= loc_pos[row] < hi[i]:
                        ex_r.append(int(rank[i]))
                        ex_c.append(n_nat + int(loc_pos[row] - lo[i]))
        ex_order = np.argsort(np.asarray(ex_r, dtype=np.int64), kind="stable")
        exr = np.asarray(ex_r, dtype=np.int64)[ex_order]
        exc = np.asarray(ex_c, dtype=np.int64)[ex_order]
        must_cache: dict[tuple[tuple[int, tuple[int, ...]], ...], tuple[Bool, Bool]] = {}
        bs = block_rows or max(64, min(1024, (1 << 23) // max(w_pad, 1)))
        buf = np.empty((min(bs, n), w_pad), dtype=np.float32)
        gbuf = np.empty((min(bs, n), groups), dtype=np.float32)
        A_sorted = A[perm]
        inst_sorted = mentee_inst[perm]
        out_r: list[I64] = []
        out_c: list[I64] = []
        out_s: list[F64] = []
        for start in range(0, n, bs):
            stop = min(n, start + bs)
            rows = stop - start
            S = buf[:rows]
            np.matmul(A_sorted[start:stop], Bt, out=S)
            if w_pad > n_nat:
                S[:, n_nat:] = -np.inf
            if span:  # own institution's local mentors (R3), block by block
                blk_inst = inst_sorted[start:stop]
                cuts = np.flatnonzero(np.r_[True, blk_inst[1:] != blk_inst[:-1], True])
                for a_, b_ in zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True):
                    i0 = int(perm[start + a_])
                    l0, h0 = int(lo[i0]), int(hi[i0])
                    if h0 > l0:
                        S[a_:b_, n_nat : n_nat + h0 - l0] = (
                            A_sorted[start + a_ : start + b_] @ Bt_loc[:, l0:h0]
                        )
            a, b = np.searchsorted(exr, (start, stop))
            if b > a:
                S[exr[a:b] - start, exc[a:b]] = -np.inf
            for x in range(start, stop):
                mentee = mentees[int(perm[x])]
                if mentee.must_share:
                    sig = self._must_signature(mentee)
                    oks = must_cache.get(sig)
                    if oks is None:
                        oks = must_cache[sig] = (
                            self._must_share_ok_cols(sig, Bt[:, :n_nat]),
                            self._must_share_ok_cols(sig, Bt_loc),
                        )
                    S[x - start, :n_nat][~oks[0]] = -np.inf
                    i0 = int(perm[x])
                    window = S[x - start, n_nat : n_nat + int(hi[i0] - lo[i0])]
                    window[~oks[1][lo[i0] : hi[i0]]] = -np.inf
            r, c, sc = _topk_block(S, k, groups, width, gbuf[:rows])
            keep = sc >= min_score
            r, c, sc = r[keep], c[keep], sc[keep]
            orig = perm[r + start]
            is_loc = c >= n_nat
            rows_out = np.empty(len(c), dtype=np.int64)
            rows_out[~is_loc] = nat[c[~is_loc]]
            rows_out[is_loc] = loc[lo[orig[is_loc]] + c[is_loc] - n_nat]
            out_r.append(orig.astype(np.int64))
            out_c.append(rows_out)
            out_s.append(sc.astype(np.float64))
        mi = np.concatenate(out_r)
        mr = np.concatenate(out_c)
        ms = np.concatenate(out_s)
        order = np.argsort(mi * 4.0 - ms, kind="stable")
        return Candidates(mi[order], mr[order], ms[order])

    def reverse_candidates(
        self,
        mentees: Sequence[Mentee],
        rows: npt.NDArray[np.integer],
        per_mentor: npt.NDArray[np.integer],
        *,
        min_score: float = 0.0,
        extra_excluded: Sequence[Collection[Id]] | None = None,
        encoded: F32 | None = None,
    ) -> Candidates:
        """For each pool row in ``rows`` (eligible mentors), its top ``per_mentor[x]``
        acceptable mentees by score, every hard filter applied: the mentor-side counterpart
        of :meth:`candidates`, used to give mentors that few mentees rank highly (often
        local mentors) a chance to be matched. ``encoded`` may pass
        ``encode_many(mentees)`` to avoid recomputing it. Returns candidates sorted by
        mentee, then score descending."""
        n = len(mentees)
        rows = np.asarray(rows, dtype=np.int64)
        empty = Candidates(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
        ok_rows = self._eligible[rows]
        rows = rows[ok_rows]
        per = np.asarray(per_mentor, dtype=np.int64)[ok_rows]
        if n == 0 or len(rows) == 0:
            return empty
        kmax = int(np.max(per))
        if kmax <= 0:
            return empty
        nf = self.n_features
        At = np.ascontiguousarray((encoded if encoded is not None else self.encode_many(mentees)).T)
        mentee_inst = np.asarray(
            [-1 if x.institution is None else x.institution for x in mentees], dtype=np.int64
        )
        inst_order = np.argsort(mentee_inst, kind="stable")
        inst_sorted = mentee_inst[inst_order]
        # local mentors first, grouped by institution, so blocks hold few institutions
        loc_first = np.lexsort((rows, self._institution[rows], self._national[rows]))
        rows, per = rows[loc_first], per[loc_first]
        pos = {int(r): x for x, r in enumerate(rows.tolist())}
        ex: dict[int, list[int]] = {}
        for i, mentee in enumerate(mentees):
            extra = extra_excluded[i] if extra_excluded is not None else ()
            if mentee.excluded or mentee.current_mentors or extra:
                for row in self._excluded_rows(mentee, extra):
                    x = pos.get(row)
                    if x is not None:
                        ex.setdefault(x, []).append(i)
        must: dict[tuple[tuple[int, tuple[int, ...]], ...], list[int]] = {}
        for i, mentee in enumerate(mentees):
            if mentee.must_share:
                must.setdefault(self._must_signature(mentee), []).append(i)
        must_ok = {
            sig: self._must_share_ok_cols(sig, np.ascontiguousarray(self._B[rows, :nf].T))
            for sig in must
        }
        must_idx = {sig: np.asarray(v, dtype=np.int64) for sig, v in must.items()}
        groups = _groups(n, kmax)
        width = -(-n // groups)
        n_pad = groups * width
        Atp = np.zeros((nf, n_pad), dtype=np.float32)
        Atp[:, :n] = At
        out_r: list[I64] = []
        out_c: list[I64] = []
        out_s: list[F64] = []
        n_local = int((~self._national[rows]).sum())  # sorted first, by institution
        local_inst = self._institution[rows[:n_local]]
        cuts = np.flatnonzero(np.r_[True, local_inst[1:] != local_inst[:-1], True])
        for a_, b_ in zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True):
            if a_ >= n_local:
                break
            inst = int(local_inst[a_])
            lo_, hi_ = np.searchsorted(inst_sorted, (inst, inst + 1)) if inst >= 0 else (0, 0)
            own = inst_order[lo_:hi_]
            if len(own) == 0:
                continue
            S_loc = self._B[rows[a_:b_], :nf] @ At[:, own]
            own_pos = {int(i): c for c, i in enumerate(own.tolist())}
            for x in range(a_, b_):
                for i in ex.get(x, ()):
                    col = own_pos.get(i)
                    if col is not None:
                        S_loc[x - a_, col] = -np.inf
            for sig, idx in must_idx.items():
                cols = np.asarray([own_pos[i] for i in idx.tolist() if i in own_pos], np.int64)
                no = np.flatnonzero(~must_ok[sig][a_:b_])
                if len(cols) and len(no):
                    S_loc[np.ix_(no, cols)] = -np.inf
            order = np.argsort(-S_loc, axis=1, kind="stable")
            for x in range(a_, b_):
                take = order[x - a_, : int(per[x])]
                vals = S_loc[x - a_, take]
                good = (vals > -np.inf) & (vals >= min_score)
                out_r.append(own[take[good]].astype(np.int64))
                out_c.append(np.full(int(good.sum()), rows[x], dtype=np.int64))
                out_s.append(vals[good].astype(np.float64))
        bs = max(4, min(256, (1 << 23) // n_pad))
        buf = np.empty((max(1, min(bs, len(rows) - n_local)), n_pad), dtype=np.float32)
        for start in range(n_local, len(rows), bs):
            stop = min(len(rows), start + bs)
            blk = rows[start:stop]
            S = buf[: stop - start]
            np.matmul(self._B[blk, :nf], Atp, out=S)
            if n_pad > n:
                S[:, n:] = -np.inf
            for x in range(start, stop):
                bad = ex.get(x)
                if bad:
                    S[x - start, bad] = -np.inf
            for sig, idx in must_idx.items():
                no = np.flatnonzero(~must_ok[sig][start:stop])
                if len(no):
                    S[np.ix_(no, idx)] = -np.inf
            r, c, sc = _topk_block(S, kmax, groups, width)
            keep = (sc >= min_score) & (
                (np.arange(len(r)) - np.searchsorted(r, r)) < per[start + r]
            )
            out_r.append(c[keep].astype(np.int64))
            out_c.append(blk[r[keep]])
            out_s.append(sc[keep].astype(np.float64))
        if not out_r:
            return empty
        mi = np.concatenate(out_r)
        mr = np.concatenate(out_c)
        ms = np.concatenate(out_s)
        order = np.lexsort((mr, -ms, mi))
        return Candidates(mi[order], mr[order], ms[order])

    def _must_signature(self, mentee: Mentee) -> tuple[tuple[int, tuple[int, ...]], ...]:
        mine = consented_categories(mentee)
        return tuple((d, tuple(sorted(mine.get(d, ())))) for d in sorted(mentee.must_share))

    def _must_share_ok_cols(self, sig: tuple[tuple[int, tuple[int, ...]], ...], Bt: F32) -> Bool:
        ok = np.ones(Bt.shape[1], dtype=np.bool_)
        for d, cats in sig:
            cols = [self._cols[("a", d, c)] for c in cats if ("a", d, c) in self._cols]
            if not cols:
                ok[:] = False
                break
            ok &= (Bt[cols] > 0).any(axis=0)
        return ok

    # -- single-mentee paths (recommendation) ------------------------------------------
    def filtered_scores(
        self,
        mentee: Mentee,
        a: F64,
        *,
        exclude: Collection[Id] = (),
        need: int | None = None,
        local_only: bool = False,
    ) -> tuple[F32, Bool]:
        """float32 scores of the encoded mentee row ``a`` against every pool row
        (``0..n``, removed rows included), and the mask of rows that pass every hard filter plus the
        optional ``need``, ``local_only`` and ``exclude`` filters."""
        n = self._n
        # single-threaded sum over the mentee's non-zero features (feature-major copy):
        # no BLAS threads to wait for when a web server is busy
        nz = np.flatnonzero(a)
        scores: F32 = np.einsum(
            "i,ij->j", a[nz].astype(np.float32), self._Bt[nz, :n], optimize=False
        )
        inst = -1 if mentee.institution is None else mentee.institution
        same = (self._institution[:n] == inst) & (self._institution[:n] >= 0)
        ok = self._eligible[:n] & (same if local_only else (self._national[:n] | same))
        excl = self._excluded_rows(mentee, exclude)
        if excl:
            ok[excl] = False
        if need is not None:
            col = self._cols.get(("n", need))
            if col is None:
                ok[:] = False
            else:
                ok &= self._Bt[col, :n] > 0
        if mentee.must_share:
            rows = np.flatnonzero(ok).astype(np.int64)
            ok[rows[~self._must_share_ok(mentee, rows)]] = False
        return scores, ok

    def exact_scores(self, a: F64, rows: npt.NDArray[np.integer]) -> F64:
        """float64 scores of the encoded mentee row ``a`` against the given pool rows."""
        return self._B[rows, : self.n_features].astype(np.float64) @ a

    # -- explanations ----------------------------------------------------------------
    def explain(self, mentee: Mentee, mentor_id: Id, labels: Labels | None = None) -> Explanation:
        """Explain the score of (mentee, mentor): factor contributions that sum to the score,
        what they share (consented by both), which needs the mentor covers, and a text a
        student understands. Hard filters that exclude the pair are listed in words.
        Raises KeyError for a mentor not in the pool."""
        row = self._row.get(mentor_id)
        if row is None:
            raise KeyError(mentor_id)
        return self.explain_row(mentee, row, self.encode(mentee), labels)

    def explain_row(
        self, mentee: Mentee, row: int, a: F64, labels: Labels | None = None
    ) -> Explanation:
        """:meth:`explain` for a pool row and the mentee's already encoded row ``a``."""
        mentor = self.mentor_at(row)
        labels = labels or Labels()
        b = self._B[row, : self.n_features].astype(np.float64)
        points = np.bincount(self._factor_arr, weights=a * b, minlength=len(FACTORS))
        shares = self.factor_shares(mentee)
        mine, theirs = consented_categories(mentee), consented_categories(mentor)
        weighted = [d for d, wt in mentee.affinity_weights.items() if wt > 0 and d in mine]
        weighted.sort(key=lambda d: (-mentee.affinity_weights[d], d))
        shared = tuple((d, c) for d in weighted for c in sorted(mine[d] & theirs.get(d, set())))
        covered = tuple(n for n in mentee.needs if n in mentor.areas)
        missing = tuple(n for n in mentee.needs if n not in mentor.areas)
        details: dict[int, list[str]] = {f: [] for f in range(len(FACTORS))}
        if shared:
            details[AFFINITY].append(
                "You share: " + ", ".join(labels.category(d, c) for d, c in shared) + "."
            )
        if covered:
            details[NEEDS].append("Helps with: " + ", ".join(labels.need(n) for n in covered) + ".")
        details[RESPONSIVENESS].append(_responsiveness_text(mentor))
        details[AVAILABILITY].extend(_availability_text(mentee, mentor, labels))
        if mentee.track is not None and mentee.track in mentor.tracks:
            details[FIT].append(f"Advises on your track: {labels.track(mentee.track)}.")
        specs = sorted(mentee.specialties & mentor.specialties)
        if specs:
            details[FIT].append("Works in: " + ", ".join(labels.specialty(s) for s in specs) + ".")
        contributions = tuple(
            Contribution(
                factor=FACTORS[f],
                weight=shares[f],
                value=(float(points[f]) / shares[f]) if shares[f] > 0 else 0.0,
                points=float(points[f]),
                details=tuple(details[f]),
            )
            for f in (AFFINITY, NEEDS, RESPONSIVENESS, AVAILABILITY, FIT)
        )
        reasons = hard_filter_reasons(mentee, mentor)
        sentences = [s for c in contributions for s in c.details]
        if reasons:
            sentences.append(
                "Not proposed: this mentor " + "; ".join(FILTER_TEXT[r] for r in reasons) + "."
            )
        return Explanation(
            mentee_id=mentee.id,
            mentor_id=mentor.id,
            score=float(points.sum()),
            contributions=contributions,
            shared=shared,
            needs_covered=covered,
            needs_missing=missing,
            text=" ".join(sentences),
            filters=reasons,
        )


def _responsiveness_text(mentor: Mentor) -> str:
    if mentor.answered + mentor.lapsed == 0 and mentor.response_days is None:
        return _NEW_MENTOR_TEXT
    parts = []
    if mentor.response_days is not None:
        days = mentor.response_days
        if days <= 1:
            parts.append("Usually answers within a day.")
        else:
            parts.append(f"Usually answers within {math.ceil(days)} days.")
    if mentor.lapsed:
        total = mentor.answered + mentor.lapsed
        parts.append(f"Answered {mentor.answered} of {total} requests in time.")
    return " ".join(parts) or "Answers requests in time."


def _availability_text(mentee: Mentee, mentor: Mentor, labels: Labels) -> list[str]:
    out = []
    free = mentor.free
    if free > 0:
        out.append(f"Has room for {free} more mentee{'s' if free != 1 else ''}.")
    a, b = mentee.tz_offset_minutes, mentor.tz_offset_minutes
    if a is not None and b is not None:
        diff = abs(a - b) % 1440
        hours = min(diff, 1440 - diff) / 60.0
        if hours < 0.5:
            out.append("Same time zone.")
        else:
            h = round(hours)
            out.append(f"{h} hour{'s' if h != 1 else ''} apart.")
    both = sorted(mentee.formats & mentor.formats)
    if both:
        out.append("Meets: " + ", ".join(labels.format(f) for f in both) + ".")
    elif mentee.formats and mentor.formats:
        out.append("Offers no meeting format you asked for.")
    return out


def _groups(width: int, k: int) -> int:
    """Number of column groups for :func:`_topk_block` on rows of ``width`` entries: more
    than ``k`` (so the threshold prunes), about 16+ columns per group, at most 1000."""
    if width <= 2 * k:
        return 1
    return min(width, max(2 * k, min(1000, width // 16)))


def _topk_block(
    S: F32, k: int, groups: int, width: int, gbuf: F32 | None = None
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], F32]:
    """Exact top-``k`` finite entries per row of ``S`` (rows x groups*width), ties broken
    by the lower column, in O(rows x cols).

    The k-th largest of ``groups`` column-group maxima (``groups >= k``; group g holds the
    columns ``g, g + groups, ...``) is a lower bound of the row's k-th largest entry, so
    keeping the entries at or above it keeps the exact top-k plus a few more; only those
    survivors are sorted. This avoids a full ``argpartition``, several times slower on
    wide rows.
    """
    rows = S.shape[0]
    if groups <= k:
        thr = np.full(rows, -np.inf, dtype=np.float32)
    else:
        gmax = gbuf if gbuf is not None else np.empty((rows, groups), dtype=np.float32)
        np.copyto(gmax, S[:, :groups])
        for w in range(1, width):
            np.maximum(gmax, S[:, w * groups : (w + 1) * groups], out=gmax)
        thr = np.partition(gmax, groups - k, axis=1)[:, groups - k]
    flat = np.flatnonzero(thr[:, None] <= S)
    r, c = np.divmod(flat, S.shape[1])
    s = S.reshape(-1)[flat]
    finite = s > -np.inf
    r, c, s = r[finite], c[finite], s[finite]
    # sort by row, then score descending; stable keeps column order among ties
    order = np.argsort(r * 4.0 - s.astype(np.float64), kind="stable")
    r, c, s = r[order], c[order], s[order]
    counts = np.bincount(r, minlength=rows)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    pos = np.arange(len(r)) - starts[r]
    keep = pos < k
    return r[keep], c[keep], s[keep]
