"""One rule for what people are called (issue 10): the preferred name if set, else the
full name; a first-name shortening skips titles and never leaves a lone title."""

from __future__ import annotations

import pytest

from mentorquilt.accounts.models import User


@pytest.mark.parametrize(
    ("name", "preferred", "short", "display"),
    [
        ("Dr. Maria López", "", "Maria", "Dr. Maria López"),
        ("Dr Maria López", "", "Maria", "Dr Maria López"),
        ("Prof. Dr. Ana Ruiz", "", "Ana", "Prof. Dr. Ana Ruiz"),
        ("mx. Sam Lee", "", "Sam", "mx. Sam Lee"),
        ("Ms. Jo Park", "", "Jo", "Ms. Jo Park"),
        ("Mr.   Ben  Ode", "", "Ben", "Mr. Ben Ode"),
        ("Drew Barry", "", "Drew", "Drew Barry"),  # a name that starts like a title
        ("Maria", "", "Maria", "Maria"),
        ("Dr. Maria López", "Mari", "Mari", "Mari"),  # the preferred name wins
        ("Dr.", "", "", ""),  # never a lone title
        ("", "", "", ""),
        ("", "  Sol  ", "Sol", "Sol"),
    ],
)
def test_the_short_and_display_names_follow_one_rule(name, preferred, short, display):
    user = User(email="person@example.org", name=name, preferred_name=preferred)
    assert user.short_name == short
    assert user.display_name == display


def test_the_django_short_name_never_falls_back_to_the_email_address():
    # The other person of a pair may not have been given the email address.
    user = User(email="private@example.org", name="Dr.")
    assert "private@example.org" not in user.get_short_name()
    assert user.get_short_name() == "MentorQuilt member"
