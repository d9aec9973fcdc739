"""Profiles for the demo network, and the national-size network for benchmarks.

The everyday demo (a dozen schools, several hundred people) is built with the real
services, so its profiles, consents, qualifications and audit rows are what the
platform itself would write. The --scale network (20,000 mentors, 100,000 mentees) is
for benchmarks only: it is written with bulk_create in batches, skips the audit log,
and gives every person the same pre-computed password hash.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from mentorquilt.accounts.models import User
from mentorquilt.institutions.models import (
    Institution,
    InstitutionKind,
    Membership,
    MembershipStatus,
    Role,
)
from mentorquilt.institutions.services import membership_grant
from mentorquilt.profiles.models import (
    AffinityCategory,
    AffinityDimension,
    AffinityPreference,
    Language,
    MeetingFormat,
    MenteeNeed,
    MenteeProfile,
    MentorProfile,
    NeedArea,
    PersonAttribute,
    Specialty,
    Track,
    TrainingStage,
)
from mentorquilt.profiles.services import (
    AttributeChoice,
    affinity_preferences_set,
    attributes_set,
    eligibility_attest,
    mentee_about_update,
    mentee_needs_set,
    mentor_profile_publish,
    mentor_profile_update,
    qualification_decide,
    qualification_submit,
)
from mentorquilt.training.selectors import required_modules
from mentorquilt.training.services import module_complete

FIRST = [
    "Aaliyah",
    "Carlos",
    "Mei",
    "Jamal",
    "Sofia",
    "Tuan",
    "Imani",
    "Diego",
    "Fatima",
    "Kwame",
    "Lucia",
    "Andre",
    "Nadia",
    "Marcus",
    "Rosa",
    "Ahmed",
    "Keisha",
    "Javier",
    "Amara",
    "Luis",
    "Priya",
    "Darius",
    "Ximena",
    "Hoang",
    "Zainab",
    "Malik",
    "Esperanza",
    "Tariq",
    "Leilani",
    "Jorge",
    "Ayasha",
    "Omar",
    "Yesenia",
    "Kofi",
    "Thanh",
    "Brianna",
    "Mateo",
    "Nia",
    "Rashid",
    "Camila",
]
LAST = [
    "Johnson",
    "Garcia",
    "Nguyen",
    "Williams",
    "Hernandez",
    "Begay",
    "Okonkwo",
    "Lopez",
    "Washington",
    "Martinez",
    "Kim",
    "Jackson",
    "Rivera",
    "Ali",
    "Thomas",
    "Morales",
    "Tsosie",
    "Mensah",
    "Ramirez",
    "Tran",
    "Davis",
    "Castillo",
    "Yazzie",
    "Brown",
    "Flores",
    "Osei",
    "Harris",
    "Reyes",
    "Pham",
    "Robinson",
    "Cruz",
    "Adeyemi",
    "Kealoha",
    "Torres",
    "Baptiste",
]

BIOS = [
    "I grew up in a small town and was the first in my family to finish college.",
    "I started at a community college and transferred; ask me anything about that path.",
    "I love helping students find research that excites them.",
    "My parents immigrated and worked two jobs each; I know what balancing family feels like.",
    "I took a gap year to work as a scribe and would do it again.",
    "I failed my first board attempt and passed the second; I can help with test anxiety.",
    "I am a parent of two and a veteran; I believe in plans that fit a real life.",
    "I care about wellness and about naming bias when we see it.",
]
ROLES = [
    "Pediatrics attending",
    "Family medicine resident, PGY-2",
    "Internal medicine faculty",
    "Emergency physician",
    "Nurse practitioner",
    "Clinical pharmacist",
    "General dentist",
    "Public health researcher",
    "Physician assistant, orthopedics",
    "Psychiatry fellow",
]
AVAILABILITY = [
    "Weekday evenings",
    "Tuesday and Thursday lunch hours",
    "One Saturday morning a month",
    "Sunday afternoons",
    "Flexible; message me",
]
GOALS = [
    "Transfer to a four-year school and apply to nursing school.",
    "Get into medical school after my gap year.",
    "Find a research lab this summer and improve my MCAT score.",
    "Choose a specialty and match into residency.",
    "Finish my prerequisites while working and caring for my family.",
]
TIMEZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]

# More schools so every size category is present: under 50, 50-100, over 100, HBCU.
MORE_INSTITUTIONS = [
    ("Crescent City Medical College", InstitutionKind.MD, 160, "Louisiana"),
    ("Prairie School of Nursing", InstitutionKind.OTHER_HEALTH, 40, "Kansas"),
    ("Sunrise Community College", InstitutionKind.COMMUNITY_COLLEGE, 25, "New Mexico"),
    ("Harbor College of Pharmacy", InstitutionKind.OTHER_HEALTH, 70, "Washington"),
    ("Magnolia State University (HBCU)", InstitutionKind.HBCU, 60, "Mississippi"),
    ("Great Lakes Health System", InstitutionKind.HEALTH_SYSTEM, 80, "Michigan"),
]


class Vocabulary:
    """The taxonomy rows, loaded once."""

    def __init__(self) -> None:
        self.stages = list(TrainingStage.objects.filter(is_active=True))
        self.tracks = list(Track.objects.filter(is_active=True))
        self.specialties = list(Specialty.objects.filter(is_active=True))
        self.languages = list(Language.objects.filter(is_active=True))
        self.formats = list(MeetingFormat.objects.filter(is_active=True))
        self.needs = list(NeedArea.objects.filter(is_active=True))
        self.dimensions = list(AffinityDimension.objects.filter(is_active=True))
        categories = AffinityCategory.objects.filter(is_active=True).select_related("dimension")
        self.categories: dict[int, list[AffinityCategory]] = {}
        for category in categories:
            self.categories.setdefault(category.dimension_id, []).append(category)
        stage = {s.slug: s for s in self.stages}
        self.student_stages = [
            stage[s]
            for s in (
                "community-college",
                "undergraduate",
                "post-baccalaureate",
                "health-professions-student",
            )
            if s in stage
        ] or self.stages
        self.mentor_stages = [
            stage[s] for s in ("resident", "fellow", "attending", "faculty") if s in stage
        ] or self.stages
        self.english = next((lang for lang in self.languages if lang.slug == "en"), None)


def _attributes(rng: random.Random, vocab: Vocabulary, *, mentor: bool) -> list[AttributeChoice]:
    """A plausible background: each dimension held with some probability, varied consents."""
    choices = []
    for dimension in vocab.dimensions:
        if dimension.wish_only and not mentor:
            continue
        if rng.random() > (0.7 if dimension.slug in ("race-ethnicity", "gender") else 0.25):
            continue
        category = rng.choice(vocab.categories.get(dimension.pk, [None]))  # type: ignore[list-item]
        if category is None:
            continue
        choices.append(
            AttributeChoice(
                category,
                use_for_matching=rng.random() < 0.75,
                show_on_profile=rng.random() < 0.45,
            )
        )
    return choices


def _new_person(email: str, name: str, password_hash: str) -> User:
    user = User.objects.create(email=email, name=name, password=password_hash)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _mentor_profile(user: User, rng: random.Random, vocab: Vocabulary) -> None:
    languages = rng.sample(vocab.languages, k=rng.choice([0, 0, 1, 1, 2]))
    if vocab.english and vocab.english not in languages:
        languages.insert(0, vocab.english)
    mentor_profile_update(
        actor=user,
        role_title=rng.choice(ROLES),
        training_stage=rng.choice(vocab.mentor_stages),
        tracks=rng.sample(vocab.tracks, k=rng.choice([1, 1, 2])),
        specialties=rng.sample(vocab.specialties, k=rng.choice([1, 1, 2])),
        bio=rng.choice(BIOS),
        areas=rng.sample(vocab.needs, k=rng.randint(2, 6)),
        languages=languages,
        formats=rng.sample(vocab.formats, k=rng.randint(1, 3)),
        timezone_name=rng.choice(TIMEZONES),
        availability=rng.choice(AVAILABILITY),
        capacity=rng.choice([1, 2, 2, 3, 3]),
        scope=rng.choice(["local", "national", "national"]),
    )


def demo_mentor(*, staff: Any, user: User, membership: Membership, seed: int) -> None:
    """A mentor with a filled, verified and (mostly) published profile."""
    rng = random.Random(seed)
    vocab = Vocabulary()
    _fill_mentor(staff, user, membership, rng, vocab, outcome="verified_published")


def _fill_mentor(
    staff: Any,
    user: User,
    membership: Membership,
    rng: random.Random,
    vocab: Vocabulary,
    *,
    outcome: str,
) -> None:
    if MentorProfile.objects.filter(user=user).exists():
        return
    _mentor_profile(user, rng, vocab)
    attributes_set(actor=user, choices=_attributes(rng, vocab, mentor=True))
    if outcome == "none":
        return
    basis = rng.choice(["shared_background", "track_record", "nomination"])
    qualification = qualification_submit(
        actor=user,
        membership=membership,
        basis=basis,
        evidence={
            "shared_background": "First in my family to attend college (self-attested).",
            "track_record": "Teaching award from the department, three years running.",
            "nomination": "Nominated by the associate dean for student affairs.",
        }[basis],
        nominator_kind="educational_leader" if basis == "nomination" else "",
    )
    if outcome in ("verified", "verified_published") and membership.verified_at is None:
        qualification_decide(actor=staff, qualification=qualification, verify=True)
    if outcome in ("published", "verified_published"):
        mentor_profile_publish(actor=user, publish=True)
    if outcome == "verified_published":
        # Trained too (R5), so the mentor counts toward compliance (R1).
        for module in required_modules(role=Role.MENTOR):
            module_complete(user=user, module=module, attested=True)


def _fill_mentee(user: User, rng: random.Random, vocab: Vocabulary) -> None:
    if MenteeProfile.objects.filter(user=user).exists():
        return
    mentee_about_update(
        actor=user,
        training_stage=rng.choice(vocab.student_stages),
        track=rng.choice(vocab.tracks),
        goals=rng.choice(GOALS),
        languages=[vocab.english] if vocab.english else [],
        formats=rng.sample(vocab.formats, k=rng.randint(1, 3)),
        timezone_name=rng.choice(TIMEZONES),
    )
    mentee_needs_set(actor=user, needs=rng.sample(vocab.needs, k=rng.randint(1, 5)))
    if rng.random() < 0.8:
        attributes_set(actor=user, choices=_attributes(rng, vocab, mentor=False))
        weights = [55, 25, 15, 5]
        affinity_preferences_set(
            actor=user,
            importances={
                d: rng.choices([0, 1, 2, 3], weights=weights)[0] for d in vocab.dimensions
            },
        )
    if rng.random() < 0.85:
        urim, first_gen, low_income = (rng.random() < p for p in (0.6, 0.5, 0.45))
        if not (urim or first_gen or low_income):
            first_gen = True
        eligibility_attest(
            actor=user,
            urim=urim,
            first_gen=first_gen,
            low_income=low_income,
            basis="Self-attested for the demo.",
        )


def build_people(
    *, staff: Any, schools: Iterable[Institution], per_school: int, seed: int = 4
) -> int:
    """Mentors (about 40%) and mentees at every school, with varied profiles and consents.

    Running it again adds nobody: people are keyed by their demo email.
    """
    from mentorquilt.demo.people import DEMO_DOMAIN, DEMO_PASSWORD

    password_hash = make_password(DEMO_PASSWORD)  # hash once: hundreds of people
    vocab = Vocabulary()
    outcomes = ["verified_published"] * 6 + ["verified", "published", "pending", "none"]
    created = 0
    for s_index, school in enumerate(schools):
        for i in range(per_school):
            # One generator per person, so a second run meets the same people.
            rng = random.Random(f"{seed}-{s_index}-{i}")
            first, last = rng.choice(FIRST), rng.choice(LAST)
            role = Role.MENTOR if i % 5 in (0, 2) else Role.MENTEE
            email = f"{first}.{last}.{s_index}-{i}@{DEMO_DOMAIN}".lower()
            if User.objects.filter(email=email).exists():
                continue
            title = "Dr. " if role == Role.MENTOR and rng.random() < 0.7 else ""
            user = _new_person(email, f"{title}{first} {last}", password_hash)
            membership = membership_grant(
                actor=staff, user=user, institution=school, role=role, source="demo"
            )
            if role == Role.MENTOR:
                _fill_mentor(staff, user, membership, rng, vocab, outcome=rng.choice(outcomes))
            else:
                _fill_mentee(user, rng, vocab)
            created += 1
    return created


# --- the national-size network, for benchmarks ---------------------------------------

SCALE_PREFIX = "Scale network school"
SCALE_DOMAIN = "scale.mentorquilt.test"


def _batched[M: models.Model](
    model: type[M], rows: Iterable[M], batch: int, progress: Callable[[str], None] | None
) -> int:
    count = 0
    chunk: list[M] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            model._default_manager.bulk_create(chunk, batch_size=batch)
            count += len(chunk)
            chunk = []
    if chunk:
        model._default_manager.bulk_create(chunk, batch_size=batch)
        count += len(chunk)
    if progress:
        progress(f"  {model.__name__}: {count:,} rows")
    return count


def build_scale_network(
    *,
    mentors: int = 20_000,
    mentees: int = 100_000,
    institutions: int = 200,
    batch: int = 5_000,
    seed: int = 24,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """A national-size network (R24) written in bulk; refuses to run twice."""
    from mentorquilt.demo.people import DEMO_PASSWORD, refuse_in_production

    refuse_in_production()
    if Institution.objects.filter(name__startswith=SCALE_PREFIX).exists():
        return {}
    rng = random.Random(seed)
    vocab = Vocabulary()
    now = timezone.now()
    password_hash = make_password(DEMO_PASSWORD)
    kinds = [k for k, _ in InstitutionKind.choices]
    with transaction.atomic():
        _batched(
            Institution,
            (
                Institution(
                    name=f"{SCALE_PREFIX} {n:03d}",
                    kind=rng.choice(kinds),
                    class_size=rng.choice([30, 45, 60, 90, 120, 180]),
                    region="Scale",
                )
                for n in range(institutions)
            ),
            batch,
            progress,
        )
        schools = list(
            Institution.objects.filter(name__startswith=SCALE_PREFIX).values_list("pk", flat=True)
        )
        total = mentors + mentees
        _batched(
            User,
            (
                User(
                    email=f"p{n}@{SCALE_DOMAIN}",
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    password=password_hash,
                    public_id=uuid.uuid4(),
                )
                for n in range(total)
            ),
            batch,
            progress,
        )
        users = list(
            User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        mentor_ids, mentee_ids = users[:mentors], users[mentors:]
        school_of = {pk: rng.choice(schools) for pk in users}
        _batched(
            Membership,
            (
                Membership(
                    user_id=pk,
                    institution_id=school_of[pk],
                    role=Role.MENTOR if i < mentors else Role.MENTEE,
                    status=MembershipStatus.ACTIVE,
                    verified_at=now if i < mentors and rng.random() < 0.8 else None,
                )
                for i, pk in enumerate(users)
            ),
            batch,
            progress,
        )
        _batched(
            MentorProfile,
            (
                MentorProfile(
                    user_id=pk,
                    role_title=rng.choice(ROLES),
                    training_stage=rng.choice(vocab.mentor_stages),
                    bio=rng.choice(BIOS),
                    timezone=rng.choice(TIMEZONES),
                    availability=rng.choice(AVAILABILITY),
                    capacity=rng.choice([1, 2, 2, 3, 3]),
                    scope=rng.choice(["local", "national", "national"]),
                    published_at=now if rng.random() < 0.85 else None,
                )
                for pk in mentor_ids
            ),
            batch,
            progress,
        )
        profiles = dict(
            MentorProfile.objects.filter(user_id__in=mentor_ids).values_list("user_id", "pk")
        )
        for field, terms, low, high in (
            ("areas", vocab.needs, 2, 6),
            ("formats", vocab.formats, 1, 3),
            ("tracks", vocab.tracks, 1, 2),
            ("specialties", vocab.specialties, 1, 2),
        ):
            through = getattr(MentorProfile, field).through
            target = f"{terms[0]._meta.model_name}_id"
            _batched(
                through,
                (
                    through(mentorprofile_id=profile_pk, **{target: term.pk})
                    for profile_pk in profiles.values()
                    for term in rng.sample(terms, k=rng.randint(low, high))
                ),
                batch,
                progress,
            )
        _batched(
            MenteeProfile,
            (
                MenteeProfile(
                    user_id=pk,
                    training_stage=rng.choice(vocab.student_stages),
                    track=rng.choice(vocab.tracks),
                    goals=rng.choice(GOALS),
                    timezone=rng.choice(TIMEZONES),
                    about_done_at=now,
                    background_reviewed_at=now,
                    eligible_first_gen=True,
                    eligible_urim=rng.random() < 0.6,
                    eligible_low_income=rng.random() < 0.45,
                    eligibility_basis="Self-attested (scale data).",
                    eligibility_attested_at=now,
                )
                for pk in mentee_ids
            ),
            batch,
            progress,
        )
        mentee_profiles = list(
            MenteeProfile.objects.filter(user_id__in=mentee_ids).values_list("pk", flat=True)
        )
        _batched(
            MenteeNeed,
            (
                MenteeNeed(profile_id=pk, need=need, priority=rank)
                for pk in mentee_profiles
                for rank, need in enumerate(rng.sample(vocab.needs, k=rng.randint(1, 4)), 1)
            ),
            batch,
            progress,
        )
        _batched(
            AffinityPreference,
            (
                AffinityPreference(profile_id=pk, dimension=dimension, importance=importance)
                for pk in mentee_profiles
                for dimension in rng.sample(vocab.dimensions, k=3)
                for importance in [rng.choice([1, 1, 2, 2, 3])]
            ),
            batch,
            progress,
        )
        _batched(
            PersonAttribute,
            (
                PersonAttribute(
                    user_id=pk,
                    category=choice.category,
                    use_for_matching=choice.use_for_matching,
                    show_on_profile=choice.show_on_profile,
                    public_id=uuid.uuid4(),
                )
                for i, pk in enumerate(users)
                for choice in _attributes(rng, vocab, mentor=i < mentors)
            ),
            batch,
            progress,
        )
    return {"institutions": institutions, "mentors": mentors, "mentees": mentees}
