from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from xuncha.administration import audit_selectors as selectors
from xuncha.administration.audit_schemas import AuditEventFilters, AuditEventOut
from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate

router = Router(tags=["审计日志"])


@router.get("/audit-events", response=paged(AuditEventOut), summary="审计日志（仅安全审计员）")
def audit_event_list(request: HttpRequest, filters: Query[AuditEventFilters]) -> dict[str, Any]:
    """For anyone but the security auditor this endpoint does not exist (404)."""
    qs = selectors.audit_event_list(
        actor=actor_of(request), action=filters.action, actor_username=filters.actor,
        object_type=filters.object_type, object_id=filters.object_id, result=filters.result,
        date_from=filters.date_from, date_to=filters.date_to)
    return paginate(qs, filters)
