"""Computing and publishing a round's proposal (R22, R23, B2): the work behind the
background tasks.

It sits below services (services enqueue the tasks that call it) and above selectors.
A run is safe to repeat: it replaces the whole proposal in one transaction, and a run
whose number is no longer the round's latest stops without writing (a newer run owns it).
Publishing is safe to repeat too: each pair is published in its own transaction that
also records its outcome, so a publish stopped part-way (a crash, a deploy) is run again
and publishes only the pairs still waiting; the round is marked published once.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mentorquilt.accounts.models import User
from mentorquilt.core.errors import DomainError
from mentorquilt.core.services import audit_record
from mentorquilt.matching.rounds import (
    ENGINE_VERSION,
    RoundExplainer,
    mentee_key,
    mentor_key,
    round_instance,
    round_solve,
)
from mentorquilt.mentorships.services import mentorship_request_send, mentorship_start_paired
from mentorquilt.notifications.services import notify
from mentorquilt.onboarding.selectors import Readiness, readiness
from mentorquilt.pairing.models import (
    MatchRound,
    PairOutcome,
    PairSource,
    ProposedPair,
    PublishAs,
    RoundMentee,
    RoundMentor,
    RoundStatus,
)
from mentorquilt.pairing.selectors import (
    covered_needs,
    round_report,
    shared_background_mentors,
)
from mentorquilt.profiles.models import MentorProfile

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


def steps_to_do(state: Readiness) -> list[str]:
    """The checklist steps still to do, as the round's left-out list words them (titles
    only: a step says what is missing, never what someone answered)."""
    return [
        step.title + (" (the institution does this)" if step.by == "school" else "")
        for step in state.missing
    ]


def build_instance(
    match_round: MatchRound,
    *,
    run: int | None = None,
    recorded: bool = False,
    missing: dict[int, list[str]] | None = None,
) -> Any:
    """The round's engine instance, in the round's member order. Mentees' readiness is
    checked now, or taken as the last run recorded it (`recorded`, for export/import).
    `missing`, when given, receives the steps each mentee not ready still has to do."""
    mentees = list(match_round.mentees.select_related("user").order_by("id"))
    mentors = list(match_round.mentors.order_by("id"))
    ready: set[int] = set()
    for n, member in enumerate(mentees):
        if recorded:
            is_ready = member.ready
        else:
            state = readiness(user=member.user, role="mentee")
            is_ready = state.ready
            if missing is not None and not is_ready:
                missing[member.user_id] = steps_to_do(state)
        if is_ready:
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
        missing: dict[int, list[str]] = {}
        instance = build_instance(match_round, run=run, missing=missing)
        mentor_missing = _mentors_left_out(instance.mentors)
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
            m.wants, m.existing = person.wants, person.existing
            m.missing = [] if person.ready else missing.get(person.user_id, [])
        RoundMentee.objects.bulk_update(
            list(mentees.values()),
            ["ready", "urim", "first_gen", "low_income", "wants", "existing", "missing"],
        )
        for person in instance.mentors:
            r = mentors[person.key]
            r.ready, r.capacity, r.load, r.urim = (
                person.ready,
                person.capacity,
                person.load,
                person.urim,
            )
            r.missing = mentor_missing.get(person.user_id, [])
        RoundMentor.objects.bulk_update(
            list(mentors.values()), ["ready", "capacity", "load", "urim", "missing"]
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


def _mentors_left_out(people: list[Any]) -> dict[int, list[str]]:
    """Mentor user id -> why a mentor not ready is left out: the checklist steps still to
    do, or the suspension from search (R8). One readiness check per mentor left out."""
    out: dict[int, list[str]] = {}
    users = {
        u.pk: u for u in User.objects.filter(pk__in=[p.user_id for p in people if not p.ready])
    }
    for person in people:
        if person.ready or person.user_id not in users:
            continue
        steps = steps_to_do(readiness(user=users[person.user_id], role="mentor"))
        if person.suspended:
            steps.append(
                "Answer requests in time again: suspended from search after requests that "
                "lapsed (an institution admin can reinstate)"
            )
        out[person.user_id] = steps or ["Finish the mentor checklist"]
    return out


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


# --- publishing ---------------------------------------------------------------------------

PUBLISH_ERROR = (
    "Publishing stopped part-way. Publish again: pairs already published stay as they are."
)
PAIRED_MESSAGE = (
    "Our program coordinator suggested we work together as mentor and mentee. "
    "I would be glad to start."
)


def _publish_one(match_round: MatchRound, pair_id: int, publish_as: str, actor: Any) -> str:
    """Publish one pair and record its outcome in the same transaction: "made", "refused",
    or "" when another worker already did it."""
    with transaction.atomic():
        pair = (
            ProposedPair.objects.select_for_update()
            .select_related("mentee__user", "mentor__user")
            .filter(pk=pair_id, outcome=PairOutcome.WAITING)
            .first()
        )
        if pair is None:
            return ""
        mentee, mentor = pair.mentee.user, pair.mentor.user
        needs = covered_needs(mentee=mentee, mentor=mentor)
        try:
            with transaction.atomic():
                if publish_as == PublishAs.MENTORSHIPS:
                    mentorship_start_paired(actor=actor, mentee=mentee, mentor=mentor, needs=needs)
                else:
                    if not needs:
                        raise DomainError(
                            f"{mentee.name or 'The mentee'} and {mentor.name or 'the mentor'} "
                            "share no area of need, and a request must name one. Start this "
                            "mentorship instead, or pair the mentee with another mentor."
                        )
                    mentorship_request_send(
                        mentee=mentee,
                        mentor_profile=MentorProfile.objects.get(user=mentor),
                        message=PAIRED_MESSAGE,
                        needs=needs,
                    )
        except (DomainError, MentorProfile.DoesNotExist) as exc:
            pair.outcome, pair.outcome_reason = PairOutcome.REFUSED, str(exc)[:500]
        else:
            pair.outcome, pair.outcome_reason = PairOutcome.MADE, ""
        pair.published_at = timezone.now()
        pair.save(update_fields=["outcome", "outcome_reason", "published_at", "updated_at"])
        return str(pair.outcome)


def round_publish_run(*, round_id: str, limit: int | None = None) -> str:
    """Publish the pairs of a round that are still waiting, then mark it published.

    Safe to run twice or after a failure part-way: each pair is published once
    (`_publish_one`). `limit` stops after that many pairs ("partial"), as a worker that
    died would; the round stays publishing and a retry finishes it.
    """
    match_round = MatchRound.objects.filter(public_id=round_id).first()
    if match_round is None:
        return "skipped: gone"
    if match_round.status != RoundStatus.PUBLISHING:
        return f"skipped: {match_round.status}"
    publishing = match_round.report.get("publishing", {})
    publish_as = publishing.get("as", PublishAs.MENTORSHIPS)
    actor = match_round.published_by
    waiting = list(
        match_round.pairs.filter(outcome=PairOutcome.WAITING)
        .order_by("mentee_id", "rank", "id")
        .values_list("pk", flat=True)
    )
    total = match_round.pairs.count()
    done = total - len(waiting)
    try:
        for n, pair_id in enumerate(waiting):
            if limit is not None and n >= limit:
                return "partial"
            _publish_one(match_round, pair_id, publish_as, actor)
            done += 1
            if done % 10 == 0 or done == total:
                MatchRound.objects.filter(pk=match_round.pk).update(
                    progress=min(99, int(100 * done / max(total, 1))),
                    step=f"Publishing pair {done} of {total}",
                    updated_at=timezone.now(),
                )
    except Exception as exc:
        MatchRound.objects.filter(pk=match_round.pk).update(
            error=f"{PUBLISH_ERROR} ({type(exc).__name__})", step=""
        )
        audit_record(
            actor=None,
            action="match_round.publish_fail",
            target=match_round,
            institution=match_round.institution,
            data={"done": done, "error": type(exc).__name__},
        )
        return "failed"
    return _publish_finish(match_round)


def _publish_finish(match_round: MatchRound) -> str:
    with transaction.atomic():
        locked = MatchRound.objects.select_for_update().get(pk=match_round.pk)
        if locked.status != RoundStatus.PUBLISHING:
            return f"skipped: {locked.status}"
        if locked.pairs.filter(outcome=PairOutcome.WAITING).exists():
            return "partial"
        publish_as = locked.report.get("publishing", {}).get("as", PublishAs.MENTORSHIPS)
        pairs = list(locked.pairs.order_by("mentee_id", "rank", "id"))
        made = sum(1 for p in pairs if p.outcome == PairOutcome.MADE)
        refused = [
            {"pair": str(p.public_id), "reason": p.outcome_reason}
            for p in pairs
            if p.outcome == PairOutcome.REFUSED
        ]
        paired = Counter(p.mentee_id for p in pairs if p.outcome == PairOutcome.MADE)
        for left in locked.mentees.filter(ready=True, wants__gt=0).select_related("user"):
            if paired[left.pk]:
                continue
            notify(
                user=left.user,
                kind="pairing.unmatched",
                title="No mentor from this pairing round yet",
                body="Your program's pairing round did not find you a mentor this time. Your "
                "coordinator will follow up, and you can search for mentors yourself.",
                link=reverse("home"),
            )
        locked.status = RoundStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.progress = 100
        locked.step = ""
        locked.error = ""
        report = {k: v for k, v in locked.report.items() if k != "publishing"}
        report["published"] = {"as": publish_as, "made": made, "refused": refused}
        locked.report = report
        locked.save()
        if locked.published_by is not None:
            started = "requests sent" if publish_as == PublishAs.REQUESTS else "pairs started"
            notify(
                user=locked.published_by,
                kind="pairing.published",
                title=f"Round {locked.name!r} is published",
                body=f"{made} of {len(pairs)} {started}"
                + (f"; {len(refused)} could not start (listed on the round)." if refused else "."),
                link=reverse("pairing_round_detail", kwargs={"round_id": locked.public_id}),
            )
        audit_record(
            actor=locked.published_by,
            action="match_round.publish",
            target=locked,
            institution=locked.institution,
            data={"as": publish_as, "made": made, "refused": len(refused)},
        )
    return "published"
