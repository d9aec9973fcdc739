"""Synthetic, reproducible populations for tests, benchmarks and research demos.

No real person is described: ids are integers and every attribute is drawn at random with
proportions loosely shaped like a national pipeline program (few URiM and first-generation
mentors, many URiM and first-generation mentees, popular and rare needs, mostly US time
zones). :data:`LABELS` gives words for the codes used here.
"""

from __future__ import annotations

import numpy as np

from quiltmatch.types import Attribute, Labels, Mentee, Mentor

# affinity dimensions: code -> (label, categories, share of mentors, share of mentees)
_DIMS: dict[int, tuple[str, tuple[str, ...]]] = {
    0: (
        "race and ethnicity",
        (
            "Black or African American",
            "Hispanic or Latino",
            "American Indian or Alaska Native",
            "Native Hawaiian or Pacific Islander",
            "Asian",
            "White",
            "Middle Eastern or North African",
        ),
    ),
    1: ("first generation", ("first-generation college",)),
    2: ("income background", ("raised in a low-income household",)),
    3: ("gender", ("woman", "man", "nonbinary")),
    4: ("LGBTQ+", ("LGBTQ+",)),
    5: ("language", ("Spanish", "Vietnamese", "Tagalog", "Haitian Creole", "Arabic", "ASL")),
    6: ("immigration", ("immigrant or DACA experience",)),
    7: ("origin", ("rural origin",)),
    8: ("parenthood", ("parent",)),
    9: ("military", ("veteran",)),
    10: ("disability", ("disability",)),
}
_URIM_RACE = (0, 1, 2, 3)
_NEEDS = (
    "residency applications",
    "research",
    "MCAT preparation",
    "medical school applications",
    "personal statement",
    "interview practice",
    "financial aid",
    "study skills",
    "wellness and burnout",
    "imposter feelings",
    "choosing a specialty",
    "step 1 preparation",
    "leadership",
    "networking",
    "transfer to a four-year school",
    "clinical experience",
    "family obligations",
    "publishing",
    "away rotations",
    "career after training",
)
_TRACKS = ("MD", "DO", "nursing", "pharmacy", "physician assistant")
_TRACK_P = (0.6, 0.2, 0.1, 0.05, 0.05)
_FORMATS = ("in person", "video", "phone")
_TZ = (-600, -540, -480, -420, -360, -300, -240)
_TZ_P = (0.01, 0.02, 0.18, 0.08, 0.28, 0.42, 0.01)

LABELS = Labels(
    dimensions={d: label for d, (label, _) in _DIMS.items()},
    categories={(d, c): cat for d, (_, cats) in _DIMS.items() for c, cat in enumerate(cats)},
    needs=dict(enumerate(_NEEDS)),
    specialties={s: f"specialty {s}" for s in range(30)},
    tracks=dict(enumerate(_TRACKS)),
    formats=dict(enumerate(_FORMATS)),
)


def _attrs(
    rng: np.random.Generator, urim: bool, fg: bool, li: bool, consent: float
) -> list[Attribute]:
    out: list[Attribute] = []
    race = int(rng.choice(_URIM_RACE)) if urim else int(rng.choice((4, 5, 6), p=(0.35, 0.55, 0.1)))
    pairs = [(0, race), (3, int(rng.choice(3, p=(0.6, 0.37, 0.03))))]
    if fg:
        pairs.append((1, 0))
    if li:
        pairs.append((2, 0))
    for dim, p in ((4, 0.1), (6, 0.15), (7, 0.15), (8, 0.1), (9, 0.03), (10, 0.05)):
        if rng.random() < p:
            pairs.append((dim, 0))
    if rng.random() < (0.45 if race == 1 else 0.12):
        langs = [0] if race == 1 else [int(rng.integers(0, 6))]
        if rng.random() < 0.15:
            langs.append(int(rng.integers(0, 6)))
        pairs.extend((5, c) for c in set(langs))
    for d, c in pairs:
        out.append(Attribute(d, c, consented=bool(rng.random() < consent)))
    return out


def mentors(n: int, seed: int = 0, institutions: int = 200) -> list[Mentor]:
    """``n`` synthetic mentors (ids 0..n-1): 20% URiM, 15% first generation, capacity 1-3."""
    rng = np.random.default_rng([seed, 1])
    need_p = np.linspace(2.0, 0.5, len(_NEEDS))
    need_p /= need_p.sum()
    out = []
    for j in range(n):
        urim = bool(rng.random() < 0.2)
        fg = bool(rng.random() < (0.35 if urim else 0.12))
        li = bool(rng.random() < (0.3 if urim else 0.1))
        cap = int(rng.choice((1, 2, 3), p=(0.3, 0.4, 0.3)))
        history = rng.random() < 0.8
        answered = int(rng.integers(1, 25)) if history else 0
        lapsed = int(rng.binomial(answered, 0.08)) if history else 0
        out.append(
            Mentor(
                id=j,
                capacity=cap,
                load=int(rng.integers(0, cap)) if rng.random() < 0.2 else 0,
                institution=int(rng.integers(0, institutions)),
                national=bool(rng.random() < 0.7),
                ready=bool(rng.random() < 0.97),
                suspended=bool(rng.random() < 0.01),
                attributes=tuple(_attrs(rng, urim, fg, li, 0.85)),
                areas=frozenset(
                    int(x) for x in rng.choice(len(_NEEDS), rng.integers(3, 7), False, need_p)
                ),
                specialties=frozenset(int(x) for x in rng.choice(30, rng.integers(1, 3), False)),
                tracks=frozenset(
                    int(x) for x in rng.choice(5, rng.integers(1, 3), False, _TRACK_P)
                ),
                tz_offset_minutes=int(rng.choice(_TZ, p=_TZ_P)),
                formats=frozenset(int(x) for x in rng.choice(3, rng.integers(1, 4), False)),
                response_days=float(np.round(rng.lognormal(0.8, 0.7), 1)) if history else None,
                answered=answered,
                lapsed=lapsed,
                urim=urim,
            )
        )
    return out


def mentees(n: int, seed: int = 0, institutions: int = 200, wants: int = 1) -> list[Mentee]:
    """``n`` synthetic mentees (ids 0..n-1), each in at least one tracked group (R11):
    60% URiM, 50% first generation, 45% low income."""
    rng = np.random.default_rng([seed, 2])
    need_p = np.linspace(1.0, 1.5, len(_NEEDS))
    need_p /= need_p.sum()
    out = []
    for i in range(n):
        urim = bool(rng.random() < 0.6)
        fg = bool(rng.random() < 0.5)
        li = bool(rng.random() < 0.45)
        if not (urim or fg or li):
            fg = True
        attrs = _attrs(rng, urim, fg, li, 0.9)
        dims = sorted({a.dimension for a in attrs})
        chosen = rng.choice(dims, min(len(dims), int(rng.integers(1, 5))), replace=False)
        weights = {int(d): float(rng.integers(1, 4)) for d in chosen}
        must = frozenset({5}) if 5 in weights and rng.random() < 0.3 else frozenset()
        out.append(
            Mentee(
                id=i,
                institution=int(rng.integers(0, institutions)),
                attributes=tuple(attrs),
                affinity_weights=weights,
                must_share=must,
                needs=tuple(
                    int(x) for x in rng.choice(len(_NEEDS), rng.integers(1, 5), False, need_p)
                ),
                specialties=frozenset(int(x) for x in rng.choice(30, rng.integers(0, 3), False)),
                track=int(rng.choice(5, p=_TRACK_P)),
                tz_offset_minutes=int(rng.choice(_TZ, p=_TZ_P)),
                formats=frozenset(int(x) for x in rng.choice(3, rng.integers(0, 3), False)),
                wants=wants,
                urim=urim,
                first_gen=fg,
                low_income=li,
            )
        )
    return out
