"""Test settings for the engine: no database, no Django, small hypothesis budgets so the
whole suite stays well under a minute on two cores."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "quiltmatch",
    max_examples=int(os.environ.get("QM_MAX_EXAMPLES", "40")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("quiltmatch")
