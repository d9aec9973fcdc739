"""Coordinator pairing rounds: create, run, adjust, publish (R22, R23, B2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.matching.rounds import ENGINE_VERSION
from mentorquilt.mentorships.models import Mentorship, MentorshipRequest
from mentorquilt.notifications.models import Notification
from mentorquilt.pairing.models import MatchRound, PairSource, RoundStatus
from mentorquilt.pairing.selectors import pair_reasons, round_report, round_unmatched
from mentorquilt.pairing.services import (
    pair_add,
    pair_remove,
    pair_swap,
    round_create,
    round_publish,
    round_start,
)
from mentorquilt.pairing.tests.helpers import add_mentee, cohort, make_round

pytestmark = pytest.mark.django_db


def publish(world, match_round, capture, **kwargs):
    """Publish and let the worker's task run at commit; returns the published figures."""
    with capture(execute=True):
        round_publish(actor=world.coordinator, match_round=match_round, **kwargs)
    match_round.refresh_from_db()
    return match_round.report["published"]


def run(world, match_round):
    """Start a run; the test task backend runs it at commit (django_capture_on_commit)."""
    round_start(actor=world.coordinator, match_round=match_round)
    match_round.refresh_from_db()
    return match_round


@pytest.fixture
def ready_round(world, django_capture_on_commit_callbacks):
    cohort(world, mentees=6, mentors=3, capacity=2)
    match_round = make_round(world, cap=2)
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    match_round.refresh_from_db()
    return match_round


def test_a_coordinator_creates_a_round_of_their_institutions_mentees_r22(world):
    cohort(world, mentees=3, mentors=2)
    match_round = make_round(world)
    assert match_round.status == RoundStatus.DRAFT
    # the persona mentee at A is in the cohort too (readiness is checked by the run)
    assert match_round.mentees.count() == 4
    assert match_round.mentors.count() == 3  # two new and the persona mentor
    assert AuditEvent.objects.filter(action="match_round.create").exists()


@pytest.mark.parametrize("persona", ["mentee", "mentor", "researcher", "outsider"])
def test_only_coordinators_admins_and_staff_create_rounds(world, persona):
    with pytest.raises(PermissionDenied):
        round_create(
            actor=world.persona(persona),
            institution=world.institution_a,
            name="No",
            settings={},
        )


def test_mentees_per_mentor_is_capped_at_three_r6(world):
    cohort(world, mentees=1, mentors=1)
    with pytest.raises(DomainError):
        make_round(world, cap=4)


def test_a_pair_cannot_be_both_kept_and_forbidden(world):
    cohort(world, mentees=1, mentors=1)
    pair = [["cohort.mentee0@a.example.org", "cohort.mentor0@a.example.org"]]
    with pytest.raises(DomainError):
        make_round(world, keep=pair, forbid=pair)


def test_a_run_proposes_pairs_with_consented_explanations_and_records_how_to_reproduce_it(
    ready_round,
):
    r = ready_round
    assert r.status == RoundStatus.READY and r.progress == 100
    assert r.engine_version == ENGINE_VERSION
    assert len(r.input_fingerprint) == 64
    pairs = list(r.pairs.all())
    assert len(pairs) == 6  # 6 ready mentees, 3 mentors x 2 places (+ the unready persona)
    told = pair_reasons(viewer=r.created_by, match_round=r, pairs=pairs)
    assert all(told[p.pk] for p in pairs)
    # the persona mentee has no profile: she is in the cohort but not ready
    assert r.mentees.filter(ready=False).count() == 1
    assert r.report["engine"]["matched"] == 6


def test_running_again_replaces_the_proposal_and_never_duplicates(
    world, ready_round, django_capture_on_commit_callbacks
):
    before = ready_round.pairs.count()
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=world.coordinator, match_round=ready_round)
    ready_round.refresh_from_db()
    assert ready_round.status == RoundStatus.READY
    assert ready_round.run_count == 2
    assert ready_round.pairs.count() == before


def test_forbidden_pairs_are_never_made_and_kept_pairs_are(
    world, django_capture_on_commit_callbacks
):
    cohort(world, mentees=2, mentors=2, capacity=1)
    keep = [["cohort.mentee0@a.example.org", "cohort.mentor1@a.example.org"]]
    forbid = [["cohort.mentee1@a.example.org", "cohort.mentor0@a.example.org"]]
    match_round = make_round(world, keep=keep, forbid=forbid, cap=1)
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    got = {(p.mentee.user.email, p.mentor.user.email) for p in match_round.pairs.all()}
    assert ("cohort.mentee0@a.example.org", "cohort.mentor1@a.example.org") in got
    assert ("cohort.mentee1@a.example.org", "cohort.mentor0@a.example.org") not in got


def test_removing_a_pair_recomputes_the_figures_and_lists_the_mentee_as_unmatched(
    world, ready_round
):
    pair = ready_round.pairs.first()
    pair_remove(actor=world.coordinator, pair=pair)
    ready_round.refresh_from_db()
    figures = round_report(match_round=ready_round)
    assert figures.pairs == 5 and figures.unmatched == 1
    assert ready_round.report["adjusted"]["unmatched"] == 1
    assert list(round_unmatched(match_round=ready_round)) == [pair.mentee]


def test_adding_a_pair_by_hand_respects_the_round_capacity_and_explains_it(world, ready_round):
    pair = ready_round.pairs.first()
    mentee, mentor = pair.mentee, pair.mentor
    pair_remove(actor=world.coordinator, pair=pair)
    added = pair_add(actor=world.coordinator, match_round=ready_round, mentee=mentee, mentor=mentor)
    assert added.source == PairSource.MANUAL
    assert pair_reasons(viewer=world.coordinator, match_round=ready_round, pairs=[added])[added.pk]
    # every mentor is full again (3 x 2 places): one more pair does not fit
    other = ready_round.pairs.exclude(mentor=mentor).first()
    pair_remove(actor=world.coordinator, pair=other)
    with pytest.raises(DomainError):
        pair_add(
            actor=world.coordinator, match_round=ready_round, mentee=other.mentee, mentor=mentor
        )


def test_swapping_two_pairs_exchanges_their_mentors(world, ready_round):
    a, b = (
        ready_round.pairs.first(),
        ready_round.pairs.exclude(mentor=ready_round.pairs.first().mentor).first(),
    )
    a_mentor, b_mentor = a.mentor_id, b.mentor_id
    pair_swap(actor=world.coordinator, pair=a, other=b)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.mentor_id, b.mentor_id) == (b_mentor, a_mentor)
    assert a.source == PairSource.MANUAL


def test_publishing_starts_the_mentorships_and_notifies_everyone(
    world, ready_round, django_capture_on_commit_callbacks
):
    result = publish(world, ready_round, django_capture_on_commit_callbacks)
    assert result["made"] == 6 and result["refused"] == []
    ready_round.refresh_from_db()
    assert ready_round.status == RoundStatus.PUBLISHED
    assert Mentorship.objects.count() == 6
    assert Notification.objects.filter(kind="mentorship.paired").count() == 12
    assert Notification.objects.filter(kind="pairing.published", user=world.coordinator).exists()
    with pytest.raises(DomainError):
        round_publish(actor=world.coordinator, match_round=ready_round)


def test_publishing_as_requests_sends_each_mentor_a_request(
    world, ready_round, django_capture_on_commit_callbacks
):
    publish(world, ready_round, django_capture_on_commit_callbacks, publish_as="requests")
    assert MentorshipRequest.objects.count() == 6
    assert Mentorship.objects.count() == 0


def test_unmatched_mentees_are_told_when_the_round_is_published(
    world, ready_round, django_capture_on_commit_callbacks
):
    pair = ready_round.pairs.first()
    pair_remove(actor=world.coordinator, pair=pair)
    publish(world, ready_round, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind="pairing.unmatched", user=pair.mentee.user).exists()


def test_a_mentee_who_became_unready_is_refused_at_publish_not_forced(
    world, ready_round, django_capture_on_commit_callbacks
):
    from mentorquilt.institutions.models import Role
    from mentorquilt.institutions.services import membership_end

    pair = ready_round.pairs.first()
    membership_end(actor=world.staff, membership=pair.mentee.user.memberships.get(role=Role.MENTEE))
    result = publish(world, ready_round, django_capture_on_commit_callbacks)
    assert len(result["refused"]) == 1
    assert result["made"] == 5


def test_urim_mentors_load_share_is_reported_b2(ready_round):
    figures = round_report(match_round=ready_round)
    assert figures.urim_mentors == 1 and figures.other_mentors == 2
    assert 0 < figures.urim_share_of_pairs < 1
    assert figures.urim_share_of_capacity == pytest.approx(1 / 3)
    assert {g.key for g in figures.groups} == {"urim", "first_gen", "low_income"}


def test_another_institutions_coordinator_cannot_touch_a_round(world, ready_round):
    from conftest import make_user
    from mentorquilt.institutions.models import Role
    from mentorquilt.institutions.services import membership_grant

    other = make_user("coord@b.example.org")
    membership_grant(
        actor=world.staff,
        user=other,
        institution=world.institution_b,
        role=Role.COORDINATOR,
        source="test",
    )
    with pytest.raises(PermissionDenied):
        round_start(actor=other, match_round=ready_round)
    assert MatchRound.objects.count() == 1


def test_a_cohort_can_be_one_training_stage(world):
    add_mentee(world, 1)  # an undergraduate; the persona mentee has no stage yet
    cohort(world, mentees=0, mentors=1)
    match_round = make_round(world, training_stage="undergraduate")
    assert [m.user.email for m in match_round.mentees.all()] == ["cohort.mentee1@a.example.org"]
    with pytest.raises(DomainError):
        make_round(world, training_stage="no-such-stage")


def test_a_run_that_fails_is_recorded_on_the_round_and_can_be_run_again(
    world, django_capture_on_commit_callbacks
):
    cohort(world, mentees=2, mentors=1)
    match_round = make_round(world)
    broken = dict(match_round.settings)
    broken["weights"] = {**broken["weights"], "availability": 0, "responsiveness": 0}
    MatchRound.objects.filter(pk=match_round.pk).update(settings=broken)
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.FAILED
    assert "The run failed" in match_round.error and match_round.pairs.count() == 0
    assert AuditEvent.objects.filter(action="match_round.fail").exists()
    MatchRound.objects.filter(pk=match_round.pk).update(
        settings={
            **broken,
            "weights": {**broken["weights"], "availability": 0.25, "responsiveness": 0.25},
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.READY


def test_a_round_running_cannot_be_started_twice_until_its_run_is_stale(world):
    import time_machine
    from django.utils import timezone

    cohort(world, mentees=1, mentors=1)
    match_round = make_round(world)
    round_start(actor=world.coordinator, match_round=match_round)  # no worker runs it here
    with pytest.raises(DomainError):
        round_start(actor=world.coordinator, match_round=match_round)
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=1)):
        round_start(actor=world.coordinator, match_round=match_round)
    match_round.refresh_from_db()
    assert match_round.run_count == 2


@pytest.mark.parametrize(
    ("mentee_shows", "mentor_shows"), [(False, False), (False, True), (True, False), (True, True)]
)
def test_a_pairs_reasons_name_a_shared_background_only_if_both_people_show_it_b4(
    world, mentee_shows, mentor_shows, django_capture_on_commit_callbacks
):
    """B4, issue 9: the coordinator reads a shared background only when both show it."""
    from mentorquilt.mentorships.tests.helpers import ready_mentee
    from mentorquilt.pairing.tests.helpers import add_mentor
    from mentorquilt.profiles.tests.helpers import give_attribute

    mentee = ready_mentee(world.mentee)
    give_attribute(mentee, "race-black-african-american", match=True, show=mentee_shows)
    mentor = add_mentor(world, 1, capacity=3)
    give_attribute(mentor, "race-black-african-american", match=True, show=mentor_shows)
    match_round = make_round(world, wants=1)
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    pair = match_round.pairs.get(mentee__user=mentee)
    told = pair_reasons(viewer=world.coordinator, match_round=match_round, pairs=[pair])
    words = " ".join(told[pair.pk])
    assert ("Both share: Black or African American." in words) is (mentee_shows and mentor_shows)
    assert "Black or African American" in words or not (mentee_shows and mentor_shows)
    assert "Helps with:" in words  # the other reasons are always given
