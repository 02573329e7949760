"""Request and response bodies of the surveys API (the team's side; answering is the public page's only)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from xuncha.core.api.schemas import InputSchema, Text
from xuncha.core.lists import filter_schema
from xuncha.surveys.filters import SurveyFilter
from xuncha.surveys.models import QuestionKind, RespondentGroup
from xuncha.surveys.services import MAX_OPTION_LENGTH, MAX_OPTIONS, MAX_TOKENS_PER_BATCH

SurveyFilters = filter_schema(SurveyFilter)
Kind = Literal[tuple(QuestionKind.values)]  # type: ignore[valid-type]
Group = Literal[tuple(RespondentGroup.values)]  # type: ignore[valid-type]


class TemplateOut(Schema):
    id: int
    code: str
    version: int
    name: str
    kind: str


class QuestionOut(Schema):
    id: int
    position: int
    section: str
    text: str
    kind: str
    options: list[str]
    required: bool
    max_choices: int


class SurveyOut(Schema):
    id: int
    inspection_id: int
    inspection_code: str = Field(alias="inspection.code")
    title: str
    kind: str
    status: str
    template_code: str | None = Field(None, alias="template.code")
    template_version: int | None
    min_group_size: int
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    tokens_issued: int = Field(0, alias="token_count", description="已生成的答题码")
    tokens_used: int = Field(0, alias="used_count", description="已使用的答题码")


class GroupTallyOut(Schema):
    group: str
    label: str
    issued: int
    used: int


class SurveyDetailOut(SurveyOut):
    intro: str
    questions: list[QuestionOut] = Field(alias="questions_list")
    tallies: list[GroupTallyOut]
    transitions: list[str] = Field(description="调用者现在可以执行的操作（open、close）")


class SurveyCreateIn(InputSchema):
    template_id: int = Field(ge=1, description="测评表模板（见 /survey-templates）")
    title: Text = ""


class SurveyUpdateIn(InputSchema):
    title: str = Field(min_length=1, max_length=100)
    intro: str = Field("", max_length=2000)
    min_group_size: int = Field(ge=3, le=50, description="答卷达到此数才显示结果")


class QuestionIn(InputSchema):
    text: str = Field(min_length=1, max_length=300)
    kind: Kind  # type: ignore[valid-type]
    options: list[str] = Field(default_factory=list, max_length=MAX_OPTIONS,
                               description=f"选项（每项不超过 {MAX_OPTION_LENGTH} 字；文字意见题为空）")
    section: str = Field("", max_length=60)
    required: bool = True
    max_choices: int = Field(0, ge=0, le=MAX_OPTIONS)


class TokensIn(InputSchema):
    group: Group  # type: ignore[valid-type]
    count: int = Field(ge=1, le=MAX_TOKENS_PER_BATCH)


class TokensOut(Schema):
    batch: int
    group: str
    codes: list[str] = Field(description="答题码（只在此时返回一次；可在答题卡页面重新打印未使用的）")
    urls: list[str]


class OptionResultOut(Schema):
    label: str
    count: int
    percent: float


class ColumnResultOut(Schema):
    label: str
    respondents: int
    answered: int
    options: list[OptionResultOut]
    mean: float | None
    favourable: float | None


class QuestionResultOut(Schema):
    position: int
    section: str
    text: str
    kind: str
    overall: ColumnResultOut | None
    breakdown: list[ColumnResultOut]
    texts: list[str]


class SurveyResultsOut(Schema):
    responses: int
    issued: int
    used: int
    response_rate: float | None
    withheld: str = Field(description="不显示结果的原因；显示时为空")
    breakdown_note: str
    groups: list[str]
    questions: list[QuestionResultOut]


class TokenRevokeIn(InputSchema):
    code: str = Field(max_length=40, description="要作废的答题码（可带短横线，不区分大小写）")


class RevokedOut(Schema):
    revoked: int = Field(description="作废的答题码个数")
