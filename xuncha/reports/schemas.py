"""API shapes of the report, meetings and feedback. No ``from __future__ import annotations``: pydantic and ninja
read them at run time."""

import datetime

from ninja import Field, Schema

from xuncha.core.api.schemas import Id, InputSchema
from xuncha.core.lists import filter_schema
from xuncha.reports.filters import MeetingFilter, ReportFilter
from xuncha.reports.models import CopyBody, DecisionKind, DeliveryKind, MeetingKind, SpecialReportKind

ReportFilters = filter_schema(ReportFilter)
MeetingFilters = filter_schema(MeetingFilter)
SECTION_MAX = 30_000


class SectionOut(Schema):
    key: str
    heading: str
    text: str


class VersionOut(Schema):
    number: int
    saved_at: datetime.datetime
    saved_by: str
    note: str
    composed: bool
    ecology: str
    implementation: str


class ReportOut(Schema):
    id: int
    inspection_id: int
    code: str
    title: str
    status: str
    submitted_on: datetime.date | None
    approved_on: datetime.date | None
    version: int | None = Field(None, description="最新版本号")


class ReportDetailOut(ReportOut):
    ecology: str
    implementation: str
    sections: list[SectionOut]
    versions: list[VersionOut]


class ReportIn(InputSchema):
    basic: str = Field("", max_length=SECTION_MAX)
    problems: str = Field("", max_length=SECTION_MAX)
    leads: str = Field("", max_length=SECTION_MAX)
    suggestions: str = Field("", max_length=SECTION_MAX)
    annex: str = Field("", max_length=SECTION_MAX)
    ecology: str = Field("", max_length=12)
    implementation: str = Field("", max_length=12)
    note: str = Field("", max_length=200)


class StepIn(InputSchema):
    note: str = Field("", max_length=2000)
    on: datetime.date | None = None
    received_name: str = Field("", max_length=30)


class SpecialReportIn(InputSchema):
    kind: SpecialReportKind
    title: str = Field(min_length=1, max_length=120)
    body: str = Field(min_length=1, max_length=SECTION_MAX)
    on: datetime.date | None = None


class SpecialReportOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    written_on: datetime.date


class DeliveryOut(Schema):
    kind: str
    delivered_on: datetime.date
    place: str
    delivered_by: str
    received_by: str


class CopyOut(Schema):
    body: str
    name: str
    sent_on: datetime.date


class FeedbackOut(Schema):
    id: int
    inspection_id: int
    organization_id: int
    organization: str
    title: str
    number: str
    status: str
    issued_on: datetime.date | None
    plan_due: datetime.date | None
    report_due: datetime.date | None
    received_on: datetime.date | None
    received_name: str
    sections: list[SectionOut]
    deliveries: list[DeliveryOut]
    copies: list[CopyOut]


class FeedbackIn(InputSchema):
    title: str = Field(min_length=1, max_length=120)
    work: str = Field("", max_length=SECTION_MAX)
    affirm: str = Field("", max_length=SECTION_MAX)
    problems: str = Field(min_length=1, max_length=SECTION_MAX)
    requirements: str = Field(min_length=1, max_length=SECTION_MAX)
    problem_list: str = Field("", max_length=SECTION_MAX)


class DeliveryIn(InputSchema):
    kind: DeliveryKind
    delivered_on: datetime.date
    place: str = Field(min_length=1, max_length=80)
    delivered_by: str = Field(min_length=1, max_length=200)
    received_by: str = Field(min_length=1, max_length=200)


class CopyIn(InputSchema):
    body: CopyBody
    name: str = Field(min_length=1, max_length=80)
    on: datetime.date | None = None


class DecisionIn(InputSchema):
    inspection: Id
    kinds: list[DecisionKind] = Field(min_length=1, max_length=5)
    text: str = Field("", max_length=4000)


class DecisionOut(Schema):
    inspection_id: int
    code: str
    kinds: list[str]
    text: str


class MeetingIn(InputSchema):
    kind: MeetingKind
    held_on: datetime.date
    chair: str = Field(min_length=1, max_length=60)
    attendees: str = Field(min_length=1, max_length=2000)
    place: str = Field("", max_length=80)
    minutes: str = Field("", max_length=SECTION_MAX)
    decisions: list[DecisionIn] = Field(min_length=1, max_length=100)


class MeetingOut(Schema):
    id: int
    round_id: int
    kind: str
    held_on: datetime.date
    place: str
    chair: str
    attendees: str
    minutes: str
    decisions: list[DecisionOut]


class BriefingRowOut(Schema):
    inspection_id: int
    code: str
    team: str
    report_status: str
    ecology: str
    implementation: str
    problems: dict[str, int] = Field(description="监督重点分类 → 问题数")
    immediate_total: int
    immediate_done: int
    decisions: list[str]


class BriefingOut(Schema):
    round_id: int
    areas: list[str]
    rows: list[BriefingRowOut]
    totals: dict[str, int]
    reports_approved: int
    immediate_total: int
    immediate_done: int
