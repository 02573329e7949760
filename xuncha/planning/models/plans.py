"""The office's plans around a round: the work plan (工作方案) and the annual plan (年度巡察计划)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.core.scoping import ScopedQuerySet, ScopedVia
from xuncha.inspections.models import Round, Term


class ApprovalStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报批")
    APPROVED = "approved", _("已批准")


# The badge colour of each approval state (components/status_badge.html through the ``status_badge`` tag).
APPROVAL_COLORS = {ApprovalStatus.DRAFT: "secondary", ApprovalStatus.SUBMITTED: "warning",
                   ApprovalStatus.APPROVED: "success"}


class AnnualPlan(models.Model):
    """A year's inspection plan within a term (年度巡察计划): which organisations, in which round."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="annual_plans")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=100)
    rounds_planned = models.PositiveSmallIntegerField(_("计划轮次数"), default=2)
    summary = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.DRAFT)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)

    objects = ScopedQuerySet["AnnualPlan"].as_manager()
    scope = ScopedVia("term")

    class Meta:
        verbose_name = _("年度巡察计划")
        verbose_name_plural = _("年度巡察计划")
        ordering = ["term", "year"]
        constraints = [models.UniqueConstraint(fields=["term", "year"], name="annual_plan_unique_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def status_color(self) -> str:
        return APPROVAL_COLORS[ApprovalStatus(self.status)]


class WorkPlan(models.Model):
    """A version of a round's work plan (工作方案: focus, schedule, key matters), approved by the leading group."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="work_plans")
    version = models.PositiveSmallIntegerField(_("版本"))
    focus = models.TextField(_("监督重点"))
    schedule = models.TextField(_("时间安排"))
    key_matters = models.TextField(_("重点事项"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet["WorkPlan"].as_manager()
    scope = ScopedVia("round")

    class Meta:
        verbose_name = _("巡察工作方案")
        verbose_name_plural = _("巡察工作方案")
        ordering = ["round", "-version"]
        constraints = [models.UniqueConstraint(fields=["round", "version"], name="work_plan_unique_version")]

    def __str__(self) -> str:
        return f"{self.round} 工作方案 第{self.version}版"

    @property
    def status_color(self) -> str:
        return APPROVAL_COLORS[ApprovalStatus(self.status)]
