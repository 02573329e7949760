"""Reads of the audit log for the security auditor."""

from __future__ import annotations

from django.db import models

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.selectors import require_role
from xuncha.audit.models import AuditEvent


def audit_event_list(*, actor: User) -> models.QuerySet[AuditEvent]:
    """The audit log, newest first, for the security auditor only (404 for anyone else); the API filters it with
    the page's FilterSet."""
    require_role(actor, Role.SECURITY_AUDITOR, "接口不存在。")
    return AuditEvent.objects.visible_to(actor).order_by("-id")
