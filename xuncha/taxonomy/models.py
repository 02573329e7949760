from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Role
from xuncha.accounts.scope import scope_of
from xuncha.core.scoping import ScopedQuerySet, ScopedVia, ScopeRoot


class FrameworkKind(models.TextChoices):
    FOCUS = "focus", _("监督重点框架")
    EIGHT_RULES = "eight_rules", _("八项规定精神统计口径")
    CHECKLIST = "checklist", _("专项检查清单")


class FrameworkQuerySet(models.QuerySet["Framework"]):
    def visible_to(self, user: Any) -> FrameworkQuerySet:
        """Reference dictionaries: open to every role except the security auditor, whose only business is
        the audit log (三员分立). The system administrator maintains them; others classify with them."""
        if scope_of(user).roles - {Role.SECURITY_AUDITOR}:
            return self.all()
        return self.none()

    def valid_on(self, day: datetime.date, kind: str) -> FrameworkQuerySet:
        """Versions of ``kind`` in force on ``day`` (valid_to is exclusive; open-ended when empty)."""
        return self.filter(kind=kind, valid_from__lte=day).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=day)
        ).order_by("-valid_from")


class Framework(models.Model):
    """A versioned dictionary (分类体系版本): the focus framework of a round (e.g. F2018 "六个围绕、一个加强")
    or the eight-rule statistics categories. A round uses the version valid when it ran."""

    code = models.CharField(_("版本代码"), max_length=30, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=FrameworkKind.choices)
    name = models.CharField(_("名称"), max_length=80)
    valid_from = models.DateField(_("启用日期"))
    valid_to = models.DateField(_("停用日期"), null=True, blank=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    objects = FrameworkQuerySet.as_manager()
    # Reference data (the rule is in FrameworkQuerySet.visible_to); it carries no capability of its own.
    scope = ScopeRoot()

    class Meta:
        verbose_name = _("分类体系版本")
        verbose_name_plural = _("分类体系版本")
        ordering = ["kind", "valid_from"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @classmethod
    def for_date(cls, day: datetime.date, kind: str) -> Framework | None:
        return cls.objects.valid_on(day, kind).first()


class FrameworkNode(models.Model):
    """One item of a framework (监督重点 / 统计类别), e.g. "A1" under "A 围绕党的政治建设"."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    code = models.CharField(_("编码"), max_length=12)
    name = models.CharField(_("名称"), max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet["FrameworkNode"].as_manager()
    scope = ScopedVia("framework")

    class Meta:
        verbose_name = _("分类条目")
        verbose_name_plural = _("分类条目")
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="framework_node_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "level": self.level}
