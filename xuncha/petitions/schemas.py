"""API shapes of petitions (the team's side). The petitioner's identity is in the detail only, and only for
holders of VIEW_CONFIDENTIAL (``identity`` is null otherwise). No ``from __future__ import annotations``:
pydantic reads these annotations at run time."""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator

from xuncha.core.api.schemas import Id, InputSchema, no_nul

LongText = Annotated[str, Field(max_length=5000), AfterValidator(no_nul)]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(no_nul)]
Message = Annotated[str, Field(max_length=2000), AfterValidator(no_nul)]


class CategoryOut(Schema):
    code: str
    name: str


class PetitionOut(Schema):
    id: int
    number: str
    channel: str
    received_on: datetime.date
    after_cutoff: bool
    anonymous: bool
    about_whom: str
    summary: str
    since_when: str
    category: CategoryOut | None
    suggested_category: CategoryOut | None
    priority: str
    in_scope: bool | None
    status: str
    handled_on: datetime.date | None
    duplicate_of_id: int | None
    has_receipt: bool = Field(description="反映人可凭查询码查看（回复经查询码送达）")

    @staticmethod
    def resolve_has_receipt(obj: object) -> bool:
        return getattr(obj, "receipt_hash", None) is not None


class IdentityOut(Schema):
    name: str
    contact: str
    unit: str
    kind: str


class MessageOut(Schema):
    id: int
    from_petitioner: bool
    body: str
    created_at: datetime.datetime


class TransferOut(Schema):
    target: str
    receiver: str
    reference_no: str
    transferred_on: datetime.date
    reason: str


class PetitionDetailOut(PetitionOut):
    content: str
    identity: IdentityOut | None
    thread: list[MessageOut] = Field(description="与反映人的沟通记录")
    transfer_record: TransferOut | None
    duplicate_candidates: list[int]
    transitions: list[str] = Field(description="调用者现在可以执行的处理操作")


class PetitionIn(InputSchema):
    channel: str = Field(description="letter / phone / visit / box / email / bureau")
    received_on: datetime.date
    anonymous: bool = True
    petitioner_name: ShortText = ""
    petitioner_contact: ShortText = ""
    petitioner_unit: ShortText = ""
    petitioner_kind: str = "unknown"
    about_whom: ShortText
    summary: ShortText
    content: LongText
    since_when: ShortText = ""
    issue_receipt: bool = False


class PetitionCreatedOut(PetitionOut):
    receipt_code: str | None = Field(None, description="查询码，仅此一次返回，系统不保存")


class TriageIn(InputSchema):
    category: str = ""
    priority: str = "normal"
    in_scope: bool | None = None


class NoteIn(InputSchema):
    note: Message


class ReferIn(InputSchema):
    target: str
    receiver: ShortText
    reason: Message
    transferred_on: datetime.date | None = None
    reference_no: ShortText = ""


class MergeIn(InputSchema):
    original_id: Id
    note: Message = ""


class MessageIn(InputSchema):
    body: Message
