"""Pages of coordinator pairing rounds (R22, R23, B2).

Coordinators and admins of the round's institution and platform staff only; everyone
else gets 404 (a round's existence is not disclosed). Writes go through services.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.errors import DomainError
from mentorquilt.core.forms import add_domain_error
from mentorquilt.pairing import services
from mentorquilt.pairing.forms import PublishForm, RoundCreateForm
from mentorquilt.pairing.models import MatchRound, ProposedPair, PublishAs, RoundStatus
from mentorquilt.pairing.selectors import (
    pair_reasons,
    round_get_managed,
    round_institutions,
    round_left_out,
    round_list_managed,
    round_mentors_with_room,
    round_pairs,
    round_report,
    round_unmatched,
    training_stages,
    user_reads_engine_input,
    user_runs_rounds,
)


def _require_runner(request: AuthedRequest) -> None:
    if not user_runs_rounds(user=request.user):
        raise Http404("No such page.")


def _round(request: AuthedRequest, round_id: Any) -> MatchRound:
    return round_get_managed(user=request.user, public_id=round_id)


def _pair(match_round: MatchRound, pair_id: Any) -> ProposedPair:
    pair = match_round.pairs.filter(public_id=pair_id).first()
    if pair is None:
        raise Http404("No such pair.")
    return pair


def _back(match_round: MatchRound, anchor: str = "") -> HttpResponse:
    return redirect(
        reverse("pairing_round_detail", kwargs={"round_id": match_round.public_id}) + anchor
    )


@login_required
def round_list(request: AuthedRequest) -> HttpResponse:
    _require_runner(request)
    rounds = round_list_managed(user=request.user)[:100]
    return render(request, "pairing/round_list.html", {"rounds": rounds})


@login_required
def round_create(request: AuthedRequest) -> HttpResponse:
    _require_runner(request)
    institutions = list(round_institutions(user=request.user))
    form = RoundCreateForm(
        request.POST or None, institutions=institutions, stages=training_stages()
    )
    if request.method == "POST" and form.is_valid():
        try:
            match_round = services.round_create(
                actor=request.user,
                institution=form.institutions[form.cleaned_data["institution"]],
                name=form.cleaned_data["name"],
                settings=form.settings(),
                training_stage=form.cleaned_data["training_stage"],
                keep=form.cleaned_data["keep"],
                forbid=form.cleaned_data["forbid"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Round created. Run it to see a proposal.")
            return redirect("pairing_round_detail", round_id=match_round.public_id)
    return render(request, "pairing/round_create.html", {"form": form})


PER_PAGE = 50
SHOWING = (RoundStatus.READY, RoundStatus.PUBLISHING, RoundStatus.PUBLISHED)


def _filters(request: AuthedRequest) -> dict[str, str]:
    mentor = _uuid(request.GET.get("mentor"))
    return {
        "q": request.GET.get("q", "").strip()[:100],
        "mentor": str(mentor) if mentor else "",
        "show": "unmatched" if request.GET.get("show") == "unmatched" else "",
    }


def _query(filters: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in filters.items() if v})


@login_required
def round_detail(request: AuthedRequest, round_id: Any) -> HttpResponse:
    """The round: settings, progress, figures, who was left out and why, and the proposal
    (50 a page; filter by mentee name, by mentor, or only mentees without a mentor)."""
    match_round = _round(request, round_id)
    context: dict[str, Any] = {"round": match_round}
    if match_round.status in SHOWING:
        filters = _filters(request)
        unmatched = list(round_unmatched(match_round=match_round))
        if filters["show"]:
            listed: Any = [m for m in unmatched if filters["q"].lower() in m.user.name.lower()]
        else:
            listed = round_pairs(
                match_round=match_round, mentee_name=filters["q"], mentor=filters["mentor"]
            )
        page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
        rows: list[Any] = []
        if not filters["show"]:
            shown = list(page.object_list)
            told = pair_reasons(viewer=request.user, match_round=match_round, pairs=shown)
            rows = [(p, told[p.pk]) for p in shown]
        context.update(
            page=page,
            rows=rows,
            filters=filters,
            query=_query(filters),
            filtered=any(filters.values()),
            all_pairs=list(round_pairs(match_round=match_round)),
            round_mentors=list(
                match_round.mentors.filter(ready=True).select_related("user").order_by("user__name")
            ),
            engine_input=user_reads_engine_input(user=request.user),
            unmatched=unmatched,
            figures=round_report(match_round=match_round),
            mentors_with_room=round_mentors_with_room(match_round=match_round),
            publish_form=PublishForm(
                initial={"publish_as": match_round.settings.get("publish_as")}
            ),
        )
    left_out = round_left_out(match_round=match_round)
    context["left_out"] = left_out
    context["checklist_url"] = request.build_absolute_uri(reverse("onboarding_checklist"))
    context["cohort_size"] = match_round.mentees.count()
    context["mentor_count"] = match_round.mentors.count()
    context["left_out_mentees"] = sum(1 for x in left_out if x.role == "mentee")
    context["left_out_mentors"] = sum(1 for x in left_out if x.role == "mentor")
    return render(request, "pairing/round_detail.html", context)


@login_required
def round_progress(request: AuthedRequest, round_id: Any) -> HttpResponse:
    """The small partial the page polls while a run or a publish is going (htmx)."""
    match_round = _round(request, round_id)
    polling = match_round.status == RoundStatus.RUNNING or (
        match_round.status == RoundStatus.PUBLISHING and not match_round.error
    )
    if getattr(request, "htmx", False) and not polling:
        return HttpResponseClientRefresh()
    return render(request, "pairing/_progress.html", {"round": match_round})


def _domain_redirect(request: AuthedRequest, match_round: MatchRound, error: DomainError) -> Any:
    messages.error(request, error.message)
    return _back(match_round)


@login_required
@require_POST
def round_run(request: AuthedRequest, round_id: Any) -> HttpResponse:
    match_round = _round(request, round_id)
    try:
        services.round_start(actor=request.user, match_round=match_round)
    except DomainError as error:
        return _domain_redirect(request, match_round, error)
    return _back(match_round)


@login_required
@require_POST
def pair_remove(request: AuthedRequest, round_id: Any, pair_id: Any) -> HttpResponse:
    match_round = _round(request, round_id)
    pair = _pair(match_round, pair_id)
    try:
        services.pair_remove(actor=request.user, pair=pair)
    except DomainError as error:
        return _domain_redirect(request, match_round, error)
    messages.success(request, f"Removed {pair.mentee.user.name} and {pair.mentor.user.name}.")
    return _back(match_round, "#pairs-h")


@login_required
@require_POST
def pair_swap(request: AuthedRequest, round_id: Any) -> HttpResponse:
    match_round = _round(request, round_id)
    pair = match_round.pairs.filter(public_id=_uuid(request.POST.get("pair"))).first()
    other = match_round.pairs.filter(public_id=_uuid(request.POST.get("other"))).first()
    if pair is None or other is None:
        messages.error(request, "Choose two pairs of this round.")
        return _back(match_round, "#adjust-h")
    try:
        services.pair_swap(actor=request.user, pair=pair, other=other)
    except DomainError as error:
        return _domain_redirect(request, match_round, error)
    messages.success(request, "Swapped the two mentors.")
    return _back(match_round, "#pairs-h")


@login_required
@require_POST
def pair_add(request: AuthedRequest, round_id: Any) -> HttpResponse:
    match_round = _round(request, round_id)
    mentee = match_round.mentees.filter(user__public_id=_uuid(request.POST.get("mentee"))).first()
    mentor = match_round.mentors.filter(user__public_id=_uuid(request.POST.get("mentor"))).first()
    if mentee is None or mentor is None:
        messages.error(request, "Choose a mentee and a mentor of this round.")
        return _back(match_round, "#adjust-h")
    try:
        services.pair_add(actor=request.user, match_round=match_round, mentee=mentee, mentor=mentor)
    except DomainError as error:
        return _domain_redirect(request, match_round, error)
    messages.success(request, "Added the pair.")
    return _back(match_round, "#pairs-h")


def _uuid(value: Any) -> Any:
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@login_required
def round_publish(request: AuthedRequest, round_id: Any) -> HttpResponse:
    """Publishing asks first: GET (or a POST without `confirm`) shows what will happen,
    with the counts; the POST that confirms starts the background publish (no JavaScript
    needed). A round still publishing is published again the same way (a retry)."""
    match_round = _round(request, round_id)
    data = request.POST if request.method == "POST" else request.GET
    form = PublishForm(data)
    publish_as = (
        form.cleaned_data["publish_as"]
        if form.is_valid()
        else match_round.settings.get("publish_as", PublishAs.MENTORSHIPS)
    )
    if match_round.status == RoundStatus.PUBLISHING:
        publish_as = match_round.report.get("publishing", {}).get("as", publish_as)
    elif match_round.status != RoundStatus.READY:
        messages.error(request, "Only a proposal ready for review can be published.")
        return _back(match_round)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.round_publish(
                actor=request.user, match_round=match_round, publish_as=publish_as
            )
        except DomainError as error:
            return _domain_redirect(request, match_round, error)
        messages.success(request, "Publishing has started. This page shows how far it got.")
        return _back(match_round)
    figures = round_report(match_round=match_round)
    done = match_round.pairs.exclude(outcome="").count()
    left_out = round_left_out(match_round=match_round)
    return render(
        request,
        "pairing/round_publish.html",
        {
            "round": match_round,
            "publish_as": publish_as,
            "as_requests": publish_as == PublishAs.REQUESTS,
            "figures": figures,
            "pairs": figures.pairs,
            "done": done,
            "still": figures.pairs - done,
            "mentees_paired": figures.matched,
            "unmatched": figures.unmatched,
            "left_out": len(left_out),
            "retry": match_round.status == RoundStatus.PUBLISHING,
        },
    )


def _download(match_round: MatchRound, data: dict[str, Any], part: str) -> HttpResponse:
    response = JsonResponse(data, json_dumps_params={"indent": 1})
    response["Content-Disposition"] = (
        f'attachment; filename="round-{match_round.public_id}-{part}.json"'
    )
    return response


@login_required
def round_export(request: AuthedRequest, round_id: Any) -> HttpResponse:
    """The round as the engine's JSON: the managers' copy of the input (?part=instance,
    only what the reader may see) or the proposal."""
    match_round = _round(request, round_id)
    part = request.GET.get("part", "instance")
    if part not in ("instance", "proposal"):
        raise Http404("No such export.")
    data = services.round_export(actor=request.user, match_round=match_round, part=part)
    return _download(match_round, data, part)


@login_required
def round_engine_input(request: AuthedRequest, round_id: Any) -> HttpResponse:
    """The full engine input that reproduces the run: platform staff only (decision 0007)."""
    match_round = _round(request, round_id)
    if not user_reads_engine_input(user=request.user):
        raise Http404("No such export.")
    data = services.round_export(actor=request.user, match_round=match_round, part="engine")
    return _download(match_round, data, "engine-input")


@login_required
@require_POST
def round_import(request: AuthedRequest, round_id: Any) -> HttpResponse:
    """Replace the proposal with a result file in the engine's format."""
    match_round = _round(request, round_id)
    upload = request.FILES.get("result")
    try:
        if upload is None or (upload.size or 0) > 5_000_000:
            raise DomainError("Choose a result file (JSON, up to 5 MB).")
        try:
            raw = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DomainError("That file is not JSON.") from exc
        count = services.round_import(actor=request.user, match_round=match_round, raw=raw)
    except DomainError as error:
        return _domain_redirect(request, match_round, error)
    messages.success(request, f"Imported {count} pairs.")
    return _back(match_round, "#pairs-h")
