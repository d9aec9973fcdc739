"""The JSON formats of the command-line interface (documented in README.md).

An instance is either *scored* (it has ``pairs`` or preference lists: solved as given) or
a *profile* instance (mentors and mentees with attributes: scored by the engine first).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from quiltmatch import __version__
from quiltmatch.types import (
    Attribute,
    Explanation,
    Id,
    Instance,
    Labels,
    MatchConfig,
    Mentee,
    Mentor,
    Result,
    Weights,
)

INSTANCE_FORMAT = "quiltmatch-instance/1"
RESULT_FORMAT = "quiltmatch-result/1"

_MENTOR_FIELDS = {f.name for f in dataclasses.fields(Mentor)}
_MENTEE_FIELDS = {f.name for f in dataclasses.fields(Mentee)}
_PROFILE_KEYS = {
    "attributes",
    "areas",
    "specialties",
    "tracks",
    "track",
    "needs",
    "affinity_weights",
    "must_share",
    "tz_offset_minutes",
    "formats",
    "response_days",
    "answered",
    "lapsed",
    "institution",
    "national",
    "ready",
    "suspended",
    "excluded",
    "current_mentors",
}


def _id(value: Any, what: str) -> Id:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{what}: ids must be integers or strings, got {value!r}")
    return value


def _attributes(raw: Sequence[Any]) -> tuple[Attribute, ...]:
    out = []
    for a in raw:
        if isinstance(a, Mapping):
            out.append(
                Attribute(int(a["dimension"]), int(a["category"]), bool(a.get("consented", True)))
            )
        else:
            out.append(Attribute(int(a[0]), int(a[1]), bool(a[2]) if len(a) > 2 else True))
    return tuple(out)


def _int_map(raw: Any) -> dict[int, float]:
    items = raw.items() if isinstance(raw, Mapping) else raw
    return {int(k): float(v) for k, v in items}


def _person(raw: Mapping[str, Any], fields: set[str], what: str) -> dict[str, Any]:
    unknown = set(raw) - fields - {"preferences"}
    if unknown:
        raise ValueError(f"{what} {raw.get('id')!r}: unknown fields {sorted(unknown)}")
    kw: dict[str, Any] = {k: v for k, v in raw.items() if k != "preferences"}
    kw["id"] = _id(raw.get("id"), what)
    if "attributes" in kw:
        kw["attributes"] = _attributes(kw["attributes"])
    for name in ("areas", "specialties", "tracks", "formats", "must_share"):
        if name in kw:
            kw[name] = frozenset(int(x) for x in kw[name])
    for name in ("excluded", "current_mentors"):
        if name in kw:
            kw[name] = frozenset(_id(x, what) for x in kw[name])
    if "needs" in kw:
        kw["needs"] = tuple(int(x) for x in kw["needs"])
    if "affinity_weights" in kw:
        kw["affinity_weights"] = _int_map(kw["affinity_weights"])
    return kw


def labels_from_json(raw: Mapping[str, Any] | None) -> Labels:
    """Labels from ``{"dimensions": [[code, label]], "categories": [[dim, cat, label]],
    "needs": ..., "specialties": ..., "tracks": ..., "formats": ...}``."""
    raw = raw or {}
    simple = {
        name: {int(c): str(label) for c, label in raw.get(name, ())}
        for name in ("dimensions", "needs", "specialties", "tracks", "formats")
    }
    cats = {(int(d), int(c)): str(label) for d, c, label in raw.get("categories", ())}
    return Labels(categories=cats, **simple)


def labels_to_json(labels: Labels) -> dict[str, Any]:
    out: dict[str, Any] = {
        name: [[k, v] for k, v in sorted(getattr(labels, name).items())]
        for name in ("dimensions", "needs", "specialties", "tracks", "formats")
    }
    out["categories"] = [[d, c, v] for (d, c), v in sorted(labels.categories.items())]
    return out


def config_from_json(raw: Mapping[str, Any] | None, **overrides: Any) -> MatchConfig:
    """A MatchConfig from a JSON object (unknown keys are an error) plus overrides."""
    kw = dict(raw or {})
    kw.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(kw) - {f.name for f in dataclasses.fields(MatchConfig)}
    if unknown:
        raise ValueError(f"config: unknown fields {sorted(unknown)}")
    if "load_costs" in kw:
        kw["load_costs"] = tuple(float(x) for x in kw["load_costs"])
    return MatchConfig(**kw)


def is_profile_instance(raw: Mapping[str, Any]) -> bool:
    """True when the instance must be scored by the engine (no pairs, no preference lists)."""
    if raw.get("pairs") is not None:
        return False
    people = [*raw.get("mentors", ()), *raw.get("mentees", ())]
    return not any("preferences" in p for p in people)


def instance_from_json(raw: Mapping[str, Any]) -> Instance:
    """A scored :class:`Instance` from the JSON instance format."""
    mentors = [Mentor(**_person(p, _MENTOR_FIELDS, "mentor")) for p in raw.get("mentors", ())]
    mentees = [Mentee(**_person(p, _MENTEE_FIELDS, "mentee")) for p in raw.get("mentees", ())]
    pairs = raw.get("pairs")
    return Instance(
        mentors=tuple(mentors),
        mentees=tuple(mentees),
        pairs=None
        if pairs is None
        else tuple((_id(a, "pair"), _id(b, "pair"), float(s)) for a, b, s in pairs),
        mentee_preferences={
            _id(p["id"], "mentee"): tuple(_id(x, "preference") for x in p["preferences"])
            for p in raw.get("mentees", ())
            if "preferences" in p
        },
        mentor_preferences={
            _id(p["id"], "mentor"): tuple(_id(x, "preference") for x in p["preferences"])
            for p in raw.get("mentors", ())
            if "preferences" in p
        },
        fixed=tuple((_id(a, "fixed"), _id(b, "fixed")) for a, b in raw.get("fixed", ())),
        forbidden=tuple(
            (_id(a, "forbidden"), _id(b, "forbidden")) for a, b in raw.get("forbidden", ())
        ),
    )


def profiles_from_json(
    raw: Mapping[str, Any],
) -> tuple[list[Mentor], list[Mentee], Weights, Labels]:
    """Mentors, mentees, weights and labels of a profile instance."""
    mentors = [Mentor(**_person(p, _MENTOR_FIELDS, "mentor")) for p in raw.get("mentors", ())]
    mentees = [Mentee(**_person(p, _MENTEE_FIELDS, "mentee")) for p in raw.get("mentees", ())]
    weights = Weights(**{k: float(v) for k, v in (raw.get("weights") or {}).items()})
    return mentors, mentees, weights, labels_from_json(raw.get("labels"))


def _person_to_json(person: Mentor | Mentee) -> dict[str, Any]:
    out: dict[str, Any] = {}
    default = type(person)(id=person.id)
    for f in dataclasses.fields(person):
        value = getattr(person, f.name)
        if f.name != "id" and value == getattr(default, f.name):
            continue
        if f.name == "attributes":
            value = [[a.dimension, a.category, a.consented] for a in value]
        elif f.name == "affinity_weights":
            value = [[k, v] for k, v in sorted(value.items())]
        elif isinstance(value, frozenset):
            value = sorted(value, key=lambda x: (isinstance(x, str), x))
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def profiles_to_json(
    mentors: Sequence[Mentor],
    mentees: Sequence[Mentee],
    *,
    weights: Weights | None = None,
    labels: Labels | None = None,
    config: MatchConfig | None = None,
) -> dict[str, Any]:
    """A profile instance as JSON-ready data (the inverse of :func:`profiles_from_json`)."""
    out: dict[str, Any] = {"format": INSTANCE_FORMAT}
    if config is not None:
        out["config"] = config_to_json(config)
    if weights is not None:
        out["weights"] = dataclasses.asdict(weights)
    if labels is not None:
        out["labels"] = labels_to_json(labels)
    out["mentors"] = [_person_to_json(m) for m in mentors]
    out["mentees"] = [_person_to_json(m) for m in mentees]
    return out


def config_to_json(config: MatchConfig) -> dict[str, Any]:
    out = dataclasses.asdict(config)
    out["load_costs"] = list(config.load_costs)
    return out


def result_to_json(result: Result) -> dict[str, Any]:
    """A result as JSON-ready data: pairs, unmatched mentees, objective, blocking pairs,
    the full report and the configuration that produced it."""
    report = dataclasses.asdict(result.report)
    report["load_histogram"] = [list(x) for x in result.report.load_histogram]
    return {
        "format": RESULT_FORMAT,
        "version": result.version or __version__,
        "mode": result.mode,
        "pairs": [
            {
                "mentee": p.mentee_id,
                "mentor": p.mentor_id,
                "score": p.score,
                "round": p.round,
                "fixed": p.fixed,
            }
            for p in result.pairs
        ],
        "unmatched": list(result.unmatched),
        "objective": result.report.objective,
        "blocking_pairs": [list(b) for b in result.blocking],
        "report": report,
        "config": config_to_json(result.config),
    }


def explanation_to_json(exp: Explanation) -> dict[str, Any]:
    data = dataclasses.asdict(exp)
    data["shared"] = [list(x) for x in exp.shared]
    return data
