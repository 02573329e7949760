from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.core.scoping import ScopedQuerySet, ScopedVia
from xuncha.inspections.models import Round


class RunStatus(models.TextChoices):
    GENERATED = "generated", _("已生成")
    APPLIED = "applied", _("已采用")
    SUPERSEDED = "superseded", _("已被替换")


class CrossAssignmentRun(models.Model):
    """One run of the cross-inspection assignment (异地交叉) for a round: its input, seed and explained result."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignment_runs")
    seed = models.PositiveIntegerField(_("随机种子"), default=0)
    lookback_rounds = models.PositiveSmallIntegerField(_("历史配对回看轮数"), default=1)
    locked_pairs = models.JSONField(_("人工锁定"), default=list)  # [[team_id, jurisdiction_id], …]
    result = models.JSONField(_("结果"), default=dict)
    feasible = models.BooleanField(_("有解"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=RunStatus.choices, default=RunStatus.GENERATED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["CrossAssignmentRun"].as_manager()
    scope = ScopedVia("round")

    class Meta:
        verbose_name = _("交叉巡察配对方案")
        verbose_name_plural = _("交叉巡察配对方案")
        ordering = ["round", "-created_at"]

    def __str__(self) -> str:
        return f"{self.round} 交叉配对 #{self.pk}"

    @property
    def applied(self) -> bool:
        return self.status == RunStatus.APPLIED
