"""What a pair does once a mentorship has started: meetings (R26), the mentee's action
plan (R28), the mentee's evaluations of each mentor (R14) and concerns reported
confidentially to platform staff (R27).

Highest-sensitivity free text lives in its own rows so that no list, admin page or
API shape shows it by accident: private meeting notes (MeetingNote: author only) and
concern reports (Concern.text: the reporter and audit-logged staff only). See
docs/data-protection.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentorquilt.core.models import BaseModel


class MeetingFormat(models.TextChoices):
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone call"
    IN_PERSON = "in_person", "In person"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


MEETING_MIN_MINUTES = 10
MEETING_MAX_MINUTES = 240


class Meeting(BaseModel):
    """A meeting of one pair: planned (with a calendar invitation), then logged as held.

    `topics` is shared by both sides of the pair. Private notes are MeetingNote rows.
    `sequence` is the calendar invitation's SEQUENCE (RFC 5545): it goes up when the
    invitation is sent again with a change (a cancellation).
    """

    mentorship = models.ForeignKey(
        "mentorships.Mentorship", on_delete=models.CASCADE, related_name="meetings"
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=16, choices=MeetingFormat.choices)
    place = models.CharField(
        max_length=300, blank=True, help_text="An address, a room, a phone number or a link."
    )
    status = models.CharField(
        max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(default=0)
    invited_sequence = models.PositiveIntegerField(
        null=True, blank=True, help_text="The last version whose invitation was emailed."
    )
    held_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    topics = models.TextField(blank=True, max_length=2000)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MEETING_MIN_MINUTES, minutes__lte=MEETING_MAX_MINUTES),
                name="meeting_length_10_to_240_minutes",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_minutes__isnull=False),
                name="meeting_held_has_length",
            ),
        ]
        indexes = [models.Index(fields=["mentorship", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"Meeting {self.public_id}"


class MeetingNote(BaseModel):
    """One person's private notes on a meeting. Only the author ever sees them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=5000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="meeting_note_one_each")
        ]

    def __str__(self) -> str:
        # Never the text: admin lists and logs must not show it.
        return f"Private note {self.public_id}"


class QuietNudge(models.Model):
    """A pair was nudged because it had not met since `quiet_since` (one nudge per quiet spell)."""

    mentorship = models.ForeignKey(
        "mentorships.Mentorship", on_delete=models.CASCADE, related_name="+"
    )
    quiet_since = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "quiet_since"], name="quiet_nudge_once_per_spell"
            )
        ]

    def __str__(self) -> str:
        return f"Nudge {self.pk}"


# --- the action plan (R28) ----------------------------------------------------------------


class ActionPlan(BaseModel):
    """A mentee's action plan: their personal mission and their goals."""

    mentee = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_plan"
    )
    mission = models.TextField(blank=True, max_length=2000)

    def __str__(self) -> str:
        return f"Action plan {self.public_id}"


class Goal(BaseModel):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True, max_length=2000)
    needs = models.ManyToManyField("profiles.NeedArea", blank=True, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_on", "created_at"]

    def __str__(self) -> str:
        return f"Goal {self.public_id}"


class Milestone(BaseModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return f"Milestone {self.public_id}"


class GoalComment(BaseModel):
    """A comment on a goal, by the mentee or one of their current mentors."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=2000)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment {self.public_id}"


# --- evaluations (R14) --------------------------------------------------------------------


class EvaluationKind(models.TextChoices):
    PERIODIC = "periodic", "Every six months"
    FINAL = "final", "At the end of the mentorship"


SCALE_MIN, SCALE_MAX = 1, 5
# The questions a mentee answers on a 1-5 scale, in order: field name and question.
EVALUATION_QUESTIONS: list[tuple[str, str]] = [
    ("helpful", "My mentor helps me with the things I need help with."),
    ("available", "My mentor is easy to reach and makes time to meet."),
    ("respectful", "My mentor listens to me and respects who I am and where I come from."),
    ("recommend", "I would recommend my mentor to another student."),
]


def _scale_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{name}__isnull": True})
        | Q(**{f"{name}__gte": SCALE_MIN, f"{name}__lte": SCALE_MAX}),
        name=f"evaluation_{name}_1_to_5",
    )


class Evaluation(BaseModel):
    """A mentee's evaluation of one mentor, due on `due_on` (R14).

    Opened by the daily tick (6 months after the start, every 6 months after, and at
    the end); answered once. A mentor never sees a single evaluation, only averages
    across at least EVALUATION_MIN_MENTEES different mentees.
    """

    mentorship = models.ForeignKey(
        "mentorships.Mentorship", on_delete=models.CASCADE, related_name="evaluations"
    )
    kind = models.CharField(max_length=16, choices=EvaluationKind.choices)
    due_on = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminded_due_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)
    helpful = models.PositiveSmallIntegerField(null=True, blank=True)
    available = models.PositiveSmallIntegerField(null=True, blank=True)
    respectful = models.PositiveSmallIntegerField(null=True, blank=True)
    recommend = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "kind", "due_on"], name="evaluation_once_per_due_date"
            ),
            models.UniqueConstraint(
                fields=["mentorship"],
                condition=Q(kind="final"),
                name="evaluation_one_final_per_mentorship",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | Q(
                    helpful__isnull=False,
                    available__isnull=False,
                    respectful__isnull=False,
                    recommend__isnull=False,
                ),
                name="evaluation_submitted_has_every_answer",
            ),
            *[_scale_check(name) for name, _ in EVALUATION_QUESTIONS],
        ]
        indexes = [models.Index(fields=["submitted_at", "due_on"])]

    def __str__(self) -> str:
        return f"Evaluation {self.public_id}"


# --- concerns (R27) -----------------------------------------------------------------------


class ConcernStatus(models.TextChoices):
    OPEN = "open", "New"
    IN_REVIEW = "in_review", "Staff are looking into it"
    CLOSED = "closed", "Closed"


class Concern(BaseModel):
    """A confidential report to platform staff about a mentorship (R27).

    Seen by its reporter and by platform staff (every staff read is audited); never by
    the person it is about, the institution or the API of anyone else.
    """

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    mentorship = models.ForeignKey(
        "mentorships.Mentorship", on_delete=models.CASCADE, related_name="+"
    )
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(max_length=5000)
    status = models.CharField(
        max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        # Never the text or the people: admin lists and logs must not show them.
        return f"Concern {self.public_id}"


class ConcernActionKind(models.TextChoices):
    NOTE = "note", "Staff note"
    REVIEW = "review", "Started looking into it"
    PAUSE_MENTORSHIP = "pause_mentorship", "Paused the mentorship"
    SUSPEND_USER = "suspend_user", "Suspended the account of the person it is about"
    LIFT_HOLD = "lift_hold", "Lifted the hold on the mentorship"
    REINSTATE_USER = "reinstate_user", "Lifted the suspension of the account"
    CLOSE = "close", "Closed"


class ConcernAction(BaseModel):
    """One thing staff did about a concern, with their note. Also in the audit log."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="actions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=ConcernActionKind.choices)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Concern action {self.public_id}"
