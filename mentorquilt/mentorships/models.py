"""Mentorship requests (R8, R25), mentorships (R6, R13, R25) and mentor suspensions (R8, B3).

A mentee asks a mentor with a short message and the areas of need it is about. The
mentor accepts, declines or asks a question before `due_at`; otherwise the request
lapses, which counts against the mentor. A mentorship holds one of the mentor's
places ("slots", 1 to 3) while active or paused, so the database itself refuses a
fourth mentee (R6) and two accepts racing for the last place cannot both win.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentorquilt.core.models import BaseModel
from mentorquilt.profiles.models import MAX_CAPACITY, NeedArea


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the mentor"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    LAPSED = "lapsed", "Lapsed (not answered in time)"
    WITHDRAWN = "withdrawn", "Withdrawn by the mentee"


class MentorshipRequest(BaseModel):
    """A mentee's request to one mentor. Answered, declined, withdrawn or lapsed once."""

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_sent"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_received"
    )
    message = models.TextField(max_length=1000)
    needs = models.ManyToManyField(NeedArea, related_name="+")
    status = models.CharField(
        max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    due_at = models.DateTimeField(help_text="The mentor answers before this, or it lapses.")
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    lapsed_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(status="pending"),
                name="request_one_pending_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(mentee=models.F("mentor")), name="request_not_to_oneself"
            ),
            models.CheckConstraint(
                condition=~Q(status="lapsed") | Q(lapsed_at__isnull=False),
                name="request_lapse_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["mentee", "status"]),
        ]

    def __str__(self) -> str:
        return f"Mentorship request {self.public_id}"

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING


class RequestMessage(BaseModel):
    """One message in the short thread on a request: a mentor's question or a mentee's reply."""

    request = models.ForeignKey(MentorshipRequest, on_delete=models.CASCADE, related_name="thread")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=2000)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Request message {self.public_id}"


class MentorshipState(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    CONCLUDED = "concluded", "Concluded"


class PauseKind(models.TextChoices):
    """Who paused a mentorship: the pair themselves, or the program (a staff hold, R27)."""

    PAIR = "pair", "Paused by the mentor or the mentee"
    STAFF_HOLD = "staff_hold", "On hold by the program"


class Mentorship(BaseModel):
    """One mentor and one mentee, tied to the needs the mentor covers (R13, R25).

    `slot` is the mentor's place this mentorship holds (1..3) while it is active or
    paused; concluded mentorships free it. The unique (mentor, slot) constraint is the
    database's guard on the cap (R6) in addition to the service's row lock.

    A paused mentorship says who paused it (`pause_kind`, `paused_by`). A staff hold
    (R27) is placed by platform staff while they look into a concern (`hold_reference`
    is that concern's public id); only staff lift it, the pair cannot resume it.
    """

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_mentee"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_mentor"
    )
    request = models.OneToOneField(
        MentorshipRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentorship",
    )
    needs = models.ManyToManyField(NeedArea, related_name="+", blank=True)
    state = models.CharField(
        max_length=16, choices=MentorshipState.choices, default=MentorshipState.ACTIVE
    )
    slot = models.PositiveSmallIntegerField(null=True, blank=True)
    started_on = models.DateField()
    minimum_end_on = models.DateField(
        null=True, blank=True, help_text="The program's minimum length ends on this day (R25)."
    )
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_kind = models.CharField(max_length=16, choices=PauseKind.choices, blank=True)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hold_reference = models.UUIDField(
        null=True, blank=True, help_text="The concern a staff hold was placed from (R27)."
    )
    concluded_at = models.DateTimeField(null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conclusion_reason = models.CharField(max_length=500, blank=True)
    early_reason = models.CharField(
        max_length=500, blank=True, help_text="Why it ended before the minimum length."
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "slot"],
                condition=Q(slot__isnull=False),
                name="mentorship_one_mentee_per_mentor_slot",
            ),
            models.CheckConstraint(
                condition=(Q(state="concluded") & Q(slot__isnull=True))
                | (~Q(state="concluded") & Q(slot__gte=1, slot__lte=MAX_CAPACITY)),
                name="mentorship_open_holds_a_slot_1_to_3",
            ),
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=~Q(state="concluded"),
                name="mentorship_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(mentee=models.F("mentor")), name="mentorship_not_with_oneself"
            ),
            models.CheckConstraint(
                condition=~Q(state="concluded")
                | (Q(concluded_at__isnull=False) & ~Q(conclusion_reason="")),
                name="mentorship_conclusion_has_time_and_reason",
            ),
            models.CheckConstraint(
                condition=(Q(state="paused") & ~Q(pause_kind=""))
                | (~Q(state="paused") & Q(pause_kind="", hold_reference__isnull=True)),
                name="mentorship_pause_says_who_paused",
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "state"]),
            models.Index(fields=["mentee", "state"]),
        ]

    def __str__(self) -> str:
        return f"Mentorship {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.state != MentorshipState.CONCLUDED

    @property
    def on_hold(self) -> bool:
        """Paused by the program (a staff hold): only staff resume it (R27)."""
        return self.state == MentorshipState.PAUSED and self.pause_kind == PauseKind.STAFF_HOLD


class SuspensionCause(models.TextChoices):
    LAPSES = "lapses", "Suspended after unanswered requests"
    STAFF = "staff", "Suspended by staff"


class MentorSuspension(BaseModel):
    """A person who is not available as a mentor, and why (R8, B3, R27).

    Two causes, one record: `lapses` (the tick, after repeated lapsed requests: hidden
    from search, can still sign in) and `staff` (platform staff suspended the account
    after a concern, `reference` is that concern's public id: the account cannot sign
    in either, `User.is_active` is false). Open while `ended_at` is empty. An admin of
    the mentor's institution or staff end a lapse suspension; only staff end a staff
    suspension. Lapses before a reinstatement no longer count. A staff suspension of a
    mentee is recorded here too (it is the record of the account's suspension).
    """

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    cause = models.CharField(
        max_length=16, choices=SuspensionCause.choices, default=SuspensionCause.LAPSES
    )
    reference = models.UUIDField(
        null=True, blank=True, help_text="For a staff suspension: the concern it came from."
    )
    lapse_count = models.PositiveSmallIntegerField(default=0)
    period_days = models.PositiveSmallIntegerField(default=0)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor"],
                condition=Q(ended_at__isnull=True),
                name="suspension_one_open_per_mentor",
            )
        ]

    def __str__(self) -> str:
        return f"Mentor suspension {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def by_staff(self) -> bool:
        return self.cause == SuspensionCause.STAFF


class MentorshipMessage(BaseModel):
    """One message in a pair's private thread (the mentorship page is the pair's hub).

    Only the mentorship's two people read and write it; no page, API operation or admin
    screen shows it to anyone else, staff included. Written while the mentorship is
    active; kept readable, but closed to new messages, once it is paused or concluded.
    """

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=4000)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["mentorship", "created_at"])]

    def __str__(self) -> str:
        return f"Mentorship message {self.public_id}"


class AlumniInvitation(BaseModel):
    """A former mentee was invited to become a mentor (R18): once per ended membership.

    Written by `services.alumni_invite_due` in the same transaction as the invitation,
    so the periodic job never invites twice.
    """

    membership = models.OneToOneField(
        "institutions.Membership", on_delete=models.CASCADE, related_name="alumni_invitation"
    )

    def __str__(self) -> str:
        return f"Alumni invitation {self.public_id}"
