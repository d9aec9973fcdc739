"""People and their API tokens. Roles live on institution memberships."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from mentorquilt.core.models import BaseModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


# Words that are a title, not a name: a first-name shortening skips them (issue 10).
TITLES = frozenset(
    {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "dame", "rev", "fr"}
)
# What other people see when a person gave no usable name (never their email address).
NO_NAME = "MentorQuilt member"


def _is_title(word: str) -> bool:
    return word.rstrip(".").lower() in TITLES


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Log in by email; `is_staff` marks platform staff.

    What to call a person is one rule, `display_name` and `short_name` (issue 10): the
    preferred name when they gave one, else the full name (or its first word that is
    not a title such as "Dr."). Use these wherever people are addressed or named to
    each other: pages, emails, notifications, calendar invitations.

    Contact details are shared with the person's mentors and mentees only when they
    choose (`share_email`, `share_phone`), and only on the page of an active
    mentorship (mentorships.selectors.contact_details_shared_with).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True)
    preferred_name = models.CharField(
        max_length=80, blank=True, help_text="What should people call you? (optional)"
    )
    phone = models.CharField(max_length=32, blank=True)
    share_email = models.BooleanField(
        default=False, help_text="Show my email address to my mentors and mentees."
    )
    share_phone = models.BooleanField(
        default=False, help_text="Show my phone number to my mentors and mentees."
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def display_name(self) -> str:
        """The preferred name if set, else the full name; "" rather than a lone title."""
        preferred = " ".join(self.preferred_name.split())
        if preferred:
            return preferred
        words = self.name.split()
        if all(_is_title(word) for word in words):
            return ""
        return " ".join(words)

    @property
    def short_name(self) -> str:
        """The preferred name if set, else the first word of the name that is not a title."""
        preferred = " ".join(self.preferred_name.split())
        if preferred:
            return preferred
        for word in self.name.split():
            if not _is_title(word):
                return word
        return ""

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.short_name or NO_NAME


class PersonalAccessToken(BaseModel):
    """A token for the JSON API. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
