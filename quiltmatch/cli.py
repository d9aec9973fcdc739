"""Command-line interface: run and reproduce pairings outside the web app.

    python -m quiltmatch solve INSTANCE.json --mode optimal|stable|blended [--out RESULT.json]
    python -m quiltmatch explain INSTANCE.json --mentee ID [--mentor ID | --top K]
    python -m quiltmatch explain INSTANCE.json --result RESULT.json
    python -m quiltmatch generate --mentees N --mentors M [--seed S] [--out INSTANCE.json]

Formats: see quiltmatch/README.md. Exit status 0 on success, 2 on invalid input.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO

from quiltmatch import __version__, jsonio, synthetic
from quiltmatch.assign import pair_cohort, solve
from quiltmatch.recommend import recommend
from quiltmatch.scoring import MentorPool
from quiltmatch.types import Id, Result


def _load(path: str) -> dict[str, Any]:
    if path == "-":
        data = json.load(sys.stdin)
    else:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError("an instance is a JSON object")
    return data


def _dump(data: Any, path: str | None, out: TextIO) -> None:
    text = json.dumps(data, indent=1, ensure_ascii=False)
    if path is None or path == "-":
        out.write(text + "\n")
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")


def summary(result: Result) -> str:
    """A short plain-text summary of a result's report."""
    r = result.report
    lines = [
        f"quiltmatch {result.version} mode={result.mode}",
        f"mentees {r.mentees}, mentors {r.mentors}, pairs {r.pairs}",
        f"matched {r.matched}, unmatched {r.unmatched}, short of wanted {r.short}",
        f"total score {r.total_score:.6f}, mean {r.mean_score:.4f}, load cost {r.load_cost:.4f},"
        f" objective {r.objective:.6f}",
        f"blocking pairs {r.blocking_pairs}",
        "mentor load (mentees: mentors) " + ", ".join(f"{k}: {v}" for k, v in r.load_histogram),
        f"URiM mentors {r.urim_mentors}: mean load {r.urim_mean_load:.2f} vs others"
        f" {r.other_mean_load:.2f}; share of pairs {r.urim_share_of_pairs:.1%} vs share of"
        f" free capacity {r.urim_share_of_capacity:.1%}",
        f"match rate overall {r.overall_rate:.1%}; "
        + "; ".join(
            f"{g.group} {g.rate:.1%} ({g.gap * 100:+.1f} pt, n={g.size})" for g in r.groups
        ),
    ]
    return "\n".join(lines)


def _parse_id(text: str, known: set[Id]) -> Id:
    if text in known:
        return text
    try:
        as_int = int(text)
    except ValueError:
        return text
    return as_int if as_int in known else text


def cmd_solve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    raw = _load(args.instance)
    config = jsonio.config_from_json(
        raw.get("config"),
        mode=args.mode,
        blend=args.blend,
        candidates=args.candidates,
        fairness=args.fairness,
        load_costs=raw.get("load_costs"),
    )
    if args.no_floors:
        config = dataclasses.replace(config, group_tolerance=None)
    started = time.perf_counter()
    if jsonio.is_profile_instance(raw):
        mentors, mentees, weights, _ = jsonio.profiles_from_json(raw)
        fixed = [(a, b) for a, b in raw.get("fixed", ())]
        forbidden = [(a, b) for a, b in raw.get("forbidden", ())]
        pool = MentorPool(mentors, weights)
        result = pair_cohort(pool, mentees, config, fixed=fixed, forbidden=forbidden)
    else:
        result = solve(jsonio.instance_from_json(raw), config)
    elapsed = time.perf_counter() - started
    data = jsonio.result_to_json(result)
    data["seconds"] = round(elapsed, 6)
    if args.out:
        _dump(data, args.out, out)
        if not args.quiet:
            out.write(summary(result) + f"\nsolved in {elapsed:.3f} s -> {args.out}\n")
    else:
        _dump(data, None, out)
        if not args.quiet:
            err.write(summary(result) + f"\nsolved in {elapsed:.3f} s\n")
    return 0


def cmd_explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    raw = _load(args.instance)
    if not jsonio.is_profile_instance(raw):
        err.write("explain needs a profile instance (mentors and mentees with attributes)\n")
        return 2
    mentors, mentees, weights, labels = jsonio.profiles_from_json(raw)
    pool = MentorPool(mentors, weights)
    by_id = {m.id: m for m in mentees}
    mentor_ids = {m.id for m in mentors}
    items: list[dict[str, Any]] = []
    if args.result:
        result = _load(args.result)
        for p in result.get("pairs", ()):
            exp = pool.explain(by_id[p["mentee"]], p["mentor"], labels)
            items.append(jsonio.explanation_to_json(exp))
    else:
        if args.mentee is None:
            err.write("give --mentee ID (with --mentor ID or --top K) or --result FILE\n")
            return 2
        mentee = by_id.get(_parse_id(args.mentee, set(by_id)))
        if mentee is None:
            err.write(f"unknown mentee {args.mentee!r}\n")
            return 2
        if args.mentor is not None:
            mid = _parse_id(args.mentor, mentor_ids)
            if mid not in mentor_ids:
                err.write(f"unknown mentor {args.mentor!r}\n")
                return 2
            items.append(jsonio.explanation_to_json(pool.explain(mentee, mid, labels)))
        else:
            for rec in recommend(pool, mentee, k=args.top, labels=labels, need=args.need):
                items.append(jsonio.explanation_to_json(rec.explanation))
    if args.json:
        _dump(items, None, out)
    else:
        for item in items:
            out.write(
                f"{item['mentee_id']} -> {item['mentor_id']}: score {item['score']:.3f}\n"
                f"  {item['text']}\n"
                + "".join(
                    f"    {c['factor']:<15}{c['points']:.3f}"
                    f"  ({c['weight']:.2f} x {c['value']:.2f})\n"
                    for c in item["contributions"]
                )
            )
    return 0


def cmd_generate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    mentors = synthetic.mentors(args.mentors, args.seed)
    mentees = synthetic.mentees(args.mentees, args.seed, wants=args.wants)
    data = jsonio.profiles_to_json(mentors, mentees, labels=synthetic.LABELS)
    _dump(data, args.out, out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m quiltmatch", description="MentorQuilt matching engine"
    )
    parser.add_argument("--version", action="version", version=f"quiltmatch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("solve", help="pair a cohort (scored or profile instance)")
    p.add_argument("instance", help="instance JSON file, or - for stdin")
    p.add_argument("--mode", choices=("optimal", "stable", "blended"), default=None)
    p.add_argument("--out", help="write the result JSON here (default: stdout)")
    p.add_argument("--blend", type=float, default=None, help="lambda of the blended mode")
    p.add_argument("--candidates", type=int, default=None, help="candidates per mentee")
    p.add_argument("--fairness", choices=("none", "normalize"), default=None)
    p.add_argument("--no-floors", action="store_true", help="disable group floors")
    p.add_argument("--quiet", action="store_true", help="no summary")
    p.set_defaults(func=cmd_solve)
    e = sub.add_parser("explain", help="explain scores of a profile instance")
    e.add_argument("instance")
    e.add_argument("--mentee", help="mentee id")
    e.add_argument("--mentor", help="mentor id (default: the top recommendations)")
    e.add_argument("--top", type=int, default=5, help="recommendations to explain")
    e.add_argument("--need", type=int, default=None, help="only mentors covering this need")
    e.add_argument("--result", help="explain every pair of this result JSON")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.set_defaults(func=cmd_explain)
    g = sub.add_parser("generate", help="write a synthetic profile instance")
    g.add_argument("--mentees", type=int, default=500)
    g.add_argument("--mentors", type=int, default=200)
    g.add_argument("--wants", type=int, default=1)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--out")
    g.set_defaults(func=cmd_generate)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the CLI; returns the exit status."""
    args = build_parser().parse_args(argv)
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        status: int = args.func(args, out, err)
    except (ValueError, KeyError, TypeError, json.JSONDecodeError, OSError) as exc:
        err.write(f"error: {exc}\n")
        return 2
    return status
