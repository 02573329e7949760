from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from xuncha.administration import audit_selectors as selectors
from xuncha.administration.audit_filters import AuditEventFilter
from xuncha.administration.audit_schemas import AuditEventOut
from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.lists import api_filter, filter_schema

router = Router(tags=["审计日志"])

# The page's filters, as query parameters (one definition: core.lists).
AuditEventFilters = filter_schema(AuditEventFilter)


@router.get("/audit-events", response=paged(AuditEventOut), summary="审计日志（仅安全审计员）")
def audit_event_list(request: HttpRequest, filters: Query[AuditEventFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    """For anyone but the security auditor this endpoint does not exist (404). The filters are the audit log page's:
    ``action`` an event code (ending in "." for a family), ``actor`` a user name or its beginning, dates local
    (Asia/Shanghai) and inclusive."""
    actor = actor_of(request)
    return paginate(api_filter(AuditEventFilter, filters, selectors.audit_event_list(actor=actor), actor), filters)
