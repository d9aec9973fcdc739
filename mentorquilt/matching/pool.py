"""The web process's mentor pool: one quiltmatch `MentorPool` per process, kept fresh cheaply.

Why: building the pool reads every published mentor (about a dozen bulk queries and a few
seconds at national scale, R24), while a search must answer in milliseconds. So each process
keeps its pool in memory and refreshes it without slowing requests down:

* **Version stamp.** A version string lives in Django's cache (Redis in production, shared
  by every process). `pool_version_bump()` (called by `matching.services` and by anyone who
  changes something every mentor depends on, such as a taxonomy or an agreement) sets a new
  one; a process that sees a different version rebuilds its pool on its next search. When
  the cache has no version yet (a fresh cache, or every test, whose cache is cleared), the
  first reader sets one and builds.
* **Incremental refresh.** Other apps do not call into matching (it sits above them), so at
  most every `MATCHING_POOL_REFRESH_SECONDS` (default 5) a search first asks the database
  which mentors changed since the last look: rows of mentor profiles, attributes, mentor
  roles, mentorships (load), requests (responsiveness, pending), suspensions, agreement
  acceptances and training completions with a newer `updated_at`, plus consent changes in
  the audit log (a removed attribute leaves no row behind). Only those mentors are re-read
  (`adapter.mentors_for_engine`) and upserted or removed. 8 small queries.
* **Full rebuild** at least every `MATCHING_POOL_MAX_AGE_SECONDS` (default 600) as a safety
  net for changes no row records.
* **Correctness does not depend on freshness.** Search re-checks the mentors it shows against
  the database (findable, not suspended, free place, shown attributes), so a stale pool can
  only make a ranking slightly out of date, never show someone who must not be shown.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Membership, Role
from mentorquilt.matching.adapter import MentorFacts, labels_all, mentors_for_engine
from mentorquilt.mentorships.models import Mentorship, MentorshipRequest, MentorSuspension
from mentorquilt.profiles.models import AffinityDimension, MentorProfile, PersonAttribute
from mentorquilt.training.models import AgreementAcceptance, ModuleCompletion
from quiltmatch.scoring import MentorPool
from quiltmatch.types import Labels, Mentor

VERSION_KEY = "matching:pool-version"
# Rows committed while we read may carry an earlier updated_at: look back a little.
OVERLAP = timedelta(seconds=5)

Codes = tuple[int, int]


@dataclass
class PoolState:
    """A process's pool with what search needs besides the engine arrays.

    `rows_*` map a code to the pool rows of mentors who have it: the search filters
    (specialty, track, meeting format, shown affinity, national scope). Rows are stable
    for a mentor id in a `MentorPool`, so the maps survive upserts of other mentors.
    """

    pool: MentorPool
    facts: dict[int, MentorFacts]
    labels: Labels
    wish_only: frozenset[int]
    version: str
    built_at: float
    checked_at: float
    watermark: datetime
    rows_specialty: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    rows_track: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    rows_format: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    rows_shown: dict[Codes, set[int]] = field(default_factory=lambda: defaultdict(set))
    rows_national: set[int] = field(default_factory=set)

    def _unindex(self, row: int, mentor: Mentor, facts: MentorFacts | None) -> None:
        for code in mentor.specialties:
            self.rows_specialty[code].discard(row)
        for code in mentor.tracks:
            self.rows_track[code].discard(row)
        for code in mentor.formats:
            self.rows_format[code].discard(row)
        for codes in facts.shown if facts else ():
            self.rows_shown[codes].discard(row)
        self.rows_national.discard(row)

    def _index(self, row: int, mentor: Mentor, facts: MentorFacts) -> None:
        for code in mentor.specialties:
            self.rows_specialty[code].add(row)
        for code in mentor.tracks:
            self.rows_track[code].add(row)
        for code in mentor.formats:
            self.rows_format[code].add(row)
        for codes in facts.shown:
            self.rows_shown[codes].add(row)
        if mentor.national:
            self.rows_national.add(row)

    def put(self, mentor: Mentor, facts: MentorFacts) -> None:
        """Add or replace one mentor in the pool and the filter maps."""
        old = self.pool.get(mentor.id)
        if old is not None:
            row = self.pool.row_of(mentor.id)
            assert row is not None
            self._unindex(row, old, self.facts.get(int(mentor.id)))
        self.pool.upsert(mentor)
        row = self.pool.row_of(mentor.id)
        assert row is not None
        self._index(row, mentor, facts)
        self.facts[int(mentor.id)] = facts

    def drop(self, mentor_id: int) -> None:
        old = self.pool.get(mentor_id)
        if old is None:
            return
        row = self.pool.row_of(mentor_id)
        assert row is not None
        self._unindex(row, old, self.facts.pop(mentor_id, None))
        self.pool.remove(mentor_id)


_state: PoolState | None = None
_lock = threading.Lock()


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def pool_version() -> str:
    """The current version stamp (set here when the cache has none)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return str(version)


def _build(version: str) -> PoolState:
    started = timezone.now()
    mentors, facts = mentors_for_engine()
    state = PoolState(
        pool=MentorPool(),
        facts={},
        labels=labels_all(),
        wish_only=frozenset(
            AffinityDimension.objects.filter(wish_only=True).values_list("pk", flat=True)
        ),
        version=version,
        built_at=time.monotonic(),
        checked_at=time.monotonic(),
        watermark=started,
    )
    for mentor in mentors:
        state.put(mentor, facts[int(mentor.id)])
    return state


def changed_mentor_ids(since: datetime) -> set[int]:
    """Mentor user ids whose engine inputs may have changed after `since` (8 queries)."""
    ids: set[int] = set()
    ids.update(MentorProfile.objects.filter(updated_at__gt=since).values_list("user_id", flat=True))
    ids.update(
        PersonAttribute.objects.filter(updated_at__gt=since).values_list("user_id", flat=True)
    )
    ids.update(
        Membership.objects.filter(updated_at__gt=since, role=Role.MENTOR).values_list(
            "user_id", flat=True
        )
    )
    ids.update(Mentorship.objects.filter(updated_at__gt=since).values_list("mentor_id", flat=True))
    ids.update(
        MentorshipRequest.objects.filter(updated_at__gt=since).values_list("mentor_id", flat=True)
    )
    ids.update(
        MentorSuspension.objects.filter(updated_at__gt=since).values_list("mentor_id", flat=True)
    )
    ids.update(
        AgreementAcceptance.objects.filter(updated_at__gt=since).values_list("user_id", flat=True)
    )
    ids.update(
        ModuleCompletion.objects.filter(updated_at__gt=since).values_list("user_id", flat=True)
    )
    ids.update(
        uid
        for uid in AuditEvent.objects.filter(at__gt=since, action="consent.change").values_list(
            "actor_id", flat=True
        )
        if uid is not None
    )
    return ids


def refresh_mentors(state: PoolState, user_ids: set[int]) -> None:
    """Re-read these mentors and upsert them (or drop the ones no longer published)."""
    if not user_ids:
        return
    mentors, facts = mentors_for_engine(user_ids)
    found = set()
    for mentor in mentors:
        found.add(int(mentor.id))
        state.put(mentor, facts[int(mentor.id)])
    for uid in user_ids - found:
        state.drop(uid)


def _refresh(state: PoolState) -> None:
    now = timezone.now()
    refresh_mentors(state, changed_mentor_ids(state.watermark - OVERLAP))
    state.watermark = now
    state.checked_at = time.monotonic()


def current_pool(*, force_check: bool = False) -> PoolState:
    """This process's pool, rebuilt or refreshed first when due (see the module docstring)."""
    global _state
    version = pool_version()
    now = time.monotonic()
    state = _state
    max_age = _setting("MATCHING_POOL_MAX_AGE_SECONDS", 600)
    every = _setting("MATCHING_POOL_REFRESH_SECONDS", 5)
    fresh = state is not None and state.version == version and now - state.built_at < max_age
    if fresh and state is not None and not force_check and now - state.checked_at < every:
        return state
    with _lock:
        state = _state
        if state is None or state.version != version or now - state.built_at >= max_age:
            _state = state = _build(version)
        elif force_check or time.monotonic() - state.checked_at >= every:
            _refresh(state)
        return state


def pool_forget() -> None:
    """Drop this process's pool (tests, and after a bulk import in the same process)."""
    global _state
    with _lock:
        _state = None
