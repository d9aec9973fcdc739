"""JSON API of coordinator pairing rounds (R22, R23, B2).

Coordinators and admins of the round's institution and platform staff; anyone else
gets 404 (a round's existence is not disclosed). The full engine input is for staff
only. A run is a background job: start it, then poll the round's `status` and `progress`.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from django.http import Http404
from ninja import Query, Router

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.api import paginate
from mentorquilt.core.errors import DomainError
from mentorquilt.core.schemas import PageQuery, with_errors
from mentorquilt.pairing import services
from mentorquilt.pairing.models import MatchRound
from mentorquilt.pairing.schemas import (
    AdjustIn,
    ProposalOut,
    PublishIn,
    RoundIn,
    RoundOut,
    RoundPage,
    WeightsIn,
)
from mentorquilt.pairing.selectors import (
    pair_reasons,
    round_get_managed,
    round_institutions,
    round_left_out,
    round_list_managed,
    round_pairs,
    round_report,
    round_unmatched,
    user_reads_engine_input,
    user_runs_rounds,
)

router = Router(tags=["pairing"])


def _out(r: MatchRound) -> dict[str, Any]:
    return {
        "public_id": r.public_id,
        "institution_id": r.institution.public_id,
        "name": r.name,
        "status": r.status,
        "progress": r.progress,
        "step": r.step,
        "error": r.error,
        "settings": r.settings,
        "engine_version": r.engine_version,
        "input_fingerprint": r.input_fingerprint,
        "created_at": r.created_at,
        "published_at": r.published_at,
        "published": r.report.get("published"),
    }


def _person(user: Any) -> dict[str, Any]:
    return {"public_id": user.public_id, "name": user.name}


def _runner(request: AuthedRequest) -> None:
    if not user_runs_rounds(user=request.user):
        raise Http404


@router.get(
    "/pairing/rounds", response=with_errors({200: RoundPage}), operation_id="pairing_round_list"
)
def round_list(request: AuthedRequest, page: Query[PageQuery]) -> Any:
    _runner(request)
    out = paginate(round_list_managed(user=request.user), page)
    out["items"] = [_out(r) for r in out["items"]]
    return out


@router.post(
    "/pairing/rounds",
    response=with_errors({201: RoundOut}),
    operation_id="pairing_round_create",
)
def round_create(request: AuthedRequest, body: RoundIn) -> Any:
    _runner(request)
    institution = round_institutions(user=request.user).filter(public_id=body.institution_id)
    if not institution.exists():
        raise Http404
    created = services.round_create(
        actor=request.user,
        institution=institution.get(),
        name=body.name,
        settings={
            "mode": body.mode,
            "cap": body.cap,
            "wants": body.wants,
            "weights": (body.weights or WeightsIn()).model_dump(),  # type: ignore[call-arg]
            "publish_as": body.publish_as,
        },
        training_stage=body.training_stage,
        keep=[list(p) for p in body.keep],
        forbid=[list(p) for p in body.forbid],
    )
    return 201, _out(created)


@router.get(
    "/pairing/rounds/{round_id}",
    response=with_errors({200: RoundOut}),
    operation_id="pairing_round_status",
)
def round_status(request: AuthedRequest, round_id: UUID) -> Any:
    return _out(round_get_managed(user=request.user, public_id=round_id))


@router.post(
    "/pairing/rounds/{round_id}/run",
    response=with_errors({202: RoundOut}),
    operation_id="pairing_round_run",
)
def round_run(request: AuthedRequest, round_id: UUID) -> Any:
    match_round = round_get_managed(user=request.user, public_id=round_id)
    return 202, _out(services.round_start(actor=request.user, match_round=match_round))


def _proposal(request: AuthedRequest, match_round: MatchRound) -> dict[str, Any]:
    pairs = list(round_pairs(match_round=match_round))
    told = pair_reasons(viewer=request.user, match_round=match_round, pairs=pairs)
    return {
        "status": match_round.status,
        "pairs": [
            {
                "public_id": p.public_id,
                "mentee": _person(p.mentee.user),
                "mentor": _person(p.mentor.user),
                "score": p.score,
                "rank": p.rank,
                "source": p.source,
                "reasons": told[p.pk],
            }
            for p in pairs
        ],
        "unmatched": [_person(m.user) for m in round_unmatched(match_round=match_round)],
        "left_out": [
            {
                "public_id": x.public_id,
                "name": x.name,
                "role": x.role,
                "reasons": x.reasons,
                "link": x.link,
            }
            for x in round_left_out(match_round=match_round)
        ],
        "figures": round_report(match_round=match_round).as_dict(),
    }


@router.get(
    "/pairing/rounds/{round_id}/proposal",
    response=with_errors({200: ProposalOut}),
    operation_id="pairing_round_proposal",
)
def round_proposal(request: AuthedRequest, round_id: UUID) -> Any:
    return _proposal(request, round_get_managed(user=request.user, public_id=round_id))


@router.post(
    "/pairing/rounds/{round_id}/adjust",
    response=with_errors({200: ProposalOut}),
    operation_id="pairing_round_adjust",
)
def round_adjust(request: AuthedRequest, round_id: UUID, body: AdjustIn) -> Any:
    match_round = round_get_managed(user=request.user, public_id=round_id)
    if body.action == "add":
        mentee = mentor = None
        if body.mentee and body.mentor:
            mentee = match_round.mentees.filter(user__public_id=body.mentee).first()
            mentor = match_round.mentors.filter(user__public_id=body.mentor).first()
        if mentee is None or mentor is None:
            raise DomainError("Name a mentee and a mentor of this round.", field="mentee")
        services.pair_add(actor=request.user, match_round=match_round, mentee=mentee, mentor=mentor)
    else:
        pair = match_round.pairs.filter(public_id=body.pair).first() if body.pair else None
        if pair is None:
            raise DomainError("Name a pair of this round.", field="pair")
        if body.action == "remove":
            services.pair_remove(actor=request.user, pair=pair)
        else:
            other = match_round.pairs.filter(public_id=body.other).first() if body.other else None
            if other is None:
                raise DomainError("Name the other pair.", field="other")
            services.pair_swap(actor=request.user, pair=pair, other=other)
    match_round.refresh_from_db()
    return _proposal(request, match_round)


@router.post(
    "/pairing/rounds/{round_id}/publish",
    response=with_errors({202: RoundOut}),
    operation_id="pairing_round_publish",
)
def round_publish(request: AuthedRequest, round_id: UUID, body: PublishIn) -> Any:
    """Publish the proposal in the background (no confirmation here: calling is the
    decision). Poll the round until `status` is `published`; `published` then holds the
    counts. Calling it again while the round is still publishing publishes the rest:
    pairs already published are never published twice."""
    match_round = round_get_managed(user=request.user, public_id=round_id)
    started = services.round_publish(
        actor=request.user, match_round=match_round, publish_as=body.publish_as
    )
    return 202, _out(started)


@router.get(
    "/pairing/rounds/{round_id}/export",
    response=with_errors({200: dict[str, Any]}),
    operation_id="pairing_round_export",
)
def round_export(
    request: AuthedRequest, round_id: UUID, part: Literal["instance", "proposal"] = "instance"
) -> Any:
    """The round in the engine's JSON formats: `instance` (quiltmatch-instance/1 with only
    what the caller may see: attributes each person shows, no eligibility or background
    preferences; `"redacted": true`) or `proposal` (quiltmatch-result/1)."""
    match_round = round_get_managed(user=request.user, public_id=round_id)
    return services.round_export(actor=request.user, match_round=match_round, part=part)


@router.get(
    "/pairing/rounds/{round_id}/engine-input",
    response=with_errors({200: dict[str, Any]}),
    operation_id="pairing_round_engine_input",
)
def round_engine_input(request: AuthedRequest, round_id: UUID) -> Any:
    """Platform staff only (404 for everyone else): the full quiltmatch-instance/1 input of
    the last run, hidden attributes and eligibility included, that `python -m quiltmatch
    solve` turns into the engine's proposal again (its fingerprint is the round's).
    Audited as a reveal."""
    match_round = round_get_managed(user=request.user, public_id=round_id)
    if not user_reads_engine_input(user=request.user):
        raise Http404
    return services.round_export(actor=request.user, match_round=match_round, part="engine")
