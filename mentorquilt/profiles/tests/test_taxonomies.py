"""R37: taxonomies are data, seeded by a migration, editable without a release."""

from __future__ import annotations

import pytest

from mentorquilt.profiles.models import (
    AffinityCategory,
    AffinityDimension,
    NeedArea,
    Track,
    TrainingStage,
)

pytestmark = pytest.mark.django_db


def test_the_seed_migration_provides_every_track_the_issue_names():
    slugs = set(Track.objects.values_list("slug", flat=True))
    assert {
        "medicine-md",
        "medicine-do",
        "nursing",
        "pharmacy",
        "dentistry",
        "public-health",
        "physician-assistant",
        "research",
    } <= slugs


def test_training_stages_run_from_community_college_to_attending_in_order():
    stages = list(TrainingStage.objects.values_list("slug", flat=True))
    assert stages.index("community-college") < stages.index("resident") < stages.index("attending")


def test_the_seed_names_at_least_the_sixteen_areas_of_need():
    names = set(NeedArea.objects.values_list("name", flat=True))
    for expected in [
        "Academic success",
        "Test preparation",
        "Applying to medical or professional school",
        "Personal statement",
        "Interviews",
        "Transfer to a four-year school",
        "Research",
        "Specialty choice",
        "Residency application",
        "Finances and aid",
        "Wellness",
        "Navigating bias and discrimination",
        "Imposter feelings",
        "Family and life balance",
        "Leadership",
        "Networking",
    ]:
        assert expected in names


def test_every_affinity_dimension_of_r19_is_seeded_with_categories():
    dimensions = {d.slug: d for d in AffinityDimension.objects.all()}
    for slug in [
        "race-ethnicity",
        "first-generation",
        "income-background",
        "gender",
        "lgbtq",
        "language",
        "immigrant-daca",
        "rural-origin",
        "parent",
        "veteran",
        "disability",
        "religion",
    ]:
        assert slug in dimensions
        assert AffinityCategory.objects.filter(dimension=dimensions[slug]).exists()


def test_only_the_immigration_dimension_is_wish_only_for_mentees():
    wish_only = set(AffinityDimension.objects.filter(wish_only=True).values_list("slug", flat=True))
    assert wish_only == {"immigrant-daca"}


def test_staff_can_add_a_track_as_data_without_a_release():
    Track.objects.create(slug="occupational-therapy", name="Occupational therapy")
    assert Track.objects.filter(is_active=True, slug="occupational-therapy").exists()


def test_staff_edit_taxonomies_in_the_admin(world, login):
    """R37: the admin lists every taxonomy for superuser staff; sensitive rows are absent."""
    world.staff.is_superuser = True
    world.staff.save()
    client = login(world.staff)
    for name in ("track", "trainingstage", "needarea", "affinitydimension", "affinitycategory"):
        assert client.get(f"/admin/profiles/{name}/").status_code == 200
    assert client.get("/admin/profiles/personattribute/").status_code == 404
