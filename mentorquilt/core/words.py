"""Putting names from the taxonomies into sentences without breaking them."""

from __future__ import annotations


def in_sentence(name: str) -> str:
    """A label as it reads inside a sentence: 'Race or ethnicity' -> 'race or ethnicity'.

    Only the first letter changes, and only when the first word is not written in
    capitals of its own: 'LGBTQ+', 'MCAT preparation' and 'DACA' keep their case.
    """
    first = name.split(" ", 1)[0]
    if len(first) > 1 and not first[1:].islower():
        return name
    return name[:1].lower() + name[1:]
