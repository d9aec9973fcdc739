"""The size schedule of R1: how many mentors a school must supply.

Pure functions, so the rule is tested at its boundaries without a database.
"""

from __future__ import annotations

from enum import StrEnum


class SizeCategory(StrEnum):
    SMALL = "small"  # fewer than 50 students per class
    MEDIUM = "medium"  # 50 to 100
    LARGE = "large"  # over 100
    EXEMPT = "exempt"  # HBCUs: no minimum

    @property
    def label(self) -> str:
        return {
            SizeCategory.SMALL: "Fewer than 50 students per class",
            SizeCategory.MEDIUM: "50 to 100 students per class",
            SizeCategory.LARGE: "More than 100 students per class",
            SizeCategory.EXEMPT: "HBCU: no minimum",
        }[self]


REQUIRED_MENTORS = {
    SizeCategory.SMALL: 25,
    SizeCategory.MEDIUM: 50,
    SizeCategory.LARGE: 75,
    SizeCategory.EXEMPT: 0,
}


def size_category(*, is_hbcu: bool, class_size: int) -> SizeCategory:
    """Category for a class size (students per class, a whole number >= 0)."""
    if is_hbcu:
        return SizeCategory.EXEMPT
    if class_size < 50:
        return SizeCategory.SMALL
    if class_size <= 100:
        return SizeCategory.MEDIUM
    return SizeCategory.LARGE


def required_mentors(*, is_hbcu: bool, class_size: int) -> int:
    """Active, verified mentors the school must supply (R1)."""
    return REQUIRED_MENTORS[size_category(is_hbcu=is_hbcu, class_size=class_size)]
