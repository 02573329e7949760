"""API shapes of fieldwork. No ``from __future__ import annotations``: pydantic and ninja read them at run time."""

import datetime
from typing import Any

from ninja import Field, Schema

from xuncha.core.api.schemas import Id, InputSchema
from xuncha.fieldwork.models import TalkCategory, TalkType

LongText = Field(max_length=20_000)


class PersonRef(Schema):
    id: int
    name: str


class TalkOut(Schema):
    id: int
    code: str
    inspection_id: int
    organization_id: int
    person_id: int | None
    name: str
    post: str
    category: str
    talk_type: str
    scheduled_at: datetime.datetime | None
    place: str
    interviewer: PersonRef | None
    recorder: PersonRef | None
    status: str


class TalkIn(InputSchema):
    organization: Id
    person: Id | None = None
    name: str = Field("", max_length=30)
    post: str = Field("", max_length=120)
    category: TalkCategory
    talk_type: TalkType = TalkType.APPOINTED
    scheduled_at: datetime.datetime | None = None
    place: str = Field("", max_length=80)
    interviewer: Id
    recorder: Id


class TalkStepIn(InputSchema):
    note: str = Field("", max_length=500)
    scheduled_at: datetime.datetime | None = None


class TalkRecordIn(InputSchema):
    started_at: datetime.datetime
    ended_at: datetime.datetime | None = None
    place: str = Field(max_length=80)
    questions_answers: str = LongText
    issues_raised: str = Field("", max_length=20_000)
    follow_ups: str = Field("", max_length=20_000)


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class TalkRecordOut(Schema):
    id: int
    talk_id: int
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    place: str
    questions_answers: str
    issues_raised: str
    follow_ups: str
    status: str
    signed_at: datetime.datetime | None
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return list(obj.attachments.all())


class GeneratedOut(Schema):
    added: int


class DocumentRequestOut(Schema):
    id: int
    code: str
    inspection_id: int
    organization_id: int
    title: str
    period: str
    copies: int
    medium: str
    originals: bool
    deadline: datetime.date
    requested_on: datetime.date
    delivered_on: datetime.date | None
    delivery_note: str
    received_on: datetime.date | None
    reviewed_on: datetime.date | None
    returned_on: datetime.date | None
    status: str


class DocumentRequestIn(InputSchema):
    organization: Id
    title: str = Field(min_length=1, max_length=200)
    period: str = Field("", max_length=60)
    copies: int = Field(1, ge=1, le=99)
    medium: str = Field("paper", pattern="^(paper|electronic)$")
    originals: bool = False
    deadline: datetime.date


class DocumentStepIn(InputSchema):
    note: str = Field("", max_length=300)
    on: datetime.date | None = None


class WorkRecordOut(Schema):
    id: int
    reference: str = Field(description="固定的记录编号，可在问题底稿中引用")
    inspection_id: int
    method: str
    title: str
    held_on: datetime.date
    place: str
    organization_id: int | None
    team_participants: str
    people_met: str
    content: str
    follow_ups: str


class WorkRecordIn(InputSchema):
    method: str = Field(max_length=20)
    title: str = Field(min_length=1, max_length=120)
    held_on: datetime.date
    place: str = Field("", max_length=80)
    organization: Id | None = None
    team_participants: str = Field("", max_length=200)
    people_met: str = Field("", max_length=20_000)
    content: str = LongText
    follow_ups: str = Field("", max_length=20_000)


class WorkLogOut(Schema):
    id: int
    day: datetime.date
    work_done: str
    items_to_note: str
    next_steps: str


class WorkLogIn(InputSchema):
    work_done: str = LongText
    items_to_note: str = Field("", max_length=20_000)
    next_steps: str = Field("", max_length=20_000)


class WeekFilters(Schema):
    week: datetime.date | None = Field(None, description="该周任一天，默认本周（撤驻后为最后一周）")


class WeeklySummaryOut(Schema):
    inspection_id: int
    start: datetime.date
    end: datetime.date
    talks_held: int
    talks_declined: int
    talks_held_total: int
    talks_planned_total: int
    documents_requested: int
    documents_received: int
    documents_returned: int
    visits: int
    records_by_method: dict[str, int]
    log_days: int
    items_to_note: list[dict[str, str]]

    @staticmethod
    def resolve_inspection_id(obj: Any) -> int:
        return int(obj.inspection.pk)

    @staticmethod
    def resolve_records_by_method(obj: Any) -> dict[str, int]:
        return dict(obj.records_by_method)

    @staticmethod
    def resolve_items_to_note(obj: Any) -> list[dict[str, str]]:
        return [{"day": day.isoformat(), "text": text} for day, text in obj.items_to_note]
