"""Pairing reasons and round exports tell each reader only what the profiles rule lets
them see (issue 9; R19, R22, R36, B4).

The round's one mentee uses "Grew up in a rural area" for matching but does not show it;
her mentor shows it. Both show "First in my family to go to college" (the reason that
must still appear). The mentor uses a low-income background without showing it, which the
mentee shows; and the mentee wishes (privately) for a mentor with immigrant experience,
which the mentor shows. A wrong rule (the mentor's consent only, today's) names the rural
background and the private wish; stripping everything loses the first-generation reason.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from conftest import PERSONAS, client_for
from mentorquilt.core.models import AuditEvent
from mentorquilt.mentorships.models import MentorshipRequest
from mentorquilt.notifications.models import Notification
from mentorquilt.pairing.models import RoundStatus
from mentorquilt.pairing.services import round_publish, round_start
from mentorquilt.pairing.tests.helpers import add_mentee, add_mentor, make_round
from mentorquilt.profiles.models import AffinityDimension
from mentorquilt.profiles.services import affinity_preferences_set, eligibility_attest
from mentorquilt.profiles.tests.helpers import category, give_attribute

pytestmark = pytest.mark.django_db

HIDDEN = "Grew up in a rural area"  # the mentee uses it, does not show it
SHOWN = "First in my family to go to college"  # both show it
MENTOR_HIDDEN = "Grew up in a low-income household"  # the mentee shows it, the mentor not
WISH = "Immigrant experience"  # the mentee's private wish, the mentor's shown offer

MANAGERS = ("admin", "coordinator", "staff")


def code(slug: str) -> list[int]:
    c = category(slug)
    return [c.dimension_id, c.pk]


@pytest.fixture
def case(world, django_capture_on_commit_callbacks):
    mentee = add_mentee(world, 0, prefix="privacy")
    give_attribute(mentee, "rural-raised", match=True, show=False)
    give_attribute(mentee, "first-generation-college", match=True, show=True)
    give_attribute(mentee, "income-low", match=True, show=True)
    affinity_preferences_set(
        actor=mentee,
        importances={
            AffinityDimension.objects.get(slug=slug): 2
            for slug in ("rural-origin", "first-generation", "income-background", "immigrant-daca")
        },
    )
    eligibility_attest(
        actor=mentee, urim=True, first_gen=True, low_income=True, basis="First in my family."
    )
    mentor = add_mentor(world, 0, prefix="privacy", shared_background=True)
    give_attribute(mentor, "rural-raised", match=True, show=True)
    give_attribute(mentor, "first-generation-college", match=True, show=True)
    give_attribute(mentor, "income-low", match=True, show=False)
    give_attribute(mentor, "immigrant-experience", match=True, show=True)
    match_round = make_round(world)
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.READY
    assert match_round.pairs.get().mentee.user == mentee
    return SimpleNamespace(round=match_round, mentee=mentee, mentor=mentor)


def assert_reasons_hide_what_is_not_shown(words: str) -> None:
    assert f"Both share: {SHOWN}." in words
    assert HIDDEN not in words
    assert MENTOR_HIDDEN not in words
    assert WISH not in words
    assert "You share" not in words  # a coordinator is not the mentee


def assert_export_holds_only_what_managers_see(data: dict[str, Any]) -> None:
    (mentee,) = data["mentees"]
    (mentor,) = data["mentors"]
    mentee_codes = [a[:2] for a in mentee["attributes"]]
    mentor_codes = [a[:2] for a in mentor["attributes"]]
    assert code("first-generation-college") in mentee_codes  # shown: still there
    assert code("first-generation-college") in mentor_codes
    assert code("rural-raised") in mentor_codes  # the mentor shows it
    assert code("rural-raised") not in mentee_codes  # the mentee does not
    assert code("income-low") in mentee_codes
    assert code("income-low") not in mentor_codes
    assert code("immigrant-experience") not in mentee_codes  # her private wish
    for key in ("urim", "first_gen", "low_income", "affinity_weights", "must_share"):
        assert key not in mentee, key
    assert "urim" not in mentor
    assert mentee["id"][0] == "e" and mentor["id"][0] == "m"  # round keys, not user ids
    assert "@" not in json.dumps(data)


def status_for(persona: str, *, page: bool, managers: tuple[str, ...] = MANAGERS) -> int:
    if persona == "anonymous":
        return 302 if page else 401
    return 200 if persona in managers else 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_proposal_api_names_only_backgrounds_both_people_show_to_each_persona(
    world, case, persona
):
    """R22, B4: GET /pairing/rounds/{id}/proposal (and adjust, the same body)."""
    client = client_for(world.persona(persona))
    response = client.get(f"/api/v1/pairing/rounds/{case.round.public_id}/proposal")
    assert response.status_code == status_for(persona, page=False)
    body = response.content.decode()
    assert HIDDEN not in body and WISH not in body
    if response.status_code == 200:
        (pair,) = response.json()["pairs"]
        assert_reasons_hide_what_is_not_shown(" ".join(pair["reasons"]))


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_round_page_names_only_backgrounds_both_people_show_to_each_persona(
    world, case, persona
):
    """R22, B4: the round's page, the "Why" of each pair."""
    client = client_for(world.persona(persona))
    response = client.get(reverse("pairing_round_detail", args=[case.round.public_id]))
    assert response.status_code == status_for(persona, page=True)
    html = response.content.decode()
    assert HIDDEN not in html and WISH not in html
    if response.status_code == 200:
        assert_reasons_hide_what_is_not_shown(html)
        engine = reverse("pairing_round_engine_input", args=[case.round.public_id])
        assert (engine in html) is (persona == "staff")  # the full input: staff only


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_round_export_api_holds_no_hidden_background_and_no_eligibility(world, case, persona):
    """R22, R36: GET /pairing/rounds/{id}/export?part=instance, the copy managers get."""
    client = client_for(world.persona(persona))
    response = client.get(f"/api/v1/pairing/rounds/{case.round.public_id}/export?part=instance")
    assert response.status_code == status_for(persona, page=False)
    if response.status_code == 200:
        assert_export_holds_only_what_managers_see(response.json())


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_round_pages_export_json_holds_no_hidden_background_and_no_eligibility(
    world, case, persona
):
    """R22, R36: the page's export.json download."""
    client = client_for(world.persona(persona))
    url = reverse("pairing_round_export", args=[case.round.public_id]) + "?part=instance"
    response = client.get(url)
    assert response.status_code == status_for(persona, page=True)
    if response.status_code == 200:
        assert_export_holds_only_what_managers_see(json.loads(response.content))


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_full_engine_input_is_for_platform_staff_only(world, case, persona):
    """R22, R36: the instance that reproduces the run carries hidden backgrounds and
    eligibility, so only staff get it (audited); coordinators and admins get 404."""
    from mentorquilt.matching.rounds import fingerprint

    client = client_for(world.persona(persona))
    api = client.get(f"/api/v1/pairing/rounds/{case.round.public_id}/engine-input")
    page = client.get(reverse("pairing_round_engine_input", args=[case.round.public_id]))
    assert api.status_code == status_for(persona, page=False, managers=("staff",))
    assert page.status_code == status_for(persona, page=True, managers=("staff",))
    if persona != "staff":
        assert b'"first_gen"' not in api.content + page.content
        return
    for data in (api.json(), json.loads(page.content)):
        assert fingerprint(data) == case.round.input_fingerprint
        (mentee,) = data["mentees"]
        assert code("rural-raised") in [a[:2] for a in mentee["attributes"]]
        assert mentee["first_gen"] is True
    assert (
        AuditEvent.objects.filter(
            action="match_round.export", data__part="engine", actor=world.staff
        ).count()
        == 2
    )


def test_the_mentee_who_hides_the_background_cannot_open_the_round_either(world, case):
    client = client_for(case.mentee)
    assert client.get(f"/api/v1/pairing/rounds/{case.round.public_id}/proposal").status_code == (
        404
    )
    assert client.get(reverse("pairing_round_detail", args=[case.round.public_id])).status_code == (
        404
    )


def test_a_background_hidden_after_the_run_disappears_from_the_reasons(world, case):
    """The rule is applied when the reasons are read, not only when the round ran."""
    give_attribute(case.mentor, "first-generation-college", match=True, show=False)
    client = client_for(world.coordinator)
    body = client.get(f"/api/v1/pairing/rounds/{case.round.public_id}/proposal").json()
    words = " ".join(body["pairs"][0]["reasons"])
    assert SHOWN not in words and "share" not in words
    assert words  # the other reasons (needs, responsiveness) are still given


def test_staff_reading_the_reasons_is_audited_as_a_read_of_shown_attributes(world, case):
    client = client_for(world.staff)
    client.get(f"/api/v1/pairing/rounds/{case.round.public_id}/proposal")
    assert AuditEvent.objects.filter(
        action="attribute.read", actor=world.staff, data__scope="shown"
    ).exists()


@pytest.mark.parametrize("publish_as", ["mentorships", "requests"])
def test_publishing_tells_nobody_a_hidden_background(
    world, case, publish_as, django_capture_on_commit_callbacks
):
    """Publish -> request messages, notifications and emails carry no reasons at all."""
    with django_capture_on_commit_callbacks(execute=True):
        round_publish(actor=world.coordinator, match_round=case.round, publish_as=publish_as)
    case.round.refresh_from_db()
    assert case.round.report["published"]["made"] == 1
    texts = [n.title + " " + n.body for n in Notification.objects.all()]
    texts += [r.message for r in MentorshipRequest.objects.all()]
    texts += [m.subject + " " + m.body for m in mail.outbox]
    assert texts
    for text in texts:
        assert HIDDEN not in text and WISH not in text and "share" not in text.lower()


def test_a_coordinator_solves_the_export_offline_and_imports_the_result(world, case, tmp_path):
    """R22: the copy managers get is still an engine instance; its solution imports."""
    import subprocess
    import sys

    client = client_for(world.coordinator)
    url = reverse("pairing_round_export", args=[case.round.public_id])
    instance = tmp_path / "round.json"
    instance.write_bytes(client.get(url + "?part=instance").content)
    out = tmp_path / "result.json"
    subprocess.run(  # noqa: S603 - our own engine on our own file
        [sys.executable, "-m", "quiltmatch", "solve", str(instance), "--out", str(out), "--quiet"],
        check=True,
    )
    upload = out.open("rb")
    response = client.post(
        reverse("pairing_round_import", args=[case.round.public_id]), {"result": upload}
    )
    assert response.status_code == 302
    pair = case.round.pairs.get()
    assert pair.source == "imported"
    words = " ".join(
        client.get(f"/api/v1/pairing/rounds/{case.round.public_id}/proposal").json()["pairs"][0][
            "reasons"
        ]
    )
    assert_reasons_hide_what_is_not_shown(words)


def test_explanations_stored_as_sentences_before_lose_their_you_share_sentence(world, case):
    """Rounds run before issue 9 stored "You share: <hidden background>." as text: the
    migration removes that sentence, and whatever is left is shown as stored."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "mentorquilt.pairing.migrations.0002_reasons_without_shared_sentences"
    )
    pair = case.round.pairs.get()
    legacy = {"score": 0.5, "reasons": [f"You share: {HIDDEN}, {SHOWN}.", "Helps with: X."]}
    type(pair).objects.filter(pk=pair.pk).update(explanation=legacy)
    migration.forwards(apps, None)
    pair.refresh_from_db()
    assert pair.explanation["reasons"] == ["Helps with: X."]
    client = client_for(world.coordinator)
    body = client.get(f"/api/v1/pairing/rounds/{case.round.public_id}/proposal").json()
    assert body["pairs"][0]["reasons"] == ["Helps with: X."]
