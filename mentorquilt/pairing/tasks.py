"""Background work of pairing rounds. Arguments are ids only; safe to run twice."""

from __future__ import annotations

from django.tasks import task

from mentorquilt.pairing.runner import round_publish_run, round_run


@task()
def match_round_run(round_id: str) -> str:
    """Compute a round's proposal (R22). A second run of the same job finds it done."""
    return round_run(round_id=round_id)


@task()
def match_round_publish(round_id: str) -> str:
    """Publish a round's proposal (R22). Run again, it publishes only the pairs still
    waiting (a retry after a failure part-way), then marks the round published once."""
    return round_publish_run(round_id=round_id)
