"""Reads of the audit log for the security auditor."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.selectors import require_role
from xuncha.audit.models import AuditEvent


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_event_list(*, actor: User, action: str | None = None, actor_username: str | None = None,
                     object_type: str | None = None, object_id: str | None = None, result: str | None = None,
                     date_from: datetime.date | None = None, date_to: datetime.date | None = None
                     ) -> models.QuerySet[AuditEvent]:
    """The audit log, for the security auditor only; dates are local (Asia/Shanghai) and inclusive."""
    require_role(actor, Role.SECURITY_AUDITOR, "接口不存在。")
    qs = AuditEvent.objects.visible_to(actor)
    if action:
        qs = qs.filter(action=action)
    if actor_username:
        qs = qs.filter(actor_username=actor_username)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if result:
        qs = qs.filter(result=result)
    if date_from is not None:
        qs = qs.filter(created_at__gte=_day_start(date_from))
    if date_to is not None:
        qs = qs.filter(created_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return qs.order_by("-id")
