"""R1: the size schedule decides how many mentors a school must supply."""

import pytest

from mentorquilt.institutions.schedule import SizeCategory, required_mentors, size_category


@pytest.mark.parametrize(
    ("class_size", "category", "required"),
    [
        (0, SizeCategory.SMALL, 25),
        (49, SizeCategory.SMALL, 25),
        (50, SizeCategory.MEDIUM, 50),
        (100, SizeCategory.MEDIUM, 50),
        (101, SizeCategory.LARGE, 75),
        (5000, SizeCategory.LARGE, 75),
    ],
)
def test_class_size_sets_the_category_and_minimum_at_each_boundary(
    class_size: int, category: SizeCategory, required: int
) -> None:
    assert size_category(is_hbcu=False, class_size=class_size) == category
    assert required_mentors(is_hbcu=False, class_size=class_size) == required


@pytest.mark.parametrize("class_size", [10, 49, 50, 100, 101, 400])
def test_hbcus_have_no_minimum_whatever_their_size(class_size: int) -> None:
    assert size_category(is_hbcu=True, class_size=class_size) == SizeCategory.EXEMPT
    assert required_mentors(is_hbcu=True, class_size=class_size) == 0
