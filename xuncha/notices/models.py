"""Notices the team issues to the inspected organisation while stationed (spec §6.5): the rectification notice
(《整改通知书》, what must be fixed at once, each thing an immediate-rectification item 立行立改) and the explanation
request (《情况说明通知书》, a matter and the questions to answer), with the liaison's receipt (签收) and answers.

Who sees them (``NoticeQuerySet.grant_filter``, narrowing the inspection's scope): the team of the inspection and
the office (staff and director) of the committee that sent it, every notice; the liaison of the organisation a
notice is addressed to, that notice once issued (never a draft, never another organisation's). Answers, files and
items follow their notice (``ScopedVia``). The texts are the team's work product and the unit's answers: encrypted
at rest like the fieldwork records.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Role
from xuncha.accounts.scope import scope_of
from xuncha.core.crypto import EncryptedTextField
from xuncha.core.scoping import ScopedQuerySet, ScopedVia
from xuncha.inspections.models import Inspection
from xuncha.orgs.models import Jurisdiction, Organization


class NoticeKind(models.TextChoices):
    RECTIFICATION = "rectification", _("整改通知书")
    EXPLANATION = "explanation", _("情况说明通知书")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")
    RECEIVED = "received", _("已签收")
    ANSWERED = "answered", _("已回复")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已认可")


# A notice waits for the organisation in these states; past its deadline it is overdue.
AWAITING_ANSWER = frozenset({NoticeStatus.ISSUED, NoticeStatus.RECEIVED, NoticeStatus.RETURNED})
STATUS_COLORS = {
    NoticeStatus.DRAFT: "secondary", NoticeStatus.ISSUED: "info", NoticeStatus.RECEIVED: "primary",
    NoticeStatus.ANSWERED: "warning", NoticeStatus.RETURNED: "danger", NoticeStatus.ACCEPTED: "success",
}


def team_or_office(user: Any, prefix: str = "inspection__") -> models.Q:
    """The inspection's team (any team role) and the office (staff, director) of the committee that sent it."""
    scope = scope_of(user)
    q = models.Q(pk__in=[])
    if team_ids := scope.all_team_ids():
        q |= models.Q(**{f"{prefix}team_id__in": team_ids})
    paths = (*scope.jurisdiction_paths.get(Role.OFFICE_STAFF, ()),
             *scope.jurisdiction_paths.get(Role.OFFICE_DIRECTOR, ()))
    if paths:
        q |= models.Q(**{f"{prefix}jurisdiction__path__in": paths})
    return q


class NoticeQuerySet(ScopedQuerySet["Notice"]):
    def grant_filter(self, user: Any) -> models.Q | None:
        q = team_or_office(user)
        if org_ids := scope_of(user).organization_ids:
            q |= models.Q(organization_id__in=org_ids) & ~models.Q(status=NoticeStatus.DRAFT)
        return q

    def overdue(self, today: datetime.date) -> NoticeQuerySet:
        """Notices still waiting for the organisation's answer after their deadline."""
        return self.filter(status__in=list(AWAITING_ANSWER), deadline__lt=today)


class Notice(models.Model):
    """One notice: to which organisation, what (the problem or the matter), on what basis, by when."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="stay_notices")
    # The dispatching committee (the inspection's), kept for the numbering constraint.
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+", editable=False)
    organization = models.ForeignKey(Organization, verbose_name=_("主送单位"), on_delete=models.PROTECT,
                                     related_name="+")
    kind = models.CharField(_("类别"), max_length=16, choices=NoticeKind.choices)
    code = models.CharField(_("登记编号"), max_length=40, unique=True)
    sequence = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=120)
    # 整改通知书: the problem found; 情况说明通知书: the matter to explain.
    subject = EncryptedTextField(_("问题或事项"))
    basis = EncryptedTextField(_("依据"), blank=True)
    # 整改通知书: what is required; 情况说明通知书: the questions to answer and the materials to provide.
    requirement = EncryptedTextField(_("要求"))
    deadline = models.DateField(_("回复期限"))
    contact = models.CharField(_("联系人及电话"), max_length=80, blank=True)
    number = models.CharField(_("文号"), max_length=40, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    number_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    issued_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("签收日期"), null=True, blank=True)
    received_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    received_name = models.CharField(_("签收人"), max_length=30, blank=True)
    accepted_on = models.DateField(_("认可日期"), null=True, blank=True)
    accepted_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    assessment = EncryptedTextField(_("巡察组意见"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT,
                              editable=False)
    drafted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoticeQuerySet.as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("驻点期间通知书")
        verbose_name_plural = _("驻点期间通知书")
        ordering = ["inspection", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "sequence"], name="notice_unique_sequence"),
            models.UniqueConstraint(fields=["jurisdiction", "kind", "number_year", "number_serial"],
                                    name="notice_unique_number"),
        ]
        indexes = [models.Index(fields=["inspection", "status"]), models.Index(fields=["organization", "status"]),
                   models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        # Never the content: this string goes into the audit log.
        return f"{self.number or self.code} {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.jurisdiction_id = self.inspection.jurisdiction_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("notices:notice-detail", args=[self.pk])

    @property
    def status_color(self) -> str:
        return STATUS_COLORS[NoticeStatus(self.status)]

    @property
    def is_rectification(self) -> bool:
        return self.kind == NoticeKind.RECTIFICATION

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in AWAITING_ANSWER and self.deadline < today

    def days_overdue(self, today: datetime.date) -> int:
        return (today - self.deadline).days if self.is_overdue(today) else 0


class ItemStatus(models.TextChoices):
    OPEN = "open", _("未完成")
    DONE = "done", _("已完成")


class ImmediateItem(models.Model):
    """One thing to fix at once (立行立改) in a rectification notice. It is done when the team accepts an answer
    that reports it done (the evidence is that answer and its files); otherwise it stays open and the rectification
    ledger takes it over (``selectors.immediate_items``)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="items")
    sequence = models.PositiveSmallIntegerField(_("序号"))
    problem = EncryptedTextField(_("问题"))
    requirement = EncryptedTextField(_("整改要求"), blank=True)
    # From the organisation's latest answer.
    measures = EncryptedTextField(_("整改措施"), blank=True)
    reported_done = models.BooleanField(_("单位报告已完成"), default=False)
    status = models.CharField(_("状态"), max_length=8, choices=ItemStatus.choices, default=ItemStatus.OPEN,
                              editable=False)
    done_on = models.DateField(_("完成日期"), null=True, blank=True, editable=False)
    evidence = models.ForeignKey("NoticeAnswer", verbose_name=_("整改证据（回复）"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+", editable=False)

    objects = ScopedQuerySet["ImmediateItem"].as_manager()
    scope = ScopedVia("notice")

    class Meta:
        verbose_name = _("立行立改事项")
        verbose_name_plural = _("立行立改事项")
        ordering = ["notice", "sequence"]
        constraints = [models.UniqueConstraint(fields=["notice", "sequence"], name="item_unique_sequence")]

    def __str__(self) -> str:
        return f"立行立改事项 {self.notice_id}-{self.sequence}"


class NoticeAnswer(models.Model):
    """One answer of the organisation (the first, or another after the team sent the notice back), with the team's
    verdict on it."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveSmallIntegerField(_("第几次回复"))
    text = EncryptedTextField(_("回复内容"))
    answered_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    answered_on = models.DateField(_("回复日期"))
    answered_at = models.DateTimeField(auto_now_add=True)
    verdict = models.CharField(_("巡察组意见"), max_length=10, blank=True,
                               choices=[("accepted", _("认可")), ("returned", _("退回"))])
    verdict_note = EncryptedTextField(_("意见说明"), blank=True)

    objects = ScopedQuerySet["NoticeAnswer"].as_manager()
    scope = ScopedVia("notice")

    class Meta:
        verbose_name = _("通知书回复")
        verbose_name_plural = _("通知书回复")
        ordering = ["notice", "round"]
        constraints = [models.UniqueConstraint(fields=["notice", "round"], name="answer_unique_round")]

    def __str__(self) -> str:
        return f"通知书回复 {self.notice_id}-{self.round}"


class NoticeFile(models.Model):
    """A file of an answer (checked by content and size before it is stored; private storage)."""

    answer = models.ForeignKey(NoticeAnswer, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="notices/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["NoticeFile"].as_manager()
    scope = ScopedVia("answer__notice")

    class Meta:
        verbose_name = _("回复附件")
        verbose_name_plural = _("回复附件")
        ordering = ["answer", "id"]

    def __str__(self) -> str:
        return f"回复附件 {self.pk}"
