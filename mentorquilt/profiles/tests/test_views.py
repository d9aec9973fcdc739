"""Profile pages: the guided mentee flow, consent in HTML, the mentor profile and the
verification queue (R3-R7, R11, R19; SECURITY V8 field level)."""

from __future__ import annotations

import pytest

from conftest import World
from mentorquilt.institutions.models import Role
from mentorquilt.profiles.models import PersonAttribute, QualificationStatus
from mentorquilt.profiles.services import qualification_submit
from mentorquilt.profiles.tests.helpers import give_attribute, published_mentor

pytestmark = pytest.mark.django_db


def test_a_mentee_walks_through_every_step_of_the_guided_flow(world: World, login):
    """R11, R15, R19: stage, track, goals, needs in order, background, what matters,
    eligibility; each step leads to the next."""
    client = login(world.mentee)
    response = client.post(
        "/profile/mentee/about/",
        {"training_stage": "community-college", "track": "nursing", "goals": "Transfer."},
    )
    assert response.headers["Location"] == "/profile/mentee/needs/"
    response = client.post(
        "/profile/mentee/needs/", {"need_1": "transfer", "need_2": "finances-aid"}
    )
    assert response.headers["Location"] == "/profile/mentee/background/"
    response = client.post(
        "/profile/mentee/background/",
        {"cat_race-ethnicity": ["race-hispanic-latino"], "match_race-ethnicity": "on"},
    )
    assert response.headers["Location"] == "/profile/mentee/matters/"
    attribute = PersonAttribute.objects.get(user=world.mentee)
    assert (attribute.use_for_matching, attribute.show_on_profile) == (True, False)
    dims = client.get("/profile/mentee/matters/").context["dimensions"]
    answers = {f"dim_{d.slug}": "0" for d in dims}
    answers["dim_race-ethnicity"] = "3"
    response = client.post("/profile/mentee/matters/", answers)
    assert response.headers["Location"] == "/profile/mentee/eligibility/"
    response = client.post(
        "/profile/mentee/eligibility/",
        {"first_gen": "on", "basis": "Nobody in my family went to college.", "confirm": "on"},
    )
    assert response.headers["Location"] == "/profile/mentee/"
    steps = client.get("/profile/mentee/").context["steps"]
    assert all(step.done for _, step in steps)


def test_the_mentee_flow_never_asks_about_immigration(world: World, login):
    """SECURITY: immigration status is not collected from mentees; the wish is."""
    client = login(world.mentee)
    background = client.get("/profile/mentee/background/").content.decode()
    assert "immigrant-experience" not in background
    matters = client.get("/profile/mentee/matters/").content.decode()
    assert "dim_immigrant-daca" in matters


def test_the_needs_step_refuses_the_same_area_twice(world: World, login):
    response = login(world.mentee).post(
        "/profile/mentee/needs/", {"need_1": "interviews", "need_2": "interviews"}
    )
    assert response.status_code == 200
    assert "Each area can be chosen once." in response.content.decode()


def test_an_unconsented_attribute_is_absent_from_the_mentor_page(world: World, login):
    """R19/R36: a hidden attribute is absent from HTML for everyone but its owner."""
    profile = published_mentor(world.mentor, scope="national")
    give_attribute(world.mentor, "race-black-african-american", match=True, show=True)
    give_attribute(world.mentor, "lgbtq-member", match=True, show=False)
    url = f"/mentors/{profile.public_id}/"
    for viewer in (world.mentee, world.outsider, world.admin):
        html = login(viewer).get(url).content.decode()
        assert "Black or African American" in html
        assert "LGBTQ" not in html
    own = login(world.mentor).get(url).content.decode()
    assert "LGBTQ+" in own


def test_staff_reveal_private_attributes_only_on_request(world: World, login):
    profile = published_mentor(world.mentor)
    give_attribute(world.mentor, "disability-yes", match=False, show=False)
    client = login(world.staff)
    assert (
        "Person with a disability"
        not in client.get(f"/mentors/{profile.public_id}/").content.decode()
    )
    revealed = client.get(f"/mentors/{profile.public_id}/?reveal=1").content.decode()
    assert "Person with a disability" in revealed
    assert "recorded in the audit log" in revealed


def test_a_mentor_saves_a_profile_and_publishes_it(world: World, login):
    """R6, R7: capacity 1-3 offered; publishing records consent to be found."""
    client = login(world.mentor)
    form = {
        "role_title": "Family medicine attending",
        "bio": "Rural kid, first in family.",
        "areas": ["interviews"],
        "formats": ["video"],
        "capacity": "2",
        "scope": "national",
    }
    assert client.post("/profile/mentor/", form).status_code == 302
    assert client.post("/profile/mentor/", {**form, "capacity": "4"}).status_code == 200
    client.post("/profile/mentor/publish/")
    world.mentor.mentor_profile.refresh_from_db()
    assert world.mentor.mentor_profile.published_at is not None


def test_the_admin_verifies_from_the_queue_and_the_mentor_sees_the_decision(world: World, login):
    """R4: the institution admin verifies or rejects with a reason."""
    membership = world.mentor.memberships.get(role=Role.MENTOR)
    q = qualification_submit(
        actor=world.mentor, membership=membership, basis="track_record", evidence="Award 2023"
    )
    admin = login(world.admin)
    page = admin.get(f"/institutions/{world.institution_a.public_id}/qualifications/")
    assert "Award 2023" in page.content.decode()
    admin.post(f"/qualifications/{q.public_id}/decide/", {"decision": "reject", "reason": ""})
    q.refresh_from_db()
    assert q.status == QualificationStatus.PENDING  # no reason, no rejection
    admin.post(
        f"/qualifications/{q.public_id}/decide/",
        {"decision": "reject", "reason": "Add the award's name."},
    )
    q.refresh_from_db()
    assert q.status == QualificationStatus.REJECTED
    mine = login(world.mentor).get("/profile/mentor/qualification/").content.decode()
    assert "Add the award&#x27;s name." in mine or "Add the award's name." in mine


def test_the_queue_is_not_disclosed_to_another_institutions_admin(world: World, login):
    response = login(world.admin).get(
        f"/institutions/{world.institution_b.public_id}/qualifications/"
    )
    assert response.status_code == 404
