"""Writes of the matching app.

Rules:
- A search that found nobody is recorded as its filters, the searcher's institution and the
  day, never the person (no user, no time of day, no free text): admins and staff use these
  to recruit the mentors students lack (R21, R24).
- `pool_version_bump` tells every web process to rebuild its mentor pool on its next search
  (see `matching.pool`); call it after changes that touch every mentor (taxonomies,
  agreements, required training, bulk imports).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from mentorquilt.matching.models import SearchMiss
from mentorquilt.matching.pool import VERSION_KEY


def pool_version_bump() -> str:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def search_miss_record(*, institution_id: int | None, filters: Any) -> SearchMiss:
    """Record a search that found nobody: `filters` is a `selectors.SearchFilters`."""
    return SearchMiss.objects.create(
        day=timezone.localdate(),
        institution_id=institution_id,
        need_id=filters.need,
        specialty_id=filters.specialty,
        track_id=filters.track,
        category_id=filters.category,
        meeting_format_id=filters.meeting_format,
        reach=filters.reach,
        accepting_now=filters.accepting_now,
    )
