"""Pairing round pages: coordinators run, adjust, export and publish (R22, R23, B2)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentorquilt.accounts.models import User
from mentorquilt.core.models import AuditEvent
from mentorquilt.mentorships.models import Mentorship
from mentorquilt.pairing.models import MatchRound, RoundStatus
from mentorquilt.pairing.tests.helpers import cohort

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Spring pairing",
    "training_stage": "",
    "mode": "stable",
    "cap": "2",
    "wants": "1",
    "availability": "0.25",
    "responsiveness": "0.25",
    "affinity": "0.2",
    "needs": "0.2",
    "fit": "0.1",
    "keep": "",
    "forbid": "",
    "publish_as": "mentorships",
}


def created(world, login):
    client = login(world.coordinator)
    data = {**FORM, "institution": str(world.institution_a.public_id)}
    response = client.post(reverse("pairing_round_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client, MatchRound.objects.get()


def test_a_coordinator_creates_runs_adjusts_and_publishes_a_round_through_the_pages(
    world, login, django_capture_on_commit_callbacks
):
    cohort(world, mentees=4, mentors=2, capacity=2)
    client, match_round = created(world, login)
    assert match_round.settings["mode"] == "stable"
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(reverse("pairing_round_run", args=[match_round.public_id])).status_code
            == 302
        )
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.READY
    page = client.get(reverse("pairing_round_detail", args=[match_round.public_id]))
    html = page.content.decode()
    assert "Load report" in html and "Match rate of each group" in html
    assert "blocking pair" in html  # the engine's own figures of the run
    assert page["Cache-Control"] and "no-store" in page["Cache-Control"]
    pair = match_round.pairs.first()
    client.post(reverse("pairing_pair_remove", args=[match_round.public_id, pair.public_id]))
    assert match_round.pairs.count() == 3
    client.post(
        reverse("pairing_pair_add", args=[match_round.public_id]),
        {"mentee": str(pair.mentee.user.public_id), "mentor": str(pair.mentor.user.public_id)},
    )
    assert match_round.pairs.count() == 4
    response = client.post(
        reverse("pairing_round_publish", args=[match_round.public_id]),
        {"publish_as": "mentorships"},
    )
    assert response.status_code == 302
    assert Mentorship.objects.count() == 4


def test_the_progress_partial_polls_while_running_and_refreshes_when_done(
    world, login, django_capture_on_commit_callbacks
):
    cohort(world, mentees=1, mentors=1)
    client, match_round = created(world, login)
    MatchRound.objects.filter(pk=match_round.pk).update(status="running", progress=40, step="x")
    url = reverse("pairing_round_progress", args=[match_round.public_id])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="40"' in html
    MatchRound.objects.filter(pk=match_round.pk).update(status="ready")
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_export_gives_managers_a_redacted_input_and_staff_the_one_that_reproduces_the_run(
    world, login, django_capture_on_commit_callbacks
):
    """R22, R36, decision 0007: the fingerprint is of the full input, which only staff get."""
    from mentorquilt.matching.rounds import fingerprint

    cohort(world, mentees=3, mentors=2)
    client, match_round = created(world, login)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pairing_round_run", args=[match_round.public_id]))
    match_round.refresh_from_db()
    url = reverse("pairing_round_export", args=[match_round.public_id])
    data = json.loads(client.get(url + "?part=instance").content)
    assert data["format"] == "quiltmatch-instance/1" and data["redacted"] is True
    assert fingerprint(data) != match_round.input_fingerprint
    ids = [m["id"] for m in data["mentees"]] + [m["id"] for m in data["mentors"]]
    assert all(isinstance(i, str) and i[0] in "em" for i in ids)  # round keys, not user ids
    assert "@" not in json.dumps(data)
    proposal = json.loads(client.get(url + "?part=proposal").content)
    assert proposal["format"] == "quiltmatch-result/1" and len(proposal["pairs"]) == 3
    engine_url = reverse("pairing_round_engine_input", args=[match_round.public_id])
    assert client.get(engine_url).status_code == 404
    full = json.loads(login(world.staff).get(engine_url).content)
    assert "redacted" not in full and fingerprint(full) == match_round.input_fingerprint
    assert [m["id"] for m in full["mentees"]] == [m["id"] for m in data["mentees"]]
    assert AuditEvent.objects.filter(action="match_round.export").count() == 3


def test_importing_a_result_file_replaces_the_proposal(
    world, login, django_capture_on_commit_callbacks
):
    cohort(world, mentees=2, mentors=2)
    client, match_round = created(world, login)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pairing_round_run", args=[match_round.public_id]))
    url = reverse("pairing_round_export", args=[match_round.public_id])
    proposal = json.loads(client.get(url + "?part=proposal").content)
    proposal["pairs"] = proposal["pairs"][:1]
    upload = SimpleUploadedFile("r.json", json.dumps(proposal).encode(), "application/json")
    client.post(reverse("pairing_round_import", args=[match_round.public_id]), {"result": upload})
    assert match_round.pairs.count() == 1
    assert match_round.pairs.get().source == "imported"


@pytest.mark.parametrize("persona", ["mentee", "mentor", "researcher", "outsider"])
def test_the_pairing_pages_are_not_found_for_everyone_else(world, login, persona):
    cohort(world, mentees=1, mentors=1)
    _, match_round = created(world, login)
    client = login(world.persona(persona))
    assert client.get(reverse("pairing_round_list")).status_code == 404
    assert (
        client.get(reverse("pairing_round_detail", args=[match_round.public_id])).status_code == 404
    )


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("coordinator", True), ("admin", True), ("staff", True), ("mentee", False), ("mentor", False)],
)
def test_coordinators_and_admins_find_pairing_rounds_in_the_menu_and_on_their_home(
    world, login, persona, shown
):
    html = login(world.persona(persona)).get(reverse("home")).content.decode()
    assert (reverse("pairing_round_list") in html) is shown


def test_the_full_engine_input_reproduces_the_engines_proposal_on_the_command_line(
    world, login, django_capture_on_commit_callbacks, tmp_path
):
    """R22: "the exported input, solved by python -m quiltmatch solve, gives the engine's
    proposal again", for whoever may get the full input: platform staff (decision 0007).
    The cohort's people use backgrounds they do not show, so a redacted input would not do."""
    import subprocess
    import sys

    from mentorquilt.profiles.tests.helpers import give_attribute

    cohort(world, mentees=5, mentors=2, capacity=3)
    for n in range(5):  # hidden backgrounds that tip the pairing
        give_attribute(
            User.objects.get(email=f"cohort.mentee{n}@a.example.org"),
            "race-black-african-american" if n % 2 else "race-asian",
            match=True,
        )
    give_attribute(User.objects.get(email="cohort.mentor1@a.example.org"), "race-asian", match=True)
    client, match_round = created(world, login)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pairing_round_run", args=[match_round.public_id]))
    staff = login(world.staff)
    instance = tmp_path / "round.json"
    instance.write_bytes(
        staff.get(reverse("pairing_round_engine_input", args=[match_round.public_id])).content
    )
    out = tmp_path / "result.json"
    subprocess.run(  # noqa: S603 - our own engine on our own file
        [sys.executable, "-m", "quiltmatch", "solve", str(instance), "--out", str(out), "--quiet"],
        check=True,
    )
    solved = json.loads(out.read_text())
    url = reverse("pairing_round_export", args=[match_round.public_id])
    proposal = json.loads(staff.get(url + "?part=proposal").content)
    assert solved["version"] == proposal["version"]
    assert {(p["mentee"], p["mentor"], round(p["score"], 6)) for p in solved["pairs"]} == {
        (p["mentee"], p["mentor"], round(p["score"], 6)) for p in proposal["pairs"]
    }
    # the managers' copy leaves the hidden backgrounds out: it would not give this proposal
    copy = tmp_path / "copy.json"
    copy.write_bytes(client.get(url + "?part=instance").content)
    subprocess.run(  # noqa: S603 - our own engine on our own file
        [sys.executable, "-m", "quiltmatch", "solve", str(copy), "--out", str(out), "--quiet"],
        check=True,
    )
    again = json.loads(out.read_text())
    assert {(p["mentee"], p["mentor"]) for p in again["pairs"]} != {
        (p["mentee"], p["mentor"]) for p in solved["pairs"]
    }
