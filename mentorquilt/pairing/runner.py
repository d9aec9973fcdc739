"""Computing a round's proposal (R22, R23, B2): the work behind the background task.

It sits below services (services enqueue the task that calls it) and above selectors.
A run is safe to repeat: it replaces the whole proposal in one transaction, and a run
whose number is no longer the round's latest stops without writing (a newer run owns it).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from mentorquilt.accounts.models import User
from mentorquilt.core.services import audit_record
from mentorquilt.matching.rounds import (
    ENGINE_VERSION,
    RoundExplainer,
    mentee_key,
    mentor_key,
    round_instance,
    round_solve,
)
from mentorquilt.onboarding.selectors import readiness
from mentorquilt.pairing.models import (
    MatchRound,
    PairSource,
    ProposedPair,
    RoundMentee,
    RoundMentor,
    RoundStatus,
)
from mentorquilt.pairing.selectors import round_report, shared_background_mentors

ERROR_TEXT = "The run failed. Try again; if it fails again, tell platform staff."


def _progress(match_round: MatchRound, run: int, percent: int, step: str) -> None:
    MatchRound.objects.filter(pk=match_round.pk, run_count=run).update(
        progress=percent, step=step[:120], updated_at=timezone.now()
    )


def _settings_pairs(match_round: MatchRound, key: str) -> list[tuple[int, int]]:
    rules = match_round.settings.get(key, [])
    ids = dict(
        User.objects.filter(public_id__in={x for rule in rules for x in rule}).values_list(
            "public_id", "id"
        )
    )
    by_text = {str(k): v for k, v in ids.items()}
    return [(by_text[a], by_text[b]) for a, b in rules if a in by_text and b in by_text]


def build_instance(
    match_round: MatchRound, *, run: int | None = None, recorded: bool = False
) -> Any:
    """The round's engine instance, in the round's member order. Mentees' readiness is
    checked now, or taken as the last run recorded it (`recorded`, for export/import)."""
    mentees = list(match_round.mentees.select_related("user").order_by("id"))
    mentors = list(match_round.mentors.order_by("id"))
    ready: set[int] = set()
    for n, member in enumerate(mentees):
        if member.ready if recorded else readiness(user=member.user, role="mentee").ready:
            ready.add(member.user_id)
        if run is not None and n % 25 == 0:
            _progress(
                match_round,
                run,
                5 + int(35 * n / max(len(mentees), 1)),
                f"Checking who is ready ({n} of {len(mentees)} mentees)",
            )
    s = match_round.settings
    return round_instance(
        mentee_user_ids=[m.user_id for m in mentees],
        mentor_user_ids=[m.user_id for m in mentors],
        ready_mentees=ready,
        mentor_urim=shared_background_mentors(user_ids=[m.user_id for m in mentors]),
        mode=s["mode"],
        weights=s["weights"],
        cap=s["cap"],
        wants=s["wants"],
        keep=_settings_pairs(match_round, "keep"),
        forbid=_settings_pairs(match_round, "forbid"),
    )


def member_keys(match_round: MatchRound) -> tuple[dict[str, Any], dict[str, Any]]:
    """Engine key -> RoundMentee / RoundMentor, in the round's member order."""
    mentees = {mentee_key(i): m for i, m in enumerate(match_round.mentees.order_by("id"))}
    mentors = {mentor_key(i): m for i, m in enumerate(match_round.mentors.order_by("id"))}
    return mentees, mentors


def round_run(*, round_id: str) -> str:
    """Compute and store the proposal of one round. Returns what happened."""
    match_round = MatchRound.objects.filter(public_id=round_id).first()
    if match_round is None:
        return "skipped: gone"
    if match_round.status != RoundStatus.RUNNING:
        return f"skipped: {match_round.status}"
    run = match_round.run_count
    try:
        _progress(match_round, run, 5, "Checking who is ready")
        instance = build_instance(match_round, run=run)
        _progress(match_round, run, 45, "Building the engine's input")
        solution = round_solve(
            instance.data, progress=lambda p, step: _progress(match_round, run, p, step)
        )
        _progress(match_round, run, 80, "Explaining each pair")
        explainer = RoundExplainer(instance.data, instance.facts)
        explained = [(p, *explainer.explain(p.mentee, p.mentor)) for p in solution.pairs]
    except Exception as exc:
        MatchRound.objects.filter(pk=match_round.pk, run_count=run).update(
            status=RoundStatus.FAILED,
            error=f"{ERROR_TEXT} ({type(exc).__name__})",
            finished_at=timezone.now(),
            step="",
        )
        audit_record(
            actor=None,
            action="match_round.fail",
            target=match_round,
            institution=match_round.institution,
            data={"run": run, "error": type(exc).__name__},
        )
        return "failed"
    with transaction.atomic():
        locked = MatchRound.objects.select_for_update().get(pk=match_round.pk)
        if locked.run_count != run or locked.status != RoundStatus.RUNNING:
            return "skipped: superseded"
        mentees, mentors = member_keys(locked)
        for person in instance.mentees:
            m = mentees[person.key]
            m.ready, m.urim = person.ready, person.urim
            m.first_gen, m.low_income = person.first_gen, person.low_income
            m.wants = locked.settings["wants"]
        RoundMentee.objects.bulk_update(
            list(mentees.values()), ["ready", "urim", "first_gen", "low_income", "wants"]
        )
        for person in instance.mentors:
            r = mentors[person.key]
            r.ready, r.capacity, r.load, r.urim = (
                person.ready,
                person.capacity,
                person.load,
                person.urim,
            )
        RoundMentor.objects.bulk_update(
            list(mentors.values()), ["ready", "capacity", "load", "urim"]
        )
        locked.pairs.all().delete()  # a re-run replaces the proposal, never adds to it
        ProposedPair.objects.bulk_create(
            ProposedPair(
                round=locked,
                mentee=mentees[p.mentee],
                mentor=mentors[p.mentor],
                score=p.score,
                rank=p.rank,
                explanation=record,
                source=PairSource.MANUAL if p.fixed else PairSource.ENGINE,
            )
            for p, score, record in explained
        )
        report = dict(solution.result["report"])
        locked.report = {
            "engine": report,
            "config": solution.result["config"],
            "adjusted": round_report(match_round=locked).as_dict(),
        }
        locked.engine_version = ENGINE_VERSION
        locked.input_fingerprint = instance.fingerprint
        locked.status = RoundStatus.READY
        locked.progress = 100
        locked.step = ""
        locked.finished_at = timezone.now()
        locked.save()
        audit_record(
            actor=None,
            action="match_round.ready",
            target=locked,
            institution=locked.institution,
            data={"run": run, "pairs": len(explained), "fingerprint": instance.fingerprint},
        )
    return "ready"


def pair_explanation(
    *, match_round: MatchRound, mentee: RoundMentee, mentor: RoundMentor
) -> dict[str, Any]:
    """Score and explanation fields for a pair set by hand (B4: the explanation record is
    worded for each reader by `selectors.pair_reasons`).

    Scored on an instance of just the two people, with the round's settings.
    """
    s = match_round.settings
    instance = round_instance(
        mentee_user_ids=[mentee.user_id],
        mentor_user_ids=[mentor.user_id],
        ready_mentees={mentee.user_id} if mentee.ready else set(),
        mentor_urim=set(),
        mode=s["mode"],
        weights=s["weights"],
        cap=s["cap"],
        wants=1,
    )
    score, record = RoundExplainer(instance.data, instance.facts).explain(
        mentee_key(0), mentor_key(0)
    )
    return {"score": score, "explanation": record}


def explain_all(match_round: MatchRound, pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Score and explanation fields for many pairs of engine keys (import)."""
    instance = build_instance(match_round, recorded=True)
    explainer = RoundExplainer(instance.data, instance.facts)
    out = []
    for a, b in pairs:
        score, record = explainer.explain(a, b)
        out.append({"score": score, "explanation": record})
    return out
