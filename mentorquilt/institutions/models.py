"""Institutions (R1) and people's memberships in them, with their roles (R2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorquilt.core.models import BaseModel
from mentorquilt.institutions.schedule import SizeCategory, required_mentors, size_category


class InstitutionKind(models.TextChoices):
    MD = "md", "Medical school (MD)"
    DO = "do", "Osteopathic medical school (DO)"
    HBCU = "hbcu", "Historically Black college or university (HBCU)"
    COMMUNITY_COLLEGE = "community_college", "Community college"
    UNIVERSITY = "university", "University"
    RESIDENCY = "residency", "Residency program"
    HEALTH_SYSTEM = "health_system", "Health system"
    OTHER_HEALTH = "other_health", "Other health-profession school"


class Institution(BaseModel):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=InstitutionKind.choices)
    class_size = models.PositiveIntegerField(help_text="Students per class (year).")
    region = models.CharField(max_length=100, help_text="State or region, for example Ohio.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_hbcu(self) -> bool:
        return self.kind == InstitutionKind.HBCU

    @property
    def size_category(self) -> SizeCategory:
        return size_category(is_hbcu=self.is_hbcu, class_size=self.class_size)

    @property
    def required_mentors(self) -> int:
        return required_mentors(is_hbcu=self.is_hbcu, class_size=self.class_size)


class Role(models.TextChoices):
    MENTEE = "mentee", "Mentee"
    MENTOR = "mentor", "Mentor"
    ADMIN = "admin", "Institution admin"
    COORDINATOR = "coordinator", "Program coordinator"
    RESEARCHER = "researcher", "Researcher"


# Roles whose holders must use two-factor sign-in and get short sessions.
PRIVILEGED_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.RESEARCHER})
# Roles a person may ask for on their own; the others are given by an admin.
SELF_SERVICE_ROLES = frozenset({Role.MENTEE, Role.MENTOR})


class MembershipStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined"
    ENDED = "ended", "Ended"


class Membership(BaseModel):
    """One role of one person at one institution. A person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    status = models.CharField(
        max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    # Set when the institution verifies a mentor (R4); only verified active
    # mentors count toward the institution's compliance (R1).
    verified_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["institution__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution", "role"], name="membership_one_row_per_role"
            ),
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(role="mentor"),
                name="membership_only_mentors_are_verified",
            ),
        ]
        indexes = [models.Index(fields=["institution", "role", "status"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.institution}"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE


class Invitation(BaseModel):
    """An institution admin's invitation to join with a role (R2).

    The emailed link carries a signed, expiring token for this row's public id;
    the row records when it was used, so each link works once.
    """

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["institution", "email"])]

    def __str__(self) -> str:
        return f"Invitation to {self.institution_id} as {self.role}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"
