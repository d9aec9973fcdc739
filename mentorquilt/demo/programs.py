"""Demo programs (R29, R30, R25), one of each kind, built with the real services:

- Pathways to Medicine: a 12-month cohort program for community-college pre-health
  students (Lakeview runs it, Riverside Community College is its partner): monthly
  workshops, a speaker, two small groups with facilitators, attendance for the sessions
  held so far, and applications waiting for an answer. The demo mentee is in it.
- Physicians and Pre-meds: a pairing program with a 12-month minimum and meetings every
  6 weeks, recruiting (physicians and students have applied).
- Mentor Training Campaign: clinicians in small groups meeting 6 times, part-way through.
  Scaled down from the real campaign (65 clinicians in 12 groups) to keep the demo quick
  to load: up to 24 clinicians in 4 groups.

Running it twice changes nothing (programs are keyed by name).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from mentorquilt.accounts.models import User
from mentorquilt.institutions.models import Institution, Membership, MembershipStatus, Role
from mentorquilt.programs.models import CohortMember, MemberStatus, Program
from mentorquilt.programs.services import (
    attendance_record,
    cohort_create,
    cohort_status_set,
    group_create,
    member_apply,
    member_decide,
    program_create,
    session_create,
)

PATHWAYS = "Pathways to Medicine"
PAIRING = "Physicians and Pre-meds"
CAMPAIGN = "Mentor Training Campaign"
STATUSES = ["present", "present", "present", "late", "present", "excused", "present", "absent"]


def _people(institution: Institution, role: str, limit: int, domain: str) -> list[User]:
    ids = Membership.objects.filter(
        institution=institution, role=role, status=MembershipStatus.ACTIVE
    ).values("user_id")
    return list(
        User.objects.filter(id__in=ids, email__endswith=f"@{domain}").order_by("email")[:limit]
    )


def _join(
    coordinator: User, cohort: Any, people: list[User], role: str, answers: list[str]
) -> list[CohortMember]:
    members = []
    for person in people:
        member = member_apply(
            actor=person, cohort=cohort, role=role, answers=answers, accept_values=True
        )
        members.append(member_decide(actor=coordinator, member=member, decision="accepted"))
    return members


def _backdate(cohort: Any, days_ago: int) -> None:
    """The demo's made-up history: its members joined when the cohort began, so the
    sessions held since then expect them. (Demo only: real members join when accepted.)"""
    joined = timezone.now() - timedelta(days=days_ago)
    CohortMember.objects.filter(cohort=cohort, status=MemberStatus.ACCEPTED).update(
        joined_at=joined
    )


def _at(day: Any, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _take(coordinator: User, session: Any, members: list[CohortMember], seed: int) -> None:
    for index, member in enumerate(members):
        status = STATUSES[(index + seed) % len(STATUSES)]
        attendance_record(actor=coordinator, session=session, member=member, status=status)


@transaction.atomic
def build_demo_programs(*, domain: str, schools: dict[str, Institution]) -> list[Program]:
    if Program.objects.filter(name=PATHWAYS).exists():
        return list(Program.objects.filter(name__in=[PATHWAYS, PAIRING, CAMPAIGN]))
    lakeview, riverside, mesa = (
        schools["Lakeview School of Medicine"],
        schools["Riverside Community College"],
        schools["Mesa State University"],
    )
    coordinator = User.objects.get(email=f"coordinator@{domain}")
    demo_mentee = User.objects.get(email=f"mentee@{domain}")
    demo_mentor = User.objects.get(email=f"mentor@{domain}")
    today = timezone.localdate()
    programs = []

    # --- a 12-month cohort program with monthly workshops and two small groups ----------
    pathways = program_create(
        actor=coordinator,
        institution=lakeview,
        partners=[riverside],
        kind="cohort",
        name=PATHWAYS,
        description="Twelve months for community-college pre-health students: a workshop "
        "every month, small-group sessions, speakers from similar backgrounds, and a "
        "one-to-one mentor.",
        cadence_weeks=4,
        values_statement="We treat each other with respect and cultural humility, and we "
        "keep what others share in our group to ourselves.",
        application_questions=[
            "Why do you want to work in health care?",
            "What would help you most this year?",
        ],
    )
    start = today - timedelta(days=95)
    cohort = cohort_create(
        actor=coordinator,
        program=pathways,
        name="2026-27 scholars",
        starts_on=start,
        ends_on=start + timedelta(days=364),
        capacity=40,
        status="recruiting",
    )
    answers = ["I want to serve my community.", "Help with my transfer application."]
    students = _join(
        coordinator,
        cohort,
        [demo_mentee, *_people(riverside, Role.MENTEE, 15, domain)],
        "participant",
        answers,
    )
    mentors = [demo_mentor, *_people(lakeview, Role.MENTOR, 1, domain)]
    leaders = _join(coordinator, cohort, [m for m in dict.fromkeys(mentors)], "mentor", answers)
    for person in _people(riverside, Role.MENTEE, 19, domain)[15:]:
        member_apply(
            actor=person, cohort=cohort, role="participant", answers=answers, accept_values=True
        )  # waiting for the coordinator's answer
    cohort_status_set(actor=coordinator, cohort=cohort, status="active")
    half = len(students) // 2
    groups = [
        group_create(
            actor=coordinator,
            cohort=cohort,
            name="Group A",
            facilitators=leaders[:1],
            members=students[:half],
        ),
        group_create(
            actor=coordinator,
            cohort=cohort,
            name="Group B",
            facilitators=leaders[1:2],
            members=students[half:],
        ),
    ]
    _backdate(cohort, 95)
    topics = [
        "Welcome and your personal mission",
        "Study skills for science courses",
        "Transfer applications",
        "Speaker: my path to medicine",
        "Personal statements",
        "Shadowing and volunteering",
        "Interview practice",
        "Paying for school",
        "Research opportunities",
        "The MCAT and other tests",
        "Wellness and support",
        "Celebration and next steps",
    ]
    for month, title in enumerate(topics):
        day = start + timedelta(days=30 * month + 2)
        is_speaker = title.startswith("Speaker")
        session = session_create(
            actor=coordinator,
            cohort=cohort,
            kind="speaker" if is_speaker else "workshop",
            title=title,
            starts_at=_at(day, 23),
            ends_at=_at(day, 23) + timedelta(hours=2),
            video_url="https://video.example.org/pathways",
            speaker_name="Dr. Rosa Delgado" if is_speaker else "",
            speaker_title="Family physician, community health center" if is_speaker else "",
            speaker_bio="First in her family to go to college; started at a community college."
            if is_speaker
            else "",
        )
        if session.starts_at < timezone.now():
            _take(coordinator, session, students, month)
        for group_index, group in enumerate(groups):
            group_day = day + timedelta(days=14)
            group_session = session_create(
                actor=coordinator,
                cohort=cohort,
                kind="small_group",
                group=group,
                title=f"{group.name} meets",
                starts_at=_at(group_day, 22 + group_index),
                ends_at=_at(group_day, 22 + group_index) + timedelta(minutes=60),
                video_url=f"https://video.example.org/pathways-{group_index + 1}",
            )
            if group_session.starts_at < timezone.now():
                seated = students[:half] if group_index == 0 else students[half:]
                _take(coordinator, group_session, seated, month + group_index)
    programs.append(pathways)

    # --- a pairing program with a one-year minimum ---------------------------------------
    pairing = program_create(
        actor=coordinator,
        institution=lakeview,
        partners=[mesa],
        kind="pairing",
        name=PAIRING,
        description="Physicians register; the coordinator pairs each with a pre-med student "
        "for at least a year. Pairs meet every 6 weeks.",
        min_mentorship_months=12,
        cadence_weeks=6,
        values_statement="Mentors in this program commit to anti-racism and cultural "
        "humility, and to meeting their student at least every two months.",
        application_questions=["What do you hope to get from a year together?"],
    )
    pairing_cohort = cohort_create(
        actor=coordinator,
        program=pairing,
        name="2027 pairs",
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=30 + 365),
        capacity=30,
        status="recruiting",
    )
    why = ["To learn what medicine is really like."]
    _join(coordinator, pairing_cohort, _people(mesa, Role.MENTEE, 4, domain), "participant", why)
    for person in _people(lakeview, Role.MENTOR, 5, domain)[2:]:
        member_apply(
            actor=person, cohort=pairing_cohort, role="mentor", answers=why, accept_values=True
        )
    for person in _people(mesa, Role.MENTEE, 7, domain)[4:]:
        member_apply(
            actor=person, cohort=pairing_cohort, role="participant", answers=why, accept_values=True
        )
    programs.append(pairing)

    # --- a mentor-training campaign, part-way through ------------------------------------
    campaign = program_create(
        actor=coordinator,
        institution=lakeview,
        partners=[s for s in schools.values() if s != lakeview],
        kind="campaign",
        name=CAMPAIGN,
        description="Clinicians study a six-module mentoring curriculum in small groups that "
        "meet six times over five months. Graduates go on to one-to-one mentoring.",
        cadence_weeks=3,
        values_statement="I will take part in every group meeting I can and respect what "
        "colleagues share.",
    )
    campaign_start = today - timedelta(days=60)
    campaign_cohort = cohort_create(
        actor=coordinator,
        program=campaign,
        name="Spring campaign",
        starts_on=campaign_start,
        ends_on=campaign_start + timedelta(days=150),
        capacity=65,
        status="recruiting",
    )
    clinicians: list[User] = []
    for school in [lakeview, *[s for s in schools.values() if s != lakeview]]:
        for person in _people(school, Role.MENTOR, 6, domain):
            if person not in clinicians and person not in mentors and len(clinicians) < 24:
                clinicians.append(person)
    trainees = _join(coordinator, campaign_cohort, clinicians, "participant", [])
    cohort_status_set(actor=coordinator, cohort=campaign_cohort, status="active")
    _backdate(campaign_cohort, 60)
    size = max(len(trainees) // 4, 1)
    for index in range(4):
        seated = trainees[index * size : (index + 1) * size]
        if not seated:
            continue
        group = group_create(
            actor=coordinator,
            cohort=campaign_cohort,
            name=f"Campaign group {index + 1}",
            members=seated,
        )
        for meeting in range(6):
            day = campaign_start + timedelta(days=3 + 21 * meeting + index)
            session = session_create(
                actor=coordinator,
                cohort=campaign_cohort,
                kind="small_group",
                group=group,
                title=f"Module {meeting + 1}",
                starts_at=_at(day, 21),
                ends_at=_at(day, 21) + timedelta(minutes=90),
                video_url=f"https://video.example.org/campaign-{index + 1}",
            )
            if session.starts_at < timezone.now():
                _take(coordinator, session, seated, meeting + index)
    programs.append(campaign)
    return programs
