"""A round after another: existing mentorships and requests count (issue 10 item 3); who
was left out and why (item 4); publishing in the background, safe to repeat (item 4);
the needs a published mentorship covers (item 5). R6, R13, R22, B1."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from mentorquilt.core.errors import DomainError
from mentorquilt.mentorships.models import Mentorship, MentorshipRequest
from mentorquilt.mentorships.tests.helpers import need, send
from mentorquilt.notifications.models import Notification
from mentorquilt.pairing.models import RoundStatus
from mentorquilt.pairing.selectors import round_report, round_unmatched
from mentorquilt.pairing.services import pair_add, round_publish, round_start
from mentorquilt.pairing.tests.helpers import add_mentee, add_mentor, make_round
from mentorquilt.profiles.models import MentorProfile
from mentorquilt.profiles.services import mentee_needs_set

pytestmark = pytest.mark.django_db


def ran(world, capture, **settings):
    match_round = make_round(world, **settings)
    with capture(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.READY, match_round.error
    return match_round


def published(world, capture, match_round, **kwargs):
    with capture(execute=True):
        round_publish(actor=world.coordinator, match_round=match_round, **kwargs)
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.PUBLISHED, match_round.error
    return match_round


def open_pairs():
    return set(Mentorship.objects.exclude(state="concluded").values_list("mentee_id", "mentor_id"))


@pytest.fixture
def first_round(world, django_capture_on_commit_callbacks):
    """Round 1: four mentees, two mentors with three places each; everyone gets one."""
    for n in range(4):
        add_mentee(world, n)
    for n in range(2):
        add_mentor(world, n, capacity=3)
    r1 = ran(world, django_capture_on_commit_callbacks, cap=3, wants=1)
    published(world, django_capture_on_commit_callbacks, r1)
    assert Mentorship.objects.count() == 4
    return r1


def test_a_second_round_gives_each_mentee_only_the_mentors_they_still_need_r13(
    world, first_round, django_capture_on_commit_callbacks
):
    """Round 2 wants 2 mentors per mentee: each of the four already has one, so each gets at
    most one more, never their current mentor, and no mentor goes over three (R6)."""
    before = open_pairs()
    r2 = ran(world, django_capture_on_commit_callbacks, cap=3, wants=2)
    proposed = {(p.mentee.user_id, p.mentor.user_id) for p in r2.pairs.select_related("mentee")}
    assert not proposed & before, "an existing pair was proposed again"
    per_mentee = Counter(a for a, _ in before | proposed)
    assert max(per_mentee.values()) <= 2
    per_mentor = Counter(b for _, b in before | proposed)
    assert max(per_mentor.values()) <= 3
    # two mentors x 3 places, 4 taken: exactly 2 more pairs fit
    assert len(proposed) == 2
    assert {m.wants for m in r2.mentees.filter(ready=True)} == {1}
    assert {m.load for m in r2.mentors.filter(ready=True)} == {2}
    published(world, django_capture_on_commit_callbacks, r2)
    assert Mentorship.objects.count() == 6


def test_mentees_who_have_their_mentors_are_not_unmatched_and_the_rate_counts_who_needs_one(
    world, first_round, django_capture_on_commit_callbacks
):
    """Round 2 wants 1 each: the four paired in round 1 need nobody; two newcomers need one
    and the two free places go to them. The match rate is 2 of 2, not 2 of 6."""
    newcomers = [add_mentee(world, n, prefix="new") for n in range(2)]
    r2 = ran(world, django_capture_on_commit_callbacks, cap=3, wants=1)
    assert {p.mentee.user for p in r2.pairs.select_related("mentee__user")} == set(newcomers)
    assert list(round_unmatched(match_round=r2)) == []
    figures = round_report(match_round=r2)
    assert (figures.matched, figures.unmatched, figures.overall_rate) == (2, 0, 1.0)
    from mentorquilt.pairing.selectors import round_left_out

    left = {x.user_id: x for x in round_left_out(match_round=r2)}
    old = first_round.mentees.filter(ready=True).values_list("user_id", flat=True)
    assert all("already has 1 mentor" in " ".join(left[uid].reasons).lower() for uid in old)


def test_pending_requests_count_against_a_mentors_places_and_a_mentees_wants(
    world, django_capture_on_commit_callbacks
):
    """A request waiting for an answer holds the mentor's place and fills the mentee's wish:
    the round does not overbook the mentor nor propose the pair again."""
    asking = add_mentee(world, 0)
    other = add_mentee(world, 1)
    busy = add_mentor(world, 0, capacity=1)
    send(asking, MentorProfile.objects.get(user=busy))
    r = ran(world, django_capture_on_commit_callbacks, cap=3, wants=1)
    assert r.pairs.count() == 0  # the only mentor's only place waits on the request
    assert r.mentees.get(user=asking).wants == 0
    assert r.mentees.get(user=other).wants == 1
    assert r.mentors.get(user=busy).load == 1
    assert [m.user for m in round_unmatched(match_round=r)] == [other]


def test_an_existing_pair_cannot_be_added_by_hand_nor_kept(
    world, first_round, django_capture_on_commit_callbacks
):
    mentorship = Mentorship.objects.order_by("id").first()
    keep = [[mentorship.mentee.email, mentorship.mentor.email]]
    r2 = ran(world, django_capture_on_commit_callbacks, cap=3, wants=2, keep=keep)
    assert not r2.pairs.filter(
        mentee__user=mentorship.mentee, mentor__user=mentorship.mentor
    ).exists()
    r2.pairs.filter(mentee__user=mentorship.mentee).delete()
    with pytest.raises(DomainError, match="already"):
        pair_add(
            actor=world.coordinator,
            match_round=r2,
            mentee=r2.mentees.get(user=mentorship.mentee),
            mentor=r2.mentors.get(user=mentorship.mentor),
        )


def test_the_round_lists_who_was_left_out_with_the_step_to_do_and_a_link_to_send(
    world, django_capture_on_commit_callbacks
):
    """The persona mentee has no profile and the persona mentor has not been trained: both
    are in the cohort but left out, each with what is missing and their checklist link.
    Nothing private is said (no eligibility, no background)."""
    add_mentee(world, 0)
    add_mentor(world, 0, capacity=1)
    full = add_mentor(world, 1, capacity=1)
    taken = add_mentee(world, 9, prefix="taken")
    from mentorquilt.mentorships.services import mentorship_start_paired

    mentorship_start_paired(actor=world.coordinator, mentee=taken, mentor=full)
    r = ran(world, django_capture_on_commit_callbacks, cap=3, wants=1)
    from mentorquilt.pairing.selectors import round_left_out

    left = {x.user_id: x for x in round_left_out(match_round=r)}
    assert set(left) == {world.mentee.pk, world.mentor.pk, full.pk, taken.pk}
    mentee = left[world.mentee.pk]
    assert mentee.role == "mentee" and mentee.reasons
    assert any("about" in s.lower() or "profile" in s.lower() for s in mentee.reasons)
    assert mentee.link == reverse("onboarding_checklist")
    mentor = left[world.mentor.pk]
    assert mentor.role == "mentor" and any("training" in s.lower() for s in mentor.reasons)
    assert "no free place" in " ".join(left[full.pk].reasons)
    said = " ".join(s for x in left.values() for s in x.reasons).lower()
    assert "first-generation" not in said and "first gen" not in said


# --- publishing in the background ---------------------------------------------------------


def test_publishing_runs_as_a_task_and_running_it_twice_makes_the_same_mentorships(
    world, django_capture_on_commit_callbacks
):
    from mentorquilt.pairing.runner import round_publish_run

    for n in range(3):
        add_mentee(world, n)
    add_mentor(world, 0, capacity=3)
    r = ran(world, django_capture_on_commit_callbacks, cap=3, wants=1)
    round_publish(actor=world.coordinator, match_round=r)  # no worker here: it waits
    r.refresh_from_db()
    assert r.status == RoundStatus.PUBLISHING and Mentorship.objects.count() == 0
    assert round_publish_run(round_id=str(r.public_id)) == "published"
    first = open_pairs()
    assert len(first) == 3
    assert round_publish_run(round_id=str(r.public_id)).startswith("skipped")
    assert open_pairs() == first and Mentorship.objects.count() == 3
    r.refresh_from_db()
    assert r.status == RoundStatus.PUBLISHED and r.report["published"]["made"] == 3
    assert Notification.objects.filter(kind="pairing.published").count() == 1


def test_a_publish_stopped_part_way_is_retried_and_publishes_each_pair_once(
    world, django_capture_on_commit_callbacks
):
    from mentorquilt.pairing.runner import round_publish_run

    for n in range(4):
        add_mentee(world, n)
    add_mentor(world, 0, capacity=3)
    add_mentor(world, 1, capacity=3)
    r = ran(world, django_capture_on_commit_callbacks, cap=3, wants=1)
    round_publish(actor=world.coordinator, match_round=r, publish_as="requests")
    # the worker stops after two pairs (a crash, a deploy)
    assert round_publish_run(round_id=str(r.public_id), limit=2) == "partial"
    assert MentorshipRequest.objects.count() == 2
    r.refresh_from_db()
    assert r.status == RoundStatus.PUBLISHING
    with django_capture_on_commit_callbacks(execute=True):
        round_publish(actor=world.coordinator, match_round=r)  # try again
    r.refresh_from_db()
    assert r.status == RoundStatus.PUBLISHED
    assert MentorshipRequest.objects.count() == 4
    assert r.report["published"] == {"as": "requests", "made": 4, "refused": []}
    assert (
        Counter(MentorshipRequest.objects.values_list("mentee_id", flat=True)).most_common(1)[0][1]
        == 1
    )


# --- the needs a published mentorship covers (R13, B1) -----------------------------------


def test_a_published_mentorship_covers_only_the_needs_the_pair_shares(
    world, django_capture_on_commit_callbacks
):
    """Mentors here offer personal statements and interviews. One mentee needs money advice
    and interviews: the mentorship covers interviews only. Another needs only money advice:
    the mentorship covers nothing rather than a need the mentor does not offer."""
    some = add_mentee(world, 0)
    mentee_needs_set(actor=some, needs=[need("finances-aid"), need("interviews")])
    none = add_mentee(world, 1)
    mentee_needs_set(actor=none, needs=[need("finances-aid")])
    add_mentor(world, 0, capacity=3)
    r = ran(world, django_capture_on_commit_callbacks, cap=3, wants=1)
    published(world, django_capture_on_commit_callbacks, r)
    covered = {m.mentee_id: sorted(n.slug for n in m.needs.all()) for m in Mentorship.objects.all()}
    assert covered == {some.pk: ["interviews"], none.pk: []}


def test_two_workers_publishing_at_once_publish_each_pair_and_the_round_once(
    world, django_capture_on_commit_callbacks
):
    """Two workers (a retry while the first still runs) both listed the same waiting pairs:
    the one that comes second finds each pair done under its row lock and the round done."""
    from mentorquilt.pairing.runner import _publish_finish, _publish_one, round_publish_run

    for n in range(2):
        add_mentee(world, n)
    add_mentor(world, 0, capacity=3)
    r = ran(world, django_capture_on_commit_callbacks, cap=3, wants=1)
    round_publish(actor=world.coordinator, match_round=r, publish_as="requests")
    listed = list(r.pairs.values_list("pk", flat=True))  # what the second worker listed
    assert round_publish_run(round_id=str(r.public_id)) == "published"  # the first worker
    assert [_publish_one(r, pk, "requests", world.coordinator) for pk in listed] == ["", ""]
    assert _publish_finish(r).startswith("skipped")
    assert MentorshipRequest.objects.count() == 2
    assert Notification.objects.filter(kind="pairing.published").count() == 1
    r.refresh_from_db()
    assert r.report["published"]["refused"] == []
