"""API shapes of the notices during the stay. No ``from __future__ import annotations``: pydantic and ninja read
them at run time."""

import datetime

from ninja import Field, Schema

from xuncha.core.api.schemas import Id, InputSchema
from xuncha.core.lists import filter_schema
from xuncha.notices.filters import NoticeFilter
from xuncha.notices.models import NoticeKind

# The list's parameters are the page's FilterSet (ADR-0018).
NoticeFilters = filter_schema(NoticeFilter)


class ItemIn(InputSchema):
    problem: str = Field(min_length=1, max_length=2000)
    requirement: str = Field("", max_length=2000)


class NoticeIn(InputSchema):
    kind: NoticeKind
    organization: Id
    title: str = Field(min_length=1, max_length=120)
    subject: str = Field(min_length=1, max_length=20_000)
    basis: str = Field("", max_length=20_000)
    requirement: str = Field(min_length=1, max_length=20_000)
    deadline: datetime.date
    contact: str = Field("", max_length=80)
    items: list[ItemIn] = Field(default_factory=list, max_length=30)


class ItemOut(Schema):
    id: int
    sequence: int
    problem: str
    requirement: str
    measures: str
    reported_done: bool
    status: str
    done_on: datetime.date | None
    evidence_answer: int | None = Field(None, description="认可的回复（整改证据）的次序")


class FileOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    url: str


class AnswerOut(Schema):
    round: int
    text: str
    answered_on: datetime.date
    answered_by: str
    verdict: str
    verdict_note: str
    files: list[FileOut]


class NoticeOut(Schema):
    id: int
    code: str
    number: str
    kind: str
    inspection_id: int
    organization_id: int
    organization: str
    title: str
    subject: str
    basis: str
    requirement: str
    deadline: datetime.date
    contact: str
    status: str
    overdue: bool
    issued_on: datetime.date | None
    received_on: datetime.date | None
    received_name: str
    accepted_on: datetime.date | None
    assessment: str
    items: list[ItemOut]


class NoticeDetailOut(NoticeOut):
    answers: list[AnswerOut]


class StepIn(InputSchema):
    on: datetime.date | None = Field(None, description="发生日期（默认今天）")
    note: str = Field("", max_length=2000, description="意见；退回时必填理由")
    deadline: datetime.date | None = Field(None, description="退回时新的回复期限（默认三天后）")
    received_name: str = Field("", max_length=30, description="签收人（默认本人）")


class FileIn(InputSchema):
    name: str = Field(min_length=1, max_length=120)
    content: str = Field(description="文件内容（base64）")


class ItemAnswerIn(InputSchema):
    item: Id
    measures: str = Field("", max_length=4000)
    done: bool = False


class AnswerIn(InputSchema):
    text: str = Field(min_length=1, max_length=20_000)
    items: list[ItemAnswerIn] = Field(default_factory=list, max_length=30)
    files: list[FileIn] = Field(default_factory=list, max_length=10,
                                description="附件（base64；单次请求受请求体大小限制，大文件请在页面上传）")
    on: datetime.date | None = None


class ImmediateItemOut(ItemOut):
    notice_id: int
    notice_number: str
    organization: str
