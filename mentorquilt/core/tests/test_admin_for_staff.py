"""Platform staff edit the taxonomies in the Django admin and read the audit log there (R37).

Staff are not superusers: they see exactly these, and nothing personal.
"""

from __future__ import annotations

import pytest

from conftest import World, client_for
from mentorquilt.profiles.models import NeedArea

pytestmark = pytest.mark.django_db


def test_staff_see_the_taxonomies_and_the_audit_log_on_the_admin_index(world: World):
    html = client_for(world.staff).get("/admin/").content.decode()
    assert "permission to view or edit anything" not in html
    assert 'href="/admin/profiles/needarea/"' in html
    assert 'href="/admin/profiles/affinitycategory/"' in html
    assert 'href="/admin/core/auditevent/"' in html
    assert 'href="/admin/accounts/user/"' not in html
    assert 'href="/admin/institutions/membership/"' not in html


def test_staff_add_an_area_of_need_through_the_admin(world: World):
    client = client_for(world.staff)
    response = client.post(
        "/admin/profiles/needarea/add/",
        {
            "name": "Applying to nursing school",
            "slug": "nursing-applications",
            "sort_order": 50,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert NeedArea.objects.filter(slug="nursing-applications", is_active=True).exists()


def test_staff_retire_a_taxonomy_entry_instead_of_deleting_it(world: World):
    need = NeedArea.objects.filter(is_active=True).first()
    assert need is not None
    client = client_for(world.staff)
    assert client.get(f"/admin/profiles/needarea/{need.pk}/delete/").status_code == 403
    assert NeedArea.objects.filter(pk=need.pk).exists()


def test_people_who_are_not_staff_get_no_admin(world: World):
    for user in (world.admin, world.coordinator, world.mentee, world.outsider):
        response = client_for(user).get("/admin/profiles/needarea/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
