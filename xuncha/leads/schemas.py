"""API shapes of leads. The list carries no person's name; the detail gives the drafting side (persons, citations,
the petitioner's identity for VIEW_CONFIDENTIAL) to the team and the office, and the fixed package to whoever may
read the lead once it is transferred. No ``from __future__ import annotations``: pydantic reads these at run time."""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator

from xuncha.core.api.schemas import Id, InputSchema, no_nul

LongText = Annotated[str, Field(max_length=5000), AfterValidator(no_nul)]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(no_nul)]
Note = Annotated[str, Field(max_length=2000), AfterValidator(no_nul)]
Ref = Annotated[str, Field(max_length=80, description="依据引用，如 petitions.petition:12"), AfterValidator(no_nul)]


class LeadOut(Schema):
    id: int
    inspection_id: int
    number: str
    source: str
    summary: str
    target: str
    receiving_jurisdiction_id: int
    receiver_name: str
    status: str
    referral_no: str
    transferred_on: datetime.date | None
    feedback_due_on: datetime.date | None
    received_on: datetime.date | None
    disposal: str
    outcome_reported_on: datetime.date | None
    closed_on: datetime.date | None


class PersonOut(Schema):
    id: int
    name: str
    post: str
    level: str
    is_leadership: bool


class CitationOut(Schema):
    kind: str
    id: int
    label: str
    visible: bool
    title: str
    url: str


class OutcomeLineOut(Schema):
    person: str
    kind: str
    group: str
    note: str


class LeadDetailOut(LeadOut):
    draft_facts: str | None = Field(description="主要问题（巡察组和巡察办；接收单位见 referral_package）")
    category_label: str | None
    discipline_type: str
    amount: Decimal | None
    draft_disposal: str | None = Field(description="处置建议（巡察组和巡察办）")
    person_list: list[PersonOut] = Field(description="被反映人（巡察组和巡察办）")
    origins: list[CitationOut]
    supports: list[CitationOut]
    petitioner_identity: str | None = Field(description="反映人身份：仅持有保密信息查看权限者")
    identity_approved: bool
    referral_package: dict[str, Any] | None = Field(description="移交时固定的移交材料")
    received_by_name: str | None
    disposal_on: datetime.date | None
    disposal_note: str
    outcome_summary: str
    outcome: list[OutcomeLineOut]
    recovered_amount: Decimal | None
    due_state: str | None = Field(description="overdue / soon / running / done")
    transitions: list[str] = Field(description="调用者现在可以执行的操作")


class PersonIn(InputSchema):
    name: Annotated[str, Field(max_length=30), AfterValidator(no_nul)]
    post: Annotated[str, Field(max_length=100), AfterValidator(no_nul)]
    level: str = Field(description="bureau / county / township / general / other")
    is_leadership: bool = False


class LeadIn(InputSchema):
    source: str = Field(description="talk / petition / documents / visit / survey / check / finding / other")
    summary: ShortText
    facts: LongText
    target: str = Field(description="discipline / organization / other")
    receiving_jurisdiction_id: Id
    receiver_name: ShortText
    persons: list[PersonIn] = Field(max_length=20)
    category: str = Field("", max_length=12, description="问题分类编码（本轮监督重点框架）")
    discipline_type: str = ""
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    proposed_disposal: LongText = ""
    petitioner_identity: Annotated[str, Field(max_length=500), AfterValidator(no_nul)] = ""
    origins: list[Ref] = Field([], max_length=50)
    supports: list[Ref] = Field([], max_length=50)


class NoteIn(InputSchema):
    note: Note = ""


class IdentityIn(InputSchema):
    reason: Annotated[str, Field(max_length=1000), AfterValidator(no_nul)]


class TransferIn(InputSchema):
    transferred_on: datetime.date | None = None


class ReceiptIn(InputSchema):
    received_on: datetime.date | None = None
    note: Annotated[str, Field(max_length=1000), AfterValidator(no_nul)] = ""


class DisposalIn(InputSchema):
    disposal: str = Field(description="talk_inquiry / preliminary_verification / shelved / closed / case_filed")
    note: LongText
    disposal_on: datetime.date | None = None


class OutcomeItemIn(InputSchema):
    person_id: Id | None = None
    kind: str = Field(description="处理结果：party_warning、admin_demerit、org_removal、prosecution 等")
    note: ShortText = ""


class OutcomeIn(InputSchema):
    summary: LongText
    items: list[OutcomeItemIn] = Field([], max_length=40)
    recovered_amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    reported_on: datetime.date | None = None
