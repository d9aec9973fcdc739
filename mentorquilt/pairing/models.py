"""Batch pairing rounds run by a program coordinator (R22, R23, B2).

A round snapshots who takes part (RoundMentee, RoundMentor, with the figures the
load report needs), records the settings, the engine version and a fingerprint of
the engine input so that it can be reproduced, and holds the proposal
(ProposedPair) that the coordinator adjusts and publishes.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q

from mentorquilt.core.models import BaseModel
from mentorquilt.institutions.models import Institution


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Draft: not run yet"
    RUNNING = "running", "Running"
    READY = "ready", "Proposal ready for review"
    PUBLISHING = "publishing", "Publishing"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"


class PublishAs(models.TextChoices):
    MENTORSHIPS = "mentorships", "Start the mentorships"
    REQUESTS = "requests", "Send each mentor a request to answer"


class MatchRound(BaseModel):
    """One batch pairing of an institution's cohort."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="match_rounds"
    )
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=120)
    status = models.CharField(max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done (0-100).")
    step = models.CharField(max_length=120, blank=True, help_text="What the run is doing now.")
    settings = models.JSONField(default=dict)
    run_count = models.PositiveIntegerField(default=0)
    engine_version = models.CharField(max_length=32, blank=True)
    input_fingerprint = models.CharField(max_length=64, blank=True)
    report = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="round_progress_percent"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="round_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Pairing round {self.public_id}"

    @property
    def is_editable(self) -> bool:
        return self.status in (RoundStatus.DRAFT, RoundStatus.READY, RoundStatus.FAILED)


class RoundMentee(models.Model):
    """A mentee in the round's cohort. `ready` and the group flags are set by a run.

    `existing` is the mentors the mentee already has or asked (open mentorships, requests
    waiting for an answer) when the round ran; `wants` what they still need from this
    round (0: nothing). `missing` is the checklist steps a mentee not ready still has to
    do, as the run found them (step titles only: nothing private).
    """

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="mentees")
    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    ready = models.BooleanField(default=False)
    wants = models.PositiveSmallIntegerField(default=1)
    existing = models.PositiveSmallIntegerField(default=0)
    missing = models.JSONField(default=list, blank=True)
    urim = models.BooleanField(default=False)
    first_gen = models.BooleanField(default=False)
    low_income = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="round_mentee_once"),
        ]

    def __str__(self) -> str:
        return f"Round mentee {self.pk}"


class RoundMentor(models.Model):
    """A mentor offered to the round. `capacity` is this round's places, `load` the
    places already taken (open mentorships and requests waiting for their answer);
    both are set by a run, with `missing` (checklist steps still to do, or why a ready
    mentor cannot be asked) for a mentor not ready."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="mentors")
    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    ready = models.BooleanField(default=False)
    capacity = models.PositiveSmallIntegerField(default=0)
    load = models.PositiveSmallIntegerField(default=0)
    missing = models.JSONField(default=list, blank=True)
    urim = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="round_mentor_once"),
        ]

    def __str__(self) -> str:
        return f"Round mentor {self.pk}"


class PairSource(models.TextChoices):
    ENGINE = "engine", "Proposed by the matching engine"
    MANUAL = "manual", "Set by the coordinator"
    IMPORTED = "imported", "Imported from a result file"


class PairOutcome(models.TextChoices):
    WAITING = "", "Not published yet"
    MADE = "made", "Published"
    REFUSED = "refused", "Could not start"


class ProposedPair(BaseModel):
    """One pair of the proposal.

    `outcome` is set once, in the same transaction that starts the mentorship or sends the
    request, so a publish that is run again (a retry after a failure part-way) never
    publishes a pair twice.

    `explanation` is the engine's explanation record (`matching.adapter.explanation_record`):
    its `shared` codes include attributes a person uses for matching but does not show.
    Never render it directly: `selectors.pair_reasons` words it for one reader through the
    profiles visibility rule (B4).
    """

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="pairs")
    mentee = models.ForeignKey(RoundMentee, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(RoundMentor, on_delete=models.CASCADE, related_name="pairs")
    score = models.FloatField(default=0.0)
    rank = models.PositiveSmallIntegerField(default=1, help_text="1 = the mentee's first mentor.")
    explanation = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=16, choices=PairSource.choices, default=PairSource.ENGINE)
    outcome = models.CharField(
        max_length=16, choices=PairOutcome.choices, default=PairOutcome.WAITING, blank=True
    )
    outcome_reason = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["mentee_id", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "mentee", "mentor"], name="round_pair_once"),
        ]

    def __str__(self) -> str:
        return f"Proposed pair {self.public_id}"
