"""API shapes of the audit log.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Any

from ninja import Schema

from xuncha.audit.models import AuditResult
from xuncha.audit.services import audit_details


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
