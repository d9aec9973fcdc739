"""CME certificates for completed modules with credit (R9)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Role
from mentorquilt.training.certificates import CertificateData, format_hours, render_certificate
from mentorquilt.training.selectors import certificate_list_for_user, required_modules
from mentorquilt.training.services import module_complete
from mentorquilt.training.tests.helpers import module

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def test_the_certificate_names_the_person_module_hours_date_and_verification_id():
    text = pdf_text(
        render_certificate(
            CertificateData(
                person_name="Nguyễn Thị Minh-Anh O'Brien",
                module_title="Cultural humility and identity in mentoring",
                credit_hours=Decimal("0.75"),
                completed_on=date(2026, 3, 4),
                verification_id="0b5c6a38-1d5e-4c7e-9d57-3a0d6f1f3a11",
            )
        )
    )
    assert "Certificate of Completion" in text
    assert "Nguyễn Thị Minh-Anh O'Brien" in text
    assert "Cultural humility and identity in mentoring" in text
    assert "on March 4, 2026, for 0.75 credit hours." in text
    assert "Verification id: 0b5c6a38-1d5e-4c7e-9d57-3a0d6f1f3a11" in text


def test_credit_hours_are_written_without_trailing_zeros():
    assert [format_hours(Decimal(v)) for v in ("1.00", "1.50", "0.25", "10.00")] == [
        "1",
        "1.5",
        "0.25",
        "10",
    ]


def test_the_owner_downloads_their_certificate_as_an_uncached_pdf_and_it_is_audited(world, login):
    with time_machine.travel("2026-05-06 15:00:00Z", tick=False):
        completion = module_complete(
            user=world.mentor, module=module("Listening well"), attested=True
        )
    url = reverse("certificate_download", kwargs={"completion_id": completion.public_id})
    response = login(world.mentor).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    assert world.mentor.email not in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert world.mentor.name in text and "Listening well and giving useful feedback" in text
    assert "May 6, 2026, for 0.5 credit hours" in text
    assert str(completion.public_id) in text
    event = AuditEvent.objects.get(action="training.certificate.download")
    assert event.actor == world.mentor and event.target_id == str(completion.public_id)


@pytest.mark.parametrize(
    "persona", ["mentee", "admin", "coordinator", "staff", "researcher", "outsider"]
)
def test_nobody_but_the_owner_gets_a_certificate_not_even_staff(world, login, persona):
    completion = module_complete(
        user=world.mentor, module=required_modules(role=Role.MENTOR).first(), attested=True
    )
    url = reverse("certificate_download", kwargs={"completion_id": completion.public_id})
    assert login(getattr(world, persona)).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="training.certificate.download").exists()


def test_a_module_without_credit_has_no_certificate(world, login):
    completion = module_complete(
        user=world.mentee, module=module("Getting the most"), attested=True
    )
    assert not completion.has_certificate
    assert list(certificate_list_for_user(user=world.mentee)) == []
    url = reverse("certificate_download", kwargs={"completion_id": completion.public_id})
    assert login(world.mentee).get(url).status_code == 404


def test_the_certificates_page_lists_only_the_persons_own_certificates(world, login):
    mine = module_complete(user=world.mentor, module=module("Advocacy"), attested=True)
    page = login(world.mentor).get(reverse("certificate_list")).content.decode()
    assert "Advocacy, sponsorship and recommendation letters" in page
    assert str(mine.public_id) in page
    other = login(world.mentee).get(reverse("certificate_list")).content.decode()
    assert str(mine.public_id) not in other and "No certificates yet" in other
