"""Shapes of the agreements and training part of the JSON API (R5, R9, R12, R27)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictBool

from mentorquilt.core.schemas import Body, PageOut, PageQuery
from mentorquilt.training.models import AgreementKind, Audience


class AgreementOut(Schema):
    """One version of an agreement, with the caller's own answer."""

    public_id: UUID
    kind: AgreementKind
    version: int
    title: str
    body: str = Field(description="Plain text; a blank line separates paragraphs.")
    published_at: datetime | None = Field(description="Null for a draft (staff only).")
    is_current: bool = Field(description="The newest published version of its kind.")
    applies_to_me: bool = Field(
        description="The caller must accept it (it is for one of their mentee or mentor roles)."
    )
    accepted_at: datetime | None = Field(description="When the caller accepted this version.")


class AcceptanceOut(Schema):
    agreement_id: UUID
    kind: AgreementKind
    version: int
    accepted_at: datetime

    @staticmethod
    def resolve_agreement_id(acceptance: Any) -> UUID:
        return acceptance.version.public_id

    @staticmethod
    def resolve_kind(acceptance: Any) -> str:
        return acceptance.version.kind

    @staticmethod
    def resolve_version(acceptance: Any) -> int:
        return acceptance.version.version


class ModuleOut(Schema):
    public_id: UUID
    title: str
    summary: str
    audience: Audience
    estimated_minutes: int
    cme_credit_hours: float = Field(description="Continuing-education credit; 0 means none.")
    version: int
    is_active: bool
    required_for_mentors: bool
    required_for_mentees: bool
    completed_at: datetime | None = Field(None, description="When the caller completed it.")

    @staticmethod
    def resolve_cme_credit_hours(module: Any) -> float:
        return float(module.cme_credit_hours)


class ModuleDetailOut(ModuleOut):
    content: str = Field(
        description="Plain text: blank lines separate paragraphs, '## ' starts a heading, "
        "'- ' a bullet point."
    )
    attestation: str = Field(description="The statement the caller confirms to complete it.")


class ModulePage(PageOut):
    items: list[ModuleOut]


class CompletionIn(Body):
    attest: StrictBool = Field(description="True: the caller confirms the module's attestation.")


class CompletionOut(Schema):
    public_id: UUID = Field(description="Also the certificate's verification id.")
    module_id: UUID
    module_title: str
    completed_at: datetime
    module_version: int
    attestation: str = Field(description="The statement the caller confirmed.")
    credit_hours: float
    has_certificate: bool

    @staticmethod
    def resolve_module_id(completion: Any) -> UUID:
        return completion.module.public_id

    @staticmethod
    def resolve_module_title(completion: Any) -> str:
        return completion.module.title

    @staticmethod
    def resolve_credit_hours(completion: Any) -> float:
        return float(completion.credit_hours)


class CompletionPage(PageOut):
    items: list[CompletionOut]


class CompletionQuery(PageQuery):
    with_certificate: bool = Field(False, description="Only completions that carry credit.")
