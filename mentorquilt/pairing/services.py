"""Coordinator pairing rounds (R22, R23, B2).

Rules:
- Only a coordinator or admin of the institution (active membership), or platform
  staff, creates, runs, adjusts, publishes or exports a round.
- A round's cohort is the institution's mentees (all, or one training stage) and its
  verified mentors, snapshotted when the round is created; a run records who is
  ready (R5, R12) and pairs only them. Program cohorts come with a later release.
- Settings: mode optimal or stable, factor weights, mentees per mentor (1-3, never
  above the mentor's own cap, R6), mentors per mentee (1-3, R13), pairs to keep and
  pairs to forbid, and whether publishing starts mentorships or sends requests.
- Running enqueues a background task with the round's id only. A run replaces the
  whole proposal in one transaction (running again never duplicates) and records
  the engine version, the settings and a fingerprint of the engine input.
- The coordinator removes, adds or swaps pairs by hand while the proposal is ready;
  the load report is recomputed from the pairs (selectors.round_report).
- A round counts what people already have (a second round after a first): open
  mentorships and requests waiting for an answer take a mentor's places and fill a
  mentee's wish; the round asks the engine only for what each mentee still needs and
  never proposes a pair that exists (matching.rounds.round_instance).
- Publishing is a background task (ids only), audited, and safe to run again: every
  pair goes through the mentorships services (readiness gate, capacity) in its own
  transaction that records its outcome; a pair those refuse is listed, not forced.
  Covered needs are the pair's real overlap. Everyone is notified (the paired by the
  mentorships services; mentees left unmatched by the runner) and emails leave after
  commit.
- Audit rows carry ids and counts only.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from mentorquilt.accounts.models import User
from mentorquilt.core.errors import DomainError
from mentorquilt.core.services import audit_record
from mentorquilt.institutions.models import Institution
from mentorquilt.matching.rounds import (
    ENGINE_VERSION,
    instance_redacted,
    result_pairs_from_json,
)
from mentorquilt.pairing.models import (
    MatchRound,
    PairSource,
    ProposedPair,
    PublishAs,
    RoundMentee,
    RoundMentor,
    RoundStatus,
)
from mentorquilt.pairing.runner import build_instance, explain_all, member_keys, pair_explanation
from mentorquilt.pairing.selectors import (
    cohort_candidates,
    mentor_candidates,
    pair_exists,
    round_manages,
    round_report,
    user_reads_engine_input,
)
from mentorquilt.pairing.tasks import match_round_publish, match_round_run
from mentorquilt.profiles.models import TrainingStage
from mentorquilt.profiles.selectors import visible_attribute_codes

FACTORS = ("affinity", "needs", "availability", "responsiveness", "fit")
DEFAULT_WEIGHTS = {
    "affinity": 0.20,
    "needs": 0.20,
    "availability": 0.25,
    "responsiveness": 0.25,
    "fit": 0.10,
}
MODES = ("optimal", "stable")
MAX_PAIR_RULES = 500
# A run still "running" after this long lost its worker: it may be started again.
STALE_RUN = timedelta(minutes=30)


def _check_manager(actor: Any, institution: Institution) -> None:
    from mentorquilt.institutions.selectors import MANAGING_ROLES, user_manages

    if not user_manages(user=actor, institution=institution, roles=MANAGING_ROLES):
        raise PermissionDenied("Only the institution's coordinators and admins run rounds.")


def _check_round(actor: Any, match_round: MatchRound) -> None:
    if not round_manages(user=actor, match_round=match_round):
        raise PermissionDenied("Only the institution's coordinators and admins run rounds.")


def _lock(match_round: MatchRound) -> MatchRound:
    return MatchRound.objects.select_for_update().get(pk=match_round.pk)


def _pair_rules(
    raw: Any, *, field: str, mentees: dict[str, int], mentors: dict[str, int]
) -> list[list[str]]:
    """[[mentee email or id, mentor email or id], ...] -> [[mentee user id, mentor user id]]
    (public ids), each person in the round."""
    rules: list[list[str]] = []
    for item in raw or ():
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise DomainError("Give each pair as a mentee and a mentor.", field=field)
        a, b = (str(x).strip().lower() for x in item)
        if a not in mentees:
            raise DomainError(f"{item[0]} is not a mentee of this round.", field=field)
        if b not in mentors:
            raise DomainError(f"{item[1]} is not a mentor of this round.", field=field)
        rules.append([str(mentees[a]), str(mentors[b])])
    if len(rules) > MAX_PAIR_RULES:
        raise DomainError(f"At most {MAX_PAIR_RULES} pairs.", field=field)
    if len({tuple(r) for r in rules}) != len(rules):
        raise DomainError("A pair is listed twice.", field=field)
    return rules


def _lookup(users: list[User]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for user in users:
        out[user.email.lower()] = user.public_id
        out[str(user.public_id)] = user.public_id
    return out


def round_settings_clean(raw: dict[str, Any]) -> dict[str, Any]:
    """Validate the settings a coordinator chose (without the pair rules)."""
    mode = raw.get("mode", "optimal")
    if mode not in MODES:
        raise DomainError("Choose optimal or stable.", field="mode")
    weights = dict(DEFAULT_WEIGHTS)
    for name, value in (raw.get("weights") or {}).items():
        if name not in FACTORS:
            raise DomainError(f"Unknown weight {name!r}.", field="weights")
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise DomainError("Weights are numbers from 0 to 1.", field=name) from exc
        if not 0 <= number <= 1:
            raise DomainError("Weights are numbers from 0 to 1.", field=name)
        weights[name] = number
    if weights["availability"] + weights["responsiveness"] <= 0:
        raise DomainError(
            "Availability and responsiveness cannot both weigh nothing (R20).",
            field="availability",
        )
    out: dict[str, Any] = {"mode": mode, "weights": weights}
    for name, label in (("cap", "Mentees per mentor"), ("wants", "Mentors per mentee")):
        value = raw.get(name, 1)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3:
            raise DomainError(f"{label}: 1, 2 or 3.", field=name)
        out[name] = value
    publish_as = raw.get("publish_as", PublishAs.MENTORSHIPS)
    if publish_as not in PublishAs.values:
        raise DomainError("Choose mentorships or requests.", field="publish_as")
    out["publish_as"] = str(publish_as)
    return out


@transaction.atomic
def round_create(
    *,
    actor: Any,
    institution: Institution,
    name: str,
    settings: dict[str, Any],
    training_stage: str = "",
    keep: Any = (),
    forbid: Any = (),
) -> MatchRound:
    """A draft round with its cohort snapshotted (R22)."""
    _check_manager(actor, institution)
    name = (name or "").strip()
    if not name:
        raise DomainError("Name the round.", field="name")
    if len(name) > 120:
        raise DomainError("Keep the name under 120 characters.", field="name")
    clean = round_settings_clean(settings)
    if training_stage and not TrainingStage.objects.filter(slug=training_stage).exists():
        raise DomainError("Unknown training stage.", field="training_stage")
    clean["training_stage"] = training_stage
    mentees = list(cohort_candidates(institution=institution, training_stage=training_stage))
    mentors = list(mentor_candidates(institution=institution))
    if not mentees:
        raise DomainError("This cohort has no mentees.", field="training_stage")
    clean["keep"] = _pair_rules(
        keep, field="keep", mentees=_lookup(mentees), mentors=_lookup(mentors)
    )
    clean["forbid"] = _pair_rules(
        forbid, field="forbid", mentees=_lookup(mentees), mentors=_lookup(mentors)
    )
    if {tuple(r) for r in clean["keep"]} & {tuple(r) for r in clean["forbid"]}:
        raise DomainError("A pair cannot be both kept and forbidden.", field="forbid")
    match_round = MatchRound.objects.create(
        institution=institution, created_by=actor, name=name, settings=clean
    )
    RoundMentee.objects.bulk_create(
        RoundMentee(round=match_round, user=user, wants=clean["wants"]) for user in mentees
    )
    RoundMentor.objects.bulk_create(RoundMentor(round=match_round, user=user) for user in mentors)
    audit_record(
        actor=actor,
        action="match_round.create",
        target=match_round,
        institution=institution,
        data={"mentees": len(mentees), "mentors": len(mentors), "mode": clean["mode"]},
    )
    return match_round


@transaction.atomic
def round_start(*, actor: Any, match_round: MatchRound) -> MatchRound:
    """Queue a run (R22). Running again replaces the proposal; a published round is final."""
    _check_round(actor, match_round)
    match_round = _lock(match_round)
    if match_round.status in (RoundStatus.PUBLISHED, RoundStatus.PUBLISHING):
        raise DomainError("This round is published; create a new round.", code="published")
    stale = timezone.now() - STALE_RUN
    if match_round.status == RoundStatus.RUNNING and (
        match_round.started_at is None or match_round.started_at > stale
    ):
        raise DomainError("This round is already running.", code="running")
    match_round.status = RoundStatus.RUNNING
    match_round.progress = 0
    match_round.step = "Waiting for the worker"
    match_round.error = ""
    match_round.run_count += 1
    match_round.started_at = timezone.now()
    match_round.finished_at = None
    match_round.save()
    audit_record(
        actor=actor,
        action="match_round.run",
        target=match_round,
        institution=match_round.institution,
        data={"run": match_round.run_count},
    )
    round_id = str(match_round.public_id)
    transaction.on_commit(lambda: match_round_run.enqueue(round_id))
    return match_round


def _editable_pairs(actor: Any, match_round: MatchRound) -> MatchRound:
    _check_round(actor, match_round)
    match_round = _lock(match_round)
    if match_round.status != RoundStatus.READY:
        raise DomainError("Adjust a proposal once the round is ready for review.", code="state")
    return match_round


def _room(match_round: MatchRound, mentor: RoundMentor, *, leaving: int = 0) -> int:
    taken = match_round.pairs.filter(mentor=mentor).count() - leaving
    return mentor.capacity - mentor.load - taken


def _adjusted(actor: Any, match_round: MatchRound, action: str, data: dict[str, Any]) -> None:
    figures = round_report(match_round=match_round)
    match_round.report = {**match_round.report, "adjusted": figures.as_dict()}
    match_round.save(update_fields=["report", "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        target=match_round,
        institution=match_round.institution,
        data=data,
    )


def _renumber(mentee: RoundMentee) -> None:
    for rank, pair in enumerate(mentee.pairs.order_by("rank", "id"), start=1):
        if pair.rank != rank:
            ProposedPair.objects.filter(pk=pair.pk).update(rank=rank)


@transaction.atomic
def pair_remove(*, actor: Any, pair: ProposedPair) -> None:
    """Take a pair out of the proposal; the mentee may end up unmatched."""
    match_round = _editable_pairs(actor, pair.round)
    mentee = pair.mentee
    pair_id = str(pair.public_id)
    pair.delete()
    _renumber(mentee)
    _adjusted(actor, match_round, "match_round.pair_remove", {"pair": pair_id})


@transaction.atomic
def pair_add(
    *, actor: Any, match_round: MatchRound, mentee: RoundMentee, mentor: RoundMentor
) -> ProposedPair:
    """Pair a mentee with a mentor by hand (a coordinator's decision, within capacity)."""
    match_round = _editable_pairs(actor, match_round)
    if mentee.round_id != match_round.pk or mentor.round_id != match_round.pk:
        raise DomainError("Both people must be in this round.")
    if not (mentee.ready and mentor.ready):
        raise DomainError("Both people must be ready for a mentorship (R5, R12).")
    if mentee.user_id == mentor.user_id:
        raise DomainError("A person cannot mentor themself.")
    if match_round.pairs.filter(mentee=mentee, mentor=mentor).exists():
        raise DomainError("This pair is already in the proposal.")
    if pair_exists(mentee=mentee.user, mentor=mentor.user):
        raise DomainError(
            "These two are already paired, or the mentee already asked this mentor.",
            field="mentor",
        )
    if mentee.pairs.count() >= mentee.wants:
        raise DomainError(
            "This mentee already has the mentors they want from this round; remove or swap "
            "one first.",
            field="mentee",
        )
    if _room(match_round, mentor) <= 0:
        raise DomainError("This mentor has no free place in this round.", field="mentor")
    pair = ProposedPair.objects.create(
        round=match_round,
        mentee=mentee,
        mentor=mentor,
        rank=mentee.pairs.count() + 1,
        source=PairSource.MANUAL,
        **pair_explanation(match_round=match_round, mentee=mentee, mentor=mentor),
    )
    _adjusted(actor, match_round, "match_round.pair_add", {"pair": str(pair.public_id)})
    return pair


@transaction.atomic
def pair_swap(*, actor: Any, pair: ProposedPair, other: ProposedPair) -> None:
    """Exchange the mentors of two pairs (loads are unchanged)."""
    match_round = _editable_pairs(actor, pair.round)
    if other.round_id != match_round.pk or pair.pk == other.pk:
        raise DomainError("Choose another pair of this round.", field="other")
    if pair.mentor_id == other.mentor_id:
        raise DomainError("Both pairs have the same mentor; nothing to swap.", field="other")
    a_mentee, b_mentee = pair.mentee, other.mentee
    a_mentor, b_mentor = pair.mentor, other.mentor
    clash = match_round.pairs.filter(mentee=a_mentee, mentor=b_mentor).exists() or (
        match_round.pairs.filter(mentee=b_mentee, mentor=a_mentor).exists()
    )
    if clash or a_mentee.user_id == b_mentor.user_id or b_mentee.user_id == a_mentor.user_id:
        raise DomainError("That swap would pair someone twice or with themself.", field="other")
    for target, mentor in ((pair, b_mentor), (other, a_mentor)):
        fields = pair_explanation(match_round=match_round, mentee=target.mentee, mentor=mentor)
        ProposedPair.objects.filter(pk=target.pk).update(
            mentor=mentor, source=PairSource.MANUAL, **fields
        )
    _adjusted(
        actor,
        match_round,
        "match_round.pair_swap",
        {"pairs": [str(pair.public_id), str(other.public_id)]},
    )


@transaction.atomic
def round_publish(
    *, actor: Any, match_round: MatchRound, publish_as: str | None = None
) -> MatchRound:
    """Publish the proposal in the background: start the mentorships (or send the
    requests) pair by pair, then tell everyone (R22).

    A round ready for review starts publishing; a round still publishing (the worker
    stopped part-way, or a click again) is published again with its first choice: pairs
    already published are never published twice (`runner.round_publish_run`). The task
    gets the round's id only.
    """
    _check_round(actor, match_round)
    match_round = _lock(match_round)
    if match_round.status == RoundStatus.READY:
        publish_as = publish_as or match_round.settings.get("publish_as", PublishAs.MENTORSHIPS)
        if publish_as not in PublishAs.values:
            raise DomainError("Choose mentorships or requests.", field="publish_as")
        match_round.status = RoundStatus.PUBLISHING
        match_round.published_by = actor
        match_round.report = {**match_round.report, "publishing": {"as": str(publish_as)}}
        action, data = "match_round.publish_start", {"as": str(publish_as)}
    elif match_round.status == RoundStatus.PUBLISHING:
        action, data = "match_round.publish_retry", {}
    else:
        raise DomainError("Only a proposal ready for review can be published.", code="state")
    match_round.progress = 0
    match_round.step = "Waiting for the worker"
    match_round.error = ""
    match_round.save()
    audit_record(
        actor=actor,
        action=action,
        target=match_round,
        institution=match_round.institution,
        data={**data, "pairs": match_round.pairs.count()},
    )
    round_id = str(match_round.public_id)
    transaction.on_commit(lambda: match_round_publish.enqueue(round_id))
    return match_round


def round_export(*, actor: Any, match_round: MatchRound, part: str) -> dict[str, Any]:
    """The round in the engine's JSON formats, each export audited (R22, R36; decision 0007).

    `instance`: the copy of the `quiltmatch-instance/1` input its managers may see
    (`matching.rounds.instance_redacted`): each person's attributes cut by the profiles
    rule to what `actor` may see, no eligibility, no background preferences. Solving it
    runs, and its result imports, but need not give the engine's proposal.
    `engine`: the full input (readiness as the last run recorded it) that `python -m
    quiltmatch solve` turns into the engine's proposal again; its fingerprint is the
    round's. Platform staff only, as a reveal of private attributes and eligibility.
    `proposal`: the current pairs, hand adjustments included, as `quiltmatch-result/1`.
    Ids are the round's pseudonymous keys (e1.., m1..), never user ids.
    """
    _check_round(actor, match_round)
    audit: dict[str, Any] = {}
    if part == "engine":
        if not user_reads_engine_input(user=actor):
            raise PermissionDenied("Only platform staff get a round's full engine input.")
        instance = build_instance(match_round, recorded=True)
        # A staff reveal of everyone's attributes, audited as such by the profiles rule.
        visible_attribute_codes(
            viewer=actor,
            owner_ids=[p.user_id for p in [*instance.mentees, *instance.mentors]],
            reveal=True,
            audit_target=match_round,
        )
        data = instance.data
        fingerprint = instance.fingerprint
        audit = {"scope": "all", "eligibility": True}
    elif part == "instance":
        instance = build_instance(match_round, recorded=True)
        people = [p.user_id for p in [*instance.mentees, *instance.mentors]]
        visible = visible_attribute_codes(viewer=actor, owner_ids=people, audit_target=match_round)
        data = instance_redacted(instance, visible=visible)
        fingerprint = instance.fingerprint
        audit = {"scope": "shown"}
    else:
        mentees, mentors = member_keys(match_round)
        mentee_of = {m.pk: k for k, m in mentees.items()}
        mentor_of = {m.pk: k for k, m in mentors.items()}
        pairs = list(match_round.pairs.order_by("mentee_id", "rank", "id"))
        paired = {p.mentee_id for p in pairs}
        data = {
            "format": "quiltmatch-result/1",
            "version": match_round.engine_version or ENGINE_VERSION,
            "mode": match_round.settings.get("mode", "optimal"),
            "pairs": [
                {
                    "mentee": mentee_of[p.mentee_id],
                    "mentor": mentor_of[p.mentor_id],
                    "score": p.score,
                    "round": p.rank,
                    "fixed": p.source != PairSource.ENGINE,
                }
                for p in pairs
            ],
            "unmatched": [
                k for k, m in mentees.items() if m.ready and m.wants and m.pk not in paired
            ],
            "report": round_report(match_round=match_round).as_dict(),
            "config": match_round.report.get("config", {}),
        }
        fingerprint = match_round.input_fingerprint
    audit_record(
        actor=actor,
        action="match_round.export",
        target=match_round,
        institution=match_round.institution,
        data={"part": part, "fingerprint": fingerprint, **audit},
    )
    return data


@transaction.atomic
def round_import(*, actor: Any, match_round: MatchRound, raw: Any) -> int:
    """Replace the proposal with the pairs of a `quiltmatch-result/1` file of this round
    (for example solved offline with `python -m quiltmatch solve`). Capacity, wants and
    readiness are checked as for pairs set by hand."""
    match_round = _editable_pairs(actor, match_round)
    try:
        rows = result_pairs_from_json(raw)
    except (ValueError, KeyError, TypeError) as exc:
        raise DomainError(f"That is not a result file of the engine: {exc}") from exc
    mentees, mentors = member_keys(match_round)
    seen: set[tuple[str, str]] = set()
    per_mentee: Counter[str] = Counter()
    per_mentor: Counter[str] = Counter()
    for a, b, _, _ in rows:
        if a not in mentees or b not in mentors:
            raise DomainError(f"The pair {a}, {b} names someone not in this round.")
        if not (mentees[a].ready and mentors[b].ready):
            raise DomainError(f"The pair {a}, {b} names someone not ready (R5, R12).")
        if (a, b) in seen:
            raise DomainError(f"The pair {a}, {b} is listed twice.")
        seen.add((a, b))
        per_mentee[a] += 1
        per_mentor[b] += 1
    for b, n in per_mentor.items():
        if n > mentors[b].capacity - mentors[b].load:
            raise DomainError(f"Mentor {b} gets more mentees than their free places.")
    for a, n in per_mentee.items():
        if n > mentees[a].wants:
            raise DomainError(f"Mentee {a} gets more mentors than they want.")
    fields = explain_all(match_round, [(a, b) for a, b, _, _ in rows])
    match_round.pairs.all().delete()
    ProposedPair.objects.bulk_create(
        ProposedPair(
            round=match_round,
            mentee=mentees[a],
            mentor=mentors[b],
            rank=rank,
            source=PairSource.IMPORTED,
            **extra,
        )
        for (a, b, _, rank), extra in zip(rows, fields, strict=True)
    )
    _adjusted(actor, match_round, "match_round.import", {"pairs": len(rows)})
    return len(rows)
