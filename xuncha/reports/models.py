"""The inspection report (巡察报告), the special reports (专题报告), the meetings that hear them (领导小组听取汇报,
书记专题会) and the feedback (反馈意见) to each inspected organisation (spec §1.2 R4–R7, §8.3).

Who sees what (``grant_filter`` of each queryset, narrowing the parent's scope):

- a report, its versions and the special reports: the inspection's team leader and deputies, the office (staff and
  director) and the leading group of the dispatching committee (or one above it); never a team member, the liaison,
  the discipline commission, the organisation department or another team;
- a meeting and its decisions: the office and the leading group of the round's committee;
- a feedback: the report's readers, and the liaison of the organisation it is addressed to once it is delivered
  (both deliveries recorded) — never a draft, never another organisation's, and nothing else of the report.

The texts are the team's work product: encrypted at rest like the fieldwork records (the sections of a version are
one JSON text, encrypted as a whole).
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.crypto import EncryptedTextField
from xuncha.core.scoping import ScopedQuerySet, ScopedVia
from xuncha.inspections.models import Inspection, Round
from xuncha.orgs.models import Organization

# The standard structure of a report (spec §8.3, [S38]): key → heading.
REPORT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("basic", "一、基本情况和总体评价"),
    ("problems", "二、巡察发现的主要问题"),
    ("leads", "三、问题线索情况"),
    ("suggestions", "四、意见建议"),
    ("annex", "附：问题线索清单、立行立改清单、选人用人专项检查报告、专题报告"),
)
# The standard structure of a feedback (spec §8.3 反馈意见).
FEEDBACK_SECTIONS: tuple[tuple[str, str], ...] = (
    ("work", "一、巡察工作开展情况"),
    ("affirm", "二、肯定"),
    ("problems", "三、发现的主要问题"),
    ("requirements", "四、整改意见"),
    ("problem_list", "附件：问题清单"),
)


class Ecology(models.TextChoices):
    """The report's overall judgment of the political ecology (政治生态)."""

    IMPROVING = "improving", _("好转")
    STEADY = "steady", _("持平")
    WORSENING = "worsening", _("恶化")


class Implementation(models.TextChoices):
    """The report's judgment of how the organisation carries out decisions (贯彻决策部署)."""

    GOOD = "good", _("好")
    FAIR_GOOD = "fair_good", _("较好")
    AVERAGE = "average", _("一般")
    POOR = "poor", _("较差")


def _paths(user: Any, cap: Cap) -> tuple[str, ...]:
    return scope_of(user).business_paths(cap)


def report_readers(user: Any, prefix: str = "inspection__") -> models.Q:
    """The inspection's leader and deputies (VIEW_REPORTS on the team) and the office and leading group of the
    dispatching committee or one above it (VIEW_REPORTS on the jurisdiction)."""
    scope = scope_of(user)
    q = models.Q(pk__in=[])
    if team_ids := scope.all_team_ids(Cap.VIEW_REPORTS):
        q |= models.Q(**{f"{prefix}team_id__in": sorted(team_ids)})
    for path in _paths(user, Cap.VIEW_REPORTS):
        q |= models.Q(**{f"{prefix}jurisdiction__path__startswith": path})
    return q


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审定")


REPORT_COLORS = {ReportStatus.DRAFT: "secondary", ReportStatus.SUBMITTED: "warning",
                 ReportStatus.RETURNED: "danger", ReportStatus.APPROVED: "success"}


class ReportQuerySet(ScopedQuerySet["Report"]):
    def grant_filter(self, user: Any) -> models.Q | None:
        return report_readers(user)


class Report(models.Model):
    """The report of one inspection: its text lives in its versions (each save one); the status is the transition
    table's (draft → submitted by the leader → approved or returned by the office director)."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="report")
    title = models.CharField(_("标题"), max_length=120)
    status = models.CharField(_("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT,
                              editable=False)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    submitted_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    approved_on = models.DateField(_("审定日期"), null=True, blank=True)
    approved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("巡察报告")
        verbose_name_plural = _("巡察报告")
        ordering = ["inspection"]

    def __str__(self) -> str:
        # Never the content: this string goes into the audit log.
        return f"{self.inspection.code} 巡察报告"

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", args=[self.inspection_id])

    @property
    def status_color(self) -> str:
        return REPORT_COLORS[ReportStatus(self.status)]

    def latest_version(self) -> ReportVersion | None:
        return self.versions.order_by("-number").first()


class ReportVersion(models.Model):
    """One saved state of a report's text: the sections (key → text, JSON, encrypted) and the overall judgment."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    content = EncryptedTextField(_("正文"))
    ecology = models.CharField(_("政治生态"), max_length=12, choices=Ecology.choices, blank=True)
    implementation = models.CharField(_("贯彻决策部署"), max_length=12, choices=Implementation.choices, blank=True)
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    composed = models.BooleanField(_("系统生成的初稿"), default=False)
    saved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["ReportVersion"].as_manager()
    scope = ScopedVia("report")

    class Meta:
        verbose_name = _("巡察报告版本")
        verbose_name_plural = _("巡察报告版本")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique_number")]

    def __str__(self) -> str:
        return f"巡察报告 {self.report_id} 第{self.number}版"

    @property
    def sections(self) -> dict[str, str]:
        data = json.loads(self.content or "{}")
        return {key: str(data.get(key, "")) for key, _heading in REPORT_SECTIONS}

    def set_sections(self, sections: dict[str, str]) -> None:
        self.content = json.dumps({key: sections.get(key, "") for key, _h in REPORT_SECTIONS}, ensure_ascii=False)

    def heading_sections(self) -> list[tuple[str, str, str]]:
        """(key, heading, text) in the standard order."""
        texts = self.sections
        return [(key, heading, texts[key]) for key, heading in REPORT_SECTIONS]


class SpecialReportKind(models.TextChoices):
    IMPORTANT = "important", _("重要情况专题报告")
    APPOINTMENTS = "appointments", _("选人用人专项检查报告")
    GENERAL = "general", _("普遍性倾向性问题专题报告")
    LEADS = "leads", _("线索专题报告")


class SpecialReportQuerySet(ScopedQuerySet["SpecialReport"]):
    def grant_filter(self, user: Any) -> models.Q | None:
        return report_readers(user)


class SpecialReport(models.Model):
    """A special report (专题报告) on a general or a major problem, beside the report (spec R4)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="special_reports")
    kind = models.CharField(_("类别"), max_length=16, choices=SpecialReportKind.choices)
    title = models.CharField(_("标题"), max_length=120)
    body = EncryptedTextField(_("正文"))
    written_on = models.DateField(_("日期"))
    written_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpecialReportQuerySet.as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("专题报告")
        verbose_name_plural = _("专题报告")
        ordering = ["inspection", "written_on", "pk"]

    def __str__(self) -> str:
        return f"{self.inspection.code} {self.get_kind_display()}"


class MeetingKind(models.TextChoices):
    LEADING_GROUP = "leading_group", _("巡察工作领导小组会议（听取汇报）")
    SECRETARY = "secretary", _("书记专题会")


class DecisionKind(models.TextChoices):
    AGREE_FEEDBACK = "agree_feedback", _("同意反馈")
    REVISE = "revise", _("修改完善报告")
    REFER_LEADS = "refer_leads", _("移交问题线索")
    SPECIAL_REPORT = "special_report", _("形成专题报告")
    RECTIFY = "rectify", _("督促整改")


class MeetingQuerySet(ScopedQuerySet["Meeting"]):
    def grant_filter(self, user: Any) -> models.Q | None:
        q = models.Q(pk__in=[])
        for path in _paths(user, Cap.VIEW_MEETINGS):
            q |= models.Q(round__jurisdiction__path__startswith=path)
        return q


class Meeting(models.Model):
    """The leading group's hearing of a round's reports, or the secretary's meeting on them (spec R5)."""

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("会议"), max_length=16, choices=MeetingKind.choices)
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=80, blank=True)
    chair = models.CharField(_("主持人"), max_length=60)
    attendees = models.TextField(_("出席人员"))
    minutes = EncryptedTextField(_("会议纪要"), blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()
    scope = ScopedVia("round")

    class Meta:
        verbose_name = _("听取巡察汇报会议")
        verbose_name_plural = _("听取巡察汇报会议")
        ordering = ["round", "held_on", "pk"]
        indexes = [models.Index(fields=["round", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("reports:meeting-detail", args=[self.pk])


class MeetingDecision(models.Model):
    """What a meeting decided on one inspection it heard (one or more kinds, and the wording)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="meeting_decisions")
    kinds = models.JSONField(_("决定事项"), default=list)
    text = EncryptedTextField(_("决定内容"), blank=True)

    objects = ScopedQuerySet["MeetingDecision"].as_manager()
    scope = ScopedVia("meeting")

    class Meta:
        verbose_name = _("会议决定")
        verbose_name_plural = _("会议决定")
        ordering = ["meeting", "inspection"]
        constraints = [models.UniqueConstraint(fields=["meeting", "inspection"], name="decision_unique_inspection")]

    def __str__(self) -> str:
        return f"会议决定 {self.meeting_id}-{self.inspection_id}"

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(DecisionKind.choices)
        return [str(labels.get(k, k)) for k in self.kinds]


class FeedbackStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    ISSUED = "issued", _("已印发")
    DELIVERED = "delivered", _("已反馈")
    RECEIVED = "received", _("已签收")


FEEDBACK_COLORS = {FeedbackStatus.DRAFT: "secondary", FeedbackStatus.ISSUED: "info",
                   FeedbackStatus.DELIVERED: "primary", FeedbackStatus.RECEIVED: "success"}
# The liaison sees a feedback addressed to the organisation from its delivery on.
LIAISON_VISIBLE = (FeedbackStatus.DELIVERED, FeedbackStatus.RECEIVED)


class FeedbackQuerySet(ScopedQuerySet["Feedback"]):
    def grant_filter(self, user: Any) -> models.Q | None:
        q = report_readers(user)
        if org_ids := scope_of(user).organization_ids:
            q |= models.Q(organization_id__in=sorted(org_ids), status__in=list(LIAISON_VISIBLE))
        return q


class Feedback(models.Model):
    """The feedback to one inspected organisation, derived from the approved report without any trace of a
    source (``deidentify``): a formal document (文号, 主送, 抄送, 印发日期, 待办时限) delivered twice (双反馈) and
    signed for."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="feedbacks")
    organization = models.ForeignKey(Organization, verbose_name=_("主送"), on_delete=models.PROTECT,
                                     related_name="+")
    title = models.CharField(_("标题"), max_length=120)
    content = EncryptedTextField(_("正文"))
    number = models.CharField(_("文号"), max_length=40, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=FeedbackStatus.choices,
                              default=FeedbackStatus.DRAFT, editable=False)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    issued_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    plan_due = models.DateField(_("整改方案报送期限"), null=True, blank=True)
    report_due = models.DateField(_("整改情况报告报送期限"), null=True, blank=True)
    received_on = models.DateField(_("签收日期"), null=True, blank=True)
    received_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    received_name = models.CharField(_("签收人"), max_length=30, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeedbackQuerySet.as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("反馈意见")
        verbose_name_plural = _("反馈意见")
        ordering = ["inspection", "organization"]
        constraints = [models.UniqueConstraint(fields=["inspection", "organization"],
                                               name="feedback_unique_organization")]

    def __str__(self) -> str:
        return f"{self.inspection.code} 反馈意见 {self.organization_id}"

    def get_absolute_url(self) -> str:
        return reverse("reports:feedback-detail", args=[self.pk])

    @property
    def status_color(self) -> str:
        return FEEDBACK_COLORS[FeedbackStatus(self.status)]

    @property
    def sections(self) -> dict[str, str]:
        data = json.loads(self.content or "{}")
        return {key: str(data.get(key, "")) for key, _heading in FEEDBACK_SECTIONS}

    def set_sections(self, sections: dict[str, str]) -> None:
        self.content = json.dumps({key: sections.get(key, "") for key, _h in FEEDBACK_SECTIONS},
                                  ensure_ascii=False)

    def heading_sections(self) -> list[tuple[str, str, str]]:
        texts = self.sections
        return [(key, heading, texts[key]) for key, heading in FEEDBACK_SECTIONS]


class DeliveryKind(models.TextChoices):
    LEADERSHIP = "leadership", _("向领导班子反馈")
    PRINCIPAL = "principal", _("向主要负责人反馈")


class FeedbackDelivery(models.Model):
    """One of the two deliveries (双反馈): when, where, who delivered and who received it."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("反馈对象"), max_length=12, choices=DeliveryKind.choices)
    delivered_on = models.DateField(_("反馈日期"))
    place = models.CharField(_("地点"), max_length=80)
    delivered_by = models.CharField(_("反馈人"), max_length=200)
    received_by = models.CharField(_("接受反馈人"), max_length=200)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["FeedbackDelivery"].as_manager()
    scope = ScopedVia("feedback")

    class Meta:
        verbose_name = _("反馈记录")
        verbose_name_plural = _("反馈记录")
        ordering = ["feedback", "delivered_on", "kind"]
        constraints = [models.UniqueConstraint(fields=["feedback", "kind"], name="delivery_unique_kind")]

    def __str__(self) -> str:
        return f"反馈记录 {self.feedback_id} {self.get_kind_display()}"


class CopyBody(models.TextChoices):
    """The bodies a feedback is copied to (抄告, spec R7: 东海 "四抄告")."""

    DISCIPLINE = "discipline", _("纪委监委")
    ORG_DEPARTMENT = "org_department", _("组织部")
    LEADER_IN_CHARGE = "leader_in_charge", _("分管领导")
    RESPONSIBLE_DEPARTMENT = "responsible_department", _("主责部门")


class FeedbackCopy(models.Model):
    """A copy (抄告) of the feedback to a body that supervises the rectification."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="copies")
    body = models.CharField(_("抄告对象"), max_length=24, choices=CopyBody.choices)
    name = models.CharField(_("名称"), max_length=80)
    sent_on = models.DateField(_("抄告日期"))
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet["FeedbackCopy"].as_manager()
    scope = ScopedVia("feedback")

    class Meta:
        verbose_name = _("抄告")
        verbose_name_plural = _("抄告")
        ordering = ["feedback", "body"]
        constraints = [models.UniqueConstraint(fields=["feedback", "body"], name="copy_unique_body")]

    def __str__(self) -> str:
        return f"抄告 {self.feedback_id} {self.get_body_display()}"
