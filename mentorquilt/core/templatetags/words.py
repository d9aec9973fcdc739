"""Small wording filters for templates: {% load words %}."""

from __future__ import annotations

import math

from django import template

from mentorquilt.core.words import in_sentence

register = template.Library()
register.filter("in_sentence", in_sentence)

VOWEL_SOUND = tuple("aeiou")


@register.filter
def with_article(noun: object) -> str:
    """'mentor' -> 'a mentor', 'institution admin' -> 'an institution admin'."""
    text = str(noun).strip()
    if not text:
        return ""
    return f"{'an' if text.lower().startswith(VOWEL_SOUND) else 'a'} {text}"


@register.filter
def answer_time(days: float | None) -> str:
    """A median answer time in days, as people say it: 'within a day', 'within 3 days'.

    The same wording as the engine's reasons (quiltmatch.scoring._responsiveness_text).
    """
    if days is None:
        return ""
    if days <= 1:
        return "within a day"
    return f"within {math.ceil(days)} days"
