"""A class has at least one student: class size 0 is refused by the service, the staff form
and the API, with the message on the field (R2 sizes the required mentors from it; issue #10)."""

from __future__ import annotations

import pytest

from conftest import World, client_for
from mentorquilt.core.errors import DomainError
from mentorquilt.institutions.models import Institution, InstitutionKind
from mentorquilt.institutions.services import institution_create, institution_update
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db


def test_a_class_of_zero_students_is_refused_and_one_student_is_kept(world: World):
    with pytest.raises(DomainError) as refused:
        institution_create(
            actor=world.staff,
            name="Empty School",
            kind=InstitutionKind.MD,
            class_size=0,
            region="Utah",
        )
    assert refused.value.field == "class_size" and "from 1" in refused.value.message
    school = institution_create(
        actor=world.staff,
        name="Tiny School",
        kind=InstitutionKind.MD,
        class_size=1,
        region="Utah",
    )
    assert school.class_size == 1


def test_changing_a_class_size_to_zero_is_refused(world: World):
    a = world.institution_a
    with pytest.raises(DomainError) as refused:
        institution_update(
            actor=world.staff,
            institution=a,
            name=a.name,
            kind=a.kind,
            class_size=0,
            region=a.region,
            is_active=True,
        )
    assert refused.value.field == "class_size"
    a.refresh_from_db()
    assert a.class_size == 120


def test_the_staff_form_shows_class_size_zero_on_its_field_and_keeps_the_input(world: World):
    response = client_for(world.staff).post(
        "/institutions/new/",
        {"name": "Empty School", "kind": "md", "class_size": "0", "region": "Utah"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_class_size_error"' in html
    assert 'value="Empty School"' in html
    assert not Institution.objects.filter(name="Empty School").exists()


def test_the_api_refuses_class_size_zero_with_a_message(world: World):
    api = bearer_client(world.staff)
    created = api.post(
        "/institutions", {"name": "Empty School", "kind": "md", "class_size": 0, "region": "Utah"}
    )
    assert created.status_code in (400, 422) and created.json()["detail"]
    changed = api.patch(f"/institutions/{world.institution_a.public_id}", {"class_size": 0})
    assert changed.status_code in (400, 422) and changed.json()["detail"]
    assert not Institution.objects.filter(name="Empty School").exists()
    world.institution_a.refresh_from_db()
    assert world.institution_a.class_size == 120
