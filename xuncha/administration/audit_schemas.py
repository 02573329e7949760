"""API shapes of the audit log.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from xuncha.audit.models import AuditResult
from xuncha.audit.services import audit_details
from xuncha.core.api.schemas import Filters, Text

# Audit filters: inclusive local dates, kept where time-zone arithmetic cannot overflow.
FilterDate = Annotated[datetime.date, Field(ge=datetime.date(1970, 1, 1), le=datetime.date(2999, 12, 31))]


class AuditEventFilters(Filters):
    action: Text | None = Field(None, description="事件代码，如 person.read")
    actor: Text | None = Field(None, description="用户名")
    object_type: Text | None = Field(None, description="对象类型，如 planning.inspection")
    object_id: Text | None = Field(None, description="对象编号")
    result: AuditResult | None = None
    date_from: FilterDate | None = Field(None, description="起始日期（含）")
    date_to: FilterDate | None = Field(None, description="截止日期（含）")


class AuditEventOut(Schema):
    id: int
    created_at: datetime.datetime
    actor_id: int | None
    actor_username: str
    actor_role: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    result: AuditResult
    client_ip: str
    request_id: str
    details: dict[str, Any]
    prev_hash: str
    hash: str

    @staticmethod
    def resolve_details(obj: Any) -> dict[str, Any]:
        return audit_details(obj)
