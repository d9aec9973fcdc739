"""Programs (R29, R30, R25): a program belongs to one institution, may admit members of
named partner institutions, and runs as dated cohorts. A cohort has members (participants,
mentors, facilitators), small groups with facilitators, a schedule of sessions (workshops,
small-group sessions, speakers) and attendance per session and member.

Invariants the database holds: one membership row per person and cohort; a person is a
(non-facilitating) member of at most one small group per cohort; one attendance row per
session and member; dates and times in order; capacity at least 1.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from mentorquilt.core.models import BaseModel


class ProgramKind(models.TextChoices):
    COHORT = "cohort", "Cohort program"
    PAIRING = "pairing", "Pairing program"
    CAMPAIGN = "campaign", "Mentor-training campaign"


MAX_QUESTIONS = 5


class Program(BaseModel):
    """A program of one institution. `application_questions` are the coordinator's short
    questions (a list of at most MAX_QUESTIONS strings) every applicant answers."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="programs"
    )
    partners = models.ManyToManyField(
        "institutions.Institution",
        blank=True,
        related_name="partner_programs",
        help_text="Other institutions whose members may join.",
    )
    kind = models.CharField(max_length=16, choices=ProgramKind.choices)
    name = models.CharField(max_length=160)
    description = models.TextField(max_length=4000, blank=True)
    min_mentorship_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Mentorships in this program last at least this long."
    )
    cadence_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How often pairs or groups meet, in weeks."
    )
    values_statement = models.TextField(
        max_length=4000, blank=True, help_text="What every participant agrees to when joining."
    )
    application_questions = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_mentorship_months__isnull=True)
                | Q(min_mentorship_months__gte=1, min_mentorship_months__lte=60),
                name="program_min_length_1_to_60_months",
            ),
            models.CheckConstraint(
                condition=Q(cadence_weeks__isnull=True)
                | Q(cadence_weeks__gte=1, cadence_weeks__lte=52),
                name="program_cadence_1_to_52_weeks",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CohortStatus(models.TextChoices):
    DRAFT = "draft", "Draft (only coordinators see it)"
    RECRUITING = "recruiting", "Recruiting"
    ACTIVE = "active", "Running"
    CLOSED = "closed", "Closed"


class Cohort(BaseModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=160)
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=CohortStatus.choices, default=CohortStatus.DRAFT
    )
    capacity = models.PositiveIntegerField(help_text="Places for participants.")

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="cohort_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    MENTOR = "mentor", "Mentor"
    FACILITATOR = "facilitator", "Facilitator"


class MemberStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    WAITLISTED = "waitlisted", "On the waiting list"
    DECLINED = "declined", "Not accepted"
    LEFT = "left", "Left"


class CohortMember(BaseModel):
    """One person in one cohort. `answers` holds the application answers (free text: shown
    to the person and the program's coordinators only). `joined_at` is when they were
    accepted: sessions before it are "not expected" for them."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    role = models.CharField(max_length=16, choices=MemberRole.choices)
    status = models.CharField(max_length=16, choices=MemberStatus.choices)
    answers = models.JSONField(default=list, blank=True)
    values_accepted_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["cohort", "status", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="cohort_member_once"),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(joined_at__isnull=False),
                name="cohort_member_accepted_has_joined_at",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status", "role"])]

    def __str__(self) -> str:
        return f"Cohort member {self.public_id}"


class SmallGroup(BaseModel):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="small_group_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class GroupRole(models.TextChoices):
    MEMBER = "member", "Member"
    FACILITATOR = "facilitator", "Facilitator"


class GroupMember(models.Model):
    """A cohort member in a small group, as member or facilitator. A member sits in one
    group per cohort (a facilitator may lead several)."""

    group = models.ForeignKey(SmallGroup, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(max_length=16, choices=GroupRole.choices, default=GroupRole.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="group_member_once"),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(role="member"),
                name="group_member_one_group_per_cohort",
            ),
        ]

    def __str__(self) -> str:
        return f"Group seat {self.pk}"


class SessionKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop (everyone)"
    SMALL_GROUP = "small_group", "Small-group session"
    SPEAKER = "speaker", "Speaker session (everyone)"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Planned"
    CANCELLED = "cancelled", "Cancelled"


class Session(BaseModel):
    """One dated session of a cohort. A small-group session belongs to one group; the others
    are for the whole cohort. A speaker may be a guest without an account (name, title, short
    bio). `sequence` is the calendar invitation's SEQUENCE (RFC 5545)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=16, choices=SessionKind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    video_url = models.URLField(max_length=500, blank=True)
    group = models.ForeignKey(
        SmallGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    speaker_name = models.CharField(max_length=160, blank=True)
    speaker_title = models.CharField(max_length=200, blank=True)
    speaker_bio = models.TextField(max_length=1000, blank=True)
    status = models.CharField(
        max_length=16, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(default=0)
    invited_sequence = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind="small_group", group__isnull=False)
                | (~Q(kind="small_group") & Q(group__isnull=True)),
                name="session_group_only_for_small_groups",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    EXCUSED = "excused", "Excused"
    ABSENT = "absent", "Absent"


class Attendance(BaseModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=16, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"Attendance {self.public_id}"
