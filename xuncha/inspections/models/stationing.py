"""Stationing records of an inspection (进驻准备): notices, the liaison group, the mobilisation meeting,
the announcement with its petition channels, and the team members' declarations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.core.scoping import ScopedQuerySet, ScopedVia
from xuncha.inspections.models.base import Inspection, TeamMembership
from xuncha.orgs.models import Organization


class InspectionNotice(models.Model):
    """The inspection notice (巡察通知) sent to the inspected organisation before stationing."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="notices")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    notice_no = models.CharField(_("文号"), max_length=40)
    issued_on = models.DateField(_("印发日期"))
    entry_date = models.DateField(_("进驻时间"))
    requirements = models.TextField(_("准备事项"))
    liaison_list_due = models.DateField(_("联络组名单报送时限"))

    objects = ScopedQuerySet["InspectionNotice"].as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("巡察通知")
        verbose_name_plural = _("巡察通知")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "organization"], name="notice_unique_organization")
        ]

    def __str__(self) -> str:
        return self.notice_no


class LiaisonContact(models.Model):
    """A member of the inspected organisation's liaison group (联络组)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="liaison_contacts")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=30)
    post = models.CharField(_("职务"), max_length=60)
    phone = models.CharField(_("电话"), max_length=20)
    is_head = models.BooleanField(_("联络组组长"), default=False)

    objects = ScopedQuerySet["LiaisonContact"].as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("联络组成员")
        verbose_name_plural = _("联络组成员")
        ordering = ["inspection", "-is_head", "id"]

    def __str__(self) -> str:
        return self.name


class MobilizationMeeting(models.Model):
    """The stationing mobilisation meeting (进驻动员会)."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="mobilization_meeting")
    held_at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=100)
    attendees = models.TextField(_("参会范围"))
    speakers = models.TextField(_("讲话人"), help_text=_("如：领导小组成员讲话、组长通报、被巡察党组织书记表态。"))
    minutes = models.TextField(_("会议纪要"), blank=True)

    objects = ScopedQuerySet["MobilizationMeeting"].as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("进驻动员会")
        verbose_name_plural = _("进驻动员会")

    def __str__(self) -> str:
        return f"{self.inspection} 动员会"


class StationingAnnouncement(models.Model):
    """The stationing announcement (巡察公告) with the petition channels the public may use."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="announcement")
    phone = models.CharField(_("值班电话"), max_length=40)
    phone_hours = models.CharField(_("接听时间"), max_length=60)
    post_box = models.CharField(_("邮政信箱"), max_length=80, blank=True)
    visit_address = models.CharField(_("来访地址"), max_length=120, blank=True)
    suggestion_box = models.CharField(_("意见箱位置"), max_length=120, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    web_channel = models.CharField(_("网络举报渠道"), max_length=120, blank=True)
    accept_from = models.DateField(_("受理开始"))
    accept_until = models.DateField(_("受理截止"))
    scope_text = models.TextField(_("受理范围"))
    published_on = models.DateField(_("发布日期"), null=True, blank=True)

    objects = ScopedQuerySet["StationingAnnouncement"].as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("巡察公告")
        verbose_name_plural = _("巡察公告")

    def __str__(self) -> str:
        return f"{self.inspection} 公告"


class DeclarationKind(models.TextChoices):
    RECUSAL = "recusal", _("回避申请书")
    CONFIDENTIALITY = "confidentiality", _("保密承诺书")


class MemberDeclaration(models.Model):
    """A team member's signed recusal declaration or confidentiality pledge; both are needed to station."""

    membership = models.ForeignKey(TeamMembership, on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(_("类别"), max_length=16, choices=DeclarationKind.choices)
    signed_on = models.DateField(_("签署日期"))
    note = models.CharField(_("申报事项"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet["MemberDeclaration"].as_manager()
    scope = ScopedVia("membership")

    class Meta:
        verbose_name = _("回避申请与保密承诺")
        verbose_name_plural = _("回避申请与保密承诺")
        constraints = [models.UniqueConstraint(fields=["membership", "kind"], name="declaration_unique_kind")]

    def __str__(self) -> str:
        return f"{self.membership.person} {self.get_kind_display()}"
