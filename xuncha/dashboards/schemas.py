"""Shapes of the dashboards API (no ``from __future__ import annotations``: ninja reads these at run time)."""

import datetime

from ninja import Field, Schema

from xuncha.core.api.pagination import PageParams


class TodoOut(Schema):
    kind: str = Field(description="类别，如 work_plan_approval、notice_issue、transition:station")
    kind_label: str = Field(description="类别名称，如“审批工作方案”")
    title: str
    detail: str
    url: str = Field(description="办理页面的地址")
    object_type: str = Field(description="work_plan、annual_plan 或 inspection")
    object_id: int
    due: datetime.date | None = Field(description="期限；无期限为 null")
    urgency: str = Field(description="overdue（已逾期）、soon（即将到期）或 normal")
    urgency_label: str
    days_left: int | None = Field(description="距期限的天数（按业务日期），逾期为负数；无期限为 null")


class TodoFilters(PageParams):
    """Pagination only: the list is what waits for the caller, most pressing first."""
