from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.core.scoping import ScopeRoot

GENESIS = "0" * 64


class AuditResult(models.TextChoices):
    SUCCESS = "success", _("成功")
    DENIED = "denied", _("拒绝")
    FAILURE = "failure", _("失败")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to(self, user: Any) -> AuditEventQuerySet:
        """Only the security auditor (安全审计员) reads the audit log (三员分立, AUD-09)."""
        # The audit log sits below accounts: it asks the user object (accounts.User.has_role) for the role.
        return self if getattr(user, "is_authenticated", False) and user.has_role("security_auditor") else self.none()


class AuditEvent(models.Model):
    """One row of the append-only, hash-chained audit log (审计日志).

    ``hash = SM3(prev_hash ‖ canonical JSON of the row)``; database triggers refuse UPDATE and
    DELETE, and ``manage.py verify_audit`` finds the first broken link if a row was changed anyway.
    The head of the chain is simply the row with the highest id: there is no mutable head to rewind
    (ADR-0008). ``prev_hash`` is unique, so two rows can never follow the same link (no fork).
    """

    created_at = models.DateTimeField(_("时间"), db_index=True)
    # Plain columns rather than foreign keys: deleting a user or an object must not touch the log.
    actor_id = models.BigIntegerField(_("用户编号"), null=True, blank=True)
    # Indexed: the auditor's page filters by exact name or prefix (PostgreSQL adds a pattern index for LIKE).
    actor_username = models.CharField(_("用户"), max_length=150, blank=True, db_index=True)
    actor_role = models.CharField(_("角色"), max_length=200, blank=True)
    action = models.CharField(_("事件"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=AuditResult.choices, default=AuditResult.SUCCESS)
    client_ip = models.CharField(_("客户端地址"), max_length=45, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=32, blank=True)
    details = models.TextField(_("详情"), blank=True)  # canonical JSON, hashed as stored
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()
    scope = ScopeRoot()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor_id", "created_at"]),
            # "拒绝或失败" is a small part of the log: the filtered page walks this index by id.
            models.Index(fields=["result", "id"], name="audit_event_result_id_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action}"
