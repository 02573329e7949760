from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.core.scoping import ScopeRoot


class StatusChange(models.Model):
    """One step of a workflow (状态变更记录): who moved which object from which state to which, and when."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    obj = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("操作"), max_length=50)
    old_status = models.CharField(_("原状态"), max_length=30)
    new_status = models.CharField(_("新状态"), max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(_("角色"), max_length=40, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.old_status} → {self.new_status}"

    @classmethod
    def record(cls, *, obj: models.Model, old: str, new: str, transition: str, actor: Any,
               actor_role: str = "", note: str = "") -> StatusChange:
        return cls.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            old_status=old,
            new_status=new,
            transition=transition,
            actor=actor,
            actor_role=actor_role,
            note=note,
        )

    @classmethod
    def for_object(cls, obj: models.Model) -> models.QuerySet[StatusChange]:
        return cls.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).select_related("actor")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("处理中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class BackgroundJobQuerySet(models.QuerySet["BackgroundJob"]):
    def visible_to(self, user: Any) -> BackgroundJobQuerySet:
        """A job is its starter's alone (its result may hold data only their scope allowed)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(created_by_id=user.pk)


class BackgroundJob(models.Model):
    """Long work run by the task worker (imports, exports, document generation), with its progress, so that
    the page that started it can show how far it has got. Only the user who started a job sees it."""

    kind = models.CharField(_("类别"), max_length=40)
    label = models.CharField(_("名称"), max_length=120)
    status = models.CharField(_("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    message = models.TextField(_("说明"), blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    result_file = models.CharField(_("结果文件"), max_length=200, blank=True)
    result_name = models.CharField(_("下载文件名"), max_length=120, blank=True)
    params = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = BackgroundJobQuerySet.as_manager()
    scope = ScopeRoot()

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "created_at"])]

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class BusinessClock(models.Model):
    """The one row that may set the business date (业务日期) apart from the calendar: the demo, a 2018 round,
    is viewed as of a day in 2019. Without the row, or with no date in it, business logic runs on the real date.
    Read it through ``xuncha.core.clock``; audit, session, lock-out and job times always stay real."""

    business_date = models.DateField(_("业务日期"), null=True, blank=True)
    reason = models.CharField(_("说明"), max_length=40, blank=True, help_text=_("如：演示"))

    class Meta:
        verbose_name = _("业务日期")
        verbose_name_plural = _("业务日期")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="business_clock_single_row")]

    def __str__(self) -> str:
        return str(self.business_date or _("实际日期"))
