"""Background work of pairing rounds. Arguments are ids only; safe to run twice."""

from __future__ import annotations

from django.tasks import task

from mentorquilt.pairing.runner import round_run


@task()
def match_round_run(round_id: str) -> str:
    """Compute a round's proposal (R22). A second run of the same job finds it done."""
    return round_run(round_id=round_id)
