"""Taxonomies (R37), mentee and mentor profiles (R7, R15), consented attributes (R19, R36),
eligibility (R11) and mentor qualification (R4).

Taxonomies are rows edited by staff in the admin, never code. Their integer keys are
the codes the matching engine (quiltmatch) receives; the API and URLs name them by slug.

Demographic attributes live in their own table (PersonAttribute), one row per category
a person holds, each with two consents that both default to off.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentorquilt.core.models import BaseModel


class Taxonomy(models.Model):
    """A term staff can add, rename, reorder or retire (is_active) without a release."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Track(Taxonomy):
    """A profession or track: medicine (MD/DO), nursing, pharmacy, dentistry..."""


class TrainingStage(Taxonomy):
    """Where a person is in their training: community college through attending."""


class Specialty(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name_plural = "specialties"


class Language(Taxonomy):
    """A language a person can meet in."""


class MeetingFormat(Taxonomy):
    """Video, phone, in person, messages."""


class NeedArea(Taxonomy):
    """An area where a mentee wants help and a mentor can help (R19)."""


class AffinityDimension(Taxonomy):
    """A kind of shared background (R19): race/ethnicity, first generation, language...

    `wish_only` dimensions are never recorded about mentees: a mentee only says how much
    it matters that a mentor has that experience (immigrant or DACA experience; see
    docs/data-protection.md). `question` is the plain-language question mentees answer.
    """

    question = models.CharField(max_length=200, blank=True)
    wish_only = models.BooleanField(
        default=False,
        help_text="Mentees are never asked about themselves; they only state the wish for "
        "a mentor with this experience.",
    )


class AffinityCategory(Taxonomy):
    """One category of a dimension, for example 'Black or African American'."""

    dimension = models.ForeignKey(
        AffinityDimension, on_delete=models.PROTECT, related_name="categories"
    )

    class Meta(Taxonomy.Meta):
        verbose_name_plural = "affinity categories"
        ordering = ["dimension__sort_order", "sort_order", "name"]


class PersonAttribute(BaseModel):
    """A person holds an affinity category, with two separate consents (both off by default).

    use_for_matching: the matching engine may use it. show_on_profile: other people may
    see it. Without show_on_profile it appears to nobody but its owner and audit-logged
    platform staff.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attributes"
    )
    category = models.ForeignKey(AffinityCategory, on_delete=models.PROTECT, related_name="+")
    use_for_matching = models.BooleanField(default=False)
    show_on_profile = models.BooleanField(default=False)

    class Meta:
        ordering = ["category__dimension__sort_order", "category__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="attribute_once_per_person")
        ]

    def __str__(self) -> str:
        # Never the category: admin lists and logs must not show the value.
        return f"Attribute {self.public_id}"


class Importance(models.IntegerChoices):
    """How much a shared background matters to a mentee (R19)."""

    NOT_AT_ALL = 0, "Does not matter"
    NICE = 1, "Nice to have"
    IMPORTANT = 2, "Important"
    MUST = 3, "Must have"


class MenteeProfile(BaseModel):
    """A mentee's profile (R15, R19) and eligibility attestation (R11)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentee_profile"
    )
    training_stage = models.ForeignKey(
        TrainingStage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    goals = models.TextField(blank=True, max_length=2000)
    languages = models.ManyToManyField(Language, blank=True, related_name="+")
    formats = models.ManyToManyField(MeetingFormat, blank=True, related_name="+")
    timezone = models.CharField(max_length=64, blank=True)
    about_done_at = models.DateTimeField(null=True, blank=True)
    background_reviewed_at = models.DateTimeField(null=True, blank=True)
    # R11: one or more of the three, self-attested, with its basis in the person's words.
    eligible_urim = models.BooleanField(default=False)
    eligible_first_gen = models.BooleanField(default=False)
    eligible_low_income = models.BooleanField(default=False)
    eligibility_basis = models.TextField(blank=True, max_length=1000)
    eligibility_attested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(eligibility_attested_at__isnull=True)
                | Q(eligible_urim=True)
                | Q(eligible_first_gen=True)
                | Q(eligible_low_income=True),
                name="mentee_attested_eligibility_names_a_basis",
            )
        ]

    def __str__(self) -> str:
        return f"Mentee profile {self.public_id}"


class MenteeNeed(models.Model):
    """An area of need, in the mentee's order of priority (1 = most important)."""

    profile = models.ForeignKey(MenteeProfile, on_delete=models.CASCADE, related_name="needs")
    need = models.ForeignKey(NeedArea, on_delete=models.PROTECT, related_name="+")
    priority = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["priority"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "need"], name="mentee_need_once"),
            models.UniqueConstraint(fields=["profile", "priority"], name="mentee_need_rank_once"),
        ]

    def __str__(self) -> str:
        return f"Need #{self.priority}"


class AffinityPreference(models.Model):
    """How much sharing one dimension of background matters to a mentee (R19)."""

    profile = models.ForeignKey(MenteeProfile, on_delete=models.CASCADE, related_name="preferences")
    dimension = models.ForeignKey(AffinityDimension, on_delete=models.PROTECT, related_name="+")
    importance = models.PositiveSmallIntegerField(
        choices=Importance.choices, default=Importance.NOT_AT_ALL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "dimension"], name="preference_once_per_dimension"
            ),
            models.CheckConstraint(
                condition=Q(importance__gte=0, importance__lte=3), name="preference_importance_0_3"
            ),
        ]

    def __str__(self) -> str:
        return f"Preference {self.importance}"


class Scope(models.TextChoices):
    """R3: who can find a mentor."""

    LOCAL = "local", "My institution only"
    NATIONAL = "national", "Students at every institution in the network"


MAX_CAPACITY = 3


class MentorProfile(BaseModel):
    """A mentor's profile (R7). Publishing it records consent to be found in search."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    role_title = models.CharField(max_length=120, blank=True)
    training_stage = models.ForeignKey(
        TrainingStage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tracks = models.ManyToManyField(Track, blank=True, related_name="+")
    specialties = models.ManyToManyField(Specialty, blank=True, related_name="+")
    bio = models.TextField(blank=True, max_length=3000)
    areas = models.ManyToManyField(NeedArea, blank=True, related_name="+")
    languages = models.ManyToManyField(Language, blank=True, related_name="+")
    formats = models.ManyToManyField(MeetingFormat, blank=True, related_name="+")
    timezone = models.CharField(max_length=64, blank=True)
    availability = models.CharField(max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(default=1)
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.LOCAL)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="mentor_capacity_1_to_3",
            )
        ]
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self) -> str:
        return f"Mentor profile {self.public_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Basis(models.TextChoices):
    """R4: the grounds on which a mentor qualifies."""

    SHARED_BACKGROUND = "shared_background", "Shared background"
    TRACK_RECORD = "track_record", "Track record as a teacher or mentor"
    NOMINATION = "nomination", "Nomination"


class Nominator(models.TextChoices):
    INSTITUTION_ADMIN = "institution_admin", "Institution admin"
    EDUCATIONAL_LEADER = "educational_leader", "Educational leader"
    DEPARTMENT_LEADER = "department_leader", "Department leader"
    CURRENT_MENTOR = "current_mentor", "Current mentor"


class QualificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the institution"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Not accepted"


class Qualification(BaseModel):
    """One stated basis for a mentor at one institution, with evidence (R4).

    Verifying it verifies the mentor's membership (Membership.verified_at stays the
    single truth of whether a mentor is verified).
    """

    membership = models.ForeignKey(
        "institutions.Membership", on_delete=models.CASCADE, related_name="qualifications"
    )
    basis = models.CharField(max_length=32, choices=Basis.choices)
    evidence = models.TextField(max_length=2000)
    nominator_kind = models.CharField(max_length=32, choices=Nominator.choices, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=QualificationStatus.choices, default=QualificationStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(basis="nomination") | ~Q(nominator_kind=""),
                name="qualification_nomination_names_nominator",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="qualification_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["membership", "status"])]

    def __str__(self) -> str:
        return f"Qualification {self.public_id}"
