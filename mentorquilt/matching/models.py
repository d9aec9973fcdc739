"""Searches that found nobody (for supply and demand), recorded without personal data."""

from __future__ import annotations

from django.db import models


class SearchMiss(models.Model):
    """One mentor search that found nobody: which filters, never who searched (R21, R24).

    `institution` is the searcher's institution, so that its admins see what their
    students look for in vain and can recruit those mentors; `day` is coarse on purpose.
    """

    day = models.DateField(db_index=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    need = models.ForeignKey(
        "profiles.NeedArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    specialty = models.ForeignKey(
        "profiles.Specialty", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    track = models.ForeignKey(
        "profiles.Track", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "profiles.AffinityCategory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting_format = models.ForeignKey(
        "profiles.MeetingFormat",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reach = models.CharField(max_length=16, blank=True)
    accepting_now = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["institution", "day"])]

    def __str__(self) -> str:
        return f"Search with no result on {self.day}"
