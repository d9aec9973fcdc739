"""Agreements and the code of conduct (R5, R12, R27); training modules and completions (R5, R9).

An agreement has versions; the newest *published* version of each kind is the
current one, and a person is bound only by the version they accepted. Training
modules are authored by staff in the admin; a completion records the module
version, the exact statement the person attested to and the credit hours
awarded at that moment, so a later edit of the module never changes a
certificate already issued.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from mentorquilt.core.models import BaseModel


class AgreementKind(models.TextChoices):
    MENTOR = "mentor", "Mentor agreement"
    MENTEE = "mentee", "Mentee agreement"
    CONDUCT = "conduct", "Code of conduct"


class AgreementVersion(BaseModel):
    """One version of one agreement's text. A draft has no `published_at`."""

    kind = models.CharField(max_length=16, choices=AgreementKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text; a blank line starts a new paragraph.")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "version"], name="agreement_one_row_per_version"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="agreement_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class AgreementAcceptance(BaseModel):
    """A person accepted one version of an agreement, at a moment in time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreement_acceptances"
    )
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="acceptances"
    )
    accepted_at = models.DateTimeField()

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="acceptance_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} accepted {self.version}"


class Audience(models.TextChoices):
    MENTOR = "mentor", "Mentors"
    MENTEE = "mentee", "Mentees"
    BOTH = "both", "Mentors and mentees"


DEFAULT_ATTESTATION = (
    "I have read this module in full and will apply it in my mentoring relationships."
)


class TrainingModule(BaseModel):
    """A unit of training (R5, R12). Staff author modules in the admin."""

    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, help_text="One or two sentences for the list.")
    content = models.TextField(
        help_text="Plain text. A blank line starts a new paragraph; a line starting with "
        "'- ' is a bullet point; a line starting with '## ' is a heading."
    )
    audience = models.CharField(max_length=8, choices=Audience.choices)
    estimated_minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    cme_credit_hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("40"))],
        help_text="Continuing-education credit hours; 0 means no credit and no certificate.",
    )
    required_for_mentors = models.BooleanField(default=False)
    required_for_mentees = models.BooleanField(default=False)
    attestation = models.CharField(
        max_length=300,
        default=DEFAULT_ATTESTATION,
        help_text="The statement a person confirms when they complete the module.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Order in the list.")
    version = models.PositiveIntegerField(
        default=1, help_text="Raise it when the content changes in substance."
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive modules are hidden and no longer required."
    )

    class Meta:
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cme_credit_hours__gte=0), name="module_credit_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(required_for_mentors=False) | Q(audience__in=["mentor", "both"]),
                name="module_required_for_mentors_only_if_for_mentors",
            ),
            models.CheckConstraint(
                condition=Q(required_for_mentees=False) | Q(audience__in=["mentee", "both"]),
                name="module_required_for_mentees_only_if_for_mentees",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_credit(self) -> bool:
        return self.cme_credit_hours > 0

    def is_for(self, role: str) -> bool:
        return self.audience in (role, Audience.BOTH)

    def is_required_for(self, role: str) -> bool:
        if role == "mentor":
            return self.required_for_mentors
        if role == "mentee":
            return self.required_for_mentees
        return False

    @property
    def blocks(self) -> list[tuple[str, str | list[str]]]:
        """The content as ("h", text), ("p", text) and ("ul", [items]) blocks for the template."""
        blocks: list[tuple[str, str | list[str]]] = []
        for chunk in self.content.split("\n\n"):
            lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
            if not lines:
                continue
            if lines[0].startswith("## "):
                blocks.append(("h", lines[0][3:].strip()))
                lines = lines[1:]
            if lines and all(line.startswith("- ") for line in lines):
                blocks.append(("ul", [line[2:].strip() for line in lines]))
            elif lines:
                blocks.append(("p", " ".join(lines)))
        return blocks


class ModuleCompletion(BaseModel):
    """A person completed a module and attested to it. Its public id verifies the certificate."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_completions"
    )
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField()
    module_version = models.PositiveIntegerField()
    attestation = models.CharField(max_length=300, help_text="The statement the person confirmed.")
    credit_hours = models.DecimalField(
        max_digits=4, decimal_places=2, help_text="Credit awarded when it was completed."
    )

    class Meta:
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="completion_once_per_module"),
            models.CheckConstraint(
                condition=Q(credit_hours__gte=0), name="completion_credit_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} completed {self.module_id}"

    @property
    def has_certificate(self) -> bool:
        return self.credit_hours > 0
