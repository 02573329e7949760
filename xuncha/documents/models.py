"""Document numbers (发文字号): one sequence per jurisdiction, series and year, and every number handed out.

``DocumentSequence`` holds the last serial of a series in a year; it is read with ``select_for_update`` while a
number is issued, so two issues at once wait for each other. ``IssuedNumber`` records each number, with a unique
constraint on (jurisdiction, series, year, serial): even a path that bypassed the lock could not hand the same
number out twice. A new year has no sequence row yet, so its first number is 1.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.core.scoping import ScopedQuerySet, ScopedVia
from xuncha.orgs.models import Jurisdiction


class DocumentSeries(models.TextChoices):
    """The series of numbers a jurisdiction's inspection office keeps, with the 机关代字's suffix of each (the
    jurisdiction's one-character short name goes before it: 洛 + 巡办 → 洛巡办〔2018〕25号)."""

    OFFICE = "office", _("巡察办文件")
    NOTICE = "notice", _("巡察通知")
    RECTIFICATION = "rectification", _("整改通知书")
    EXPLANATION = "explanation", _("情况说明通知书")
    REFERRAL = "referral", _("问题线索移交函")
    FEEDBACK = "feedback", _("巡察反馈意见")
    REPORT = "report", _("巡察报告")


SERIES_CODES: dict[str, str] = {
    DocumentSeries.OFFICE: "巡办",
    DocumentSeries.NOTICE: "巡通",
    DocumentSeries.RECTIFICATION: "巡改",
    DocumentSeries.EXPLANATION: "巡说",
    DocumentSeries.REFERRAL: "巡移",
    DocumentSeries.FEEDBACK: "巡反",
    DocumentSeries.REPORT: "巡报",
}


class DocumentSequence(models.Model):
    """The last serial issued in one series of one jurisdiction in one year."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    series = models.CharField(_("文号系列"), max_length=20, choices=DocumentSeries.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_serial = models.PositiveIntegerField(_("已用到的顺序号"), default=0)

    objects = ScopedQuerySet["DocumentSequence"].as_manager()
    scope = ScopedVia("jurisdiction")

    class Meta:
        verbose_name = _("发文字号序列")
        verbose_name_plural = _("发文字号序列")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "series", "year"], name="document_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.get_series_display()} {self.year}"


class IssuedNumber(models.Model):
    """One document number handed out (by the sequence, or typed by the office and reserved)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    series = models.CharField(_("文号系列"), max_length=20, choices=DocumentSeries.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("顺序号"))
    number = models.CharField(_("发文字号"), max_length=40)
    purpose = models.CharField(_("用途"), max_length=120, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("取号时间"), auto_now_add=True)

    objects = ScopedQuerySet["IssuedNumber"].as_manager()
    scope = ScopedVia("jurisdiction")

    class Meta:
        verbose_name = _("已取发文字号")
        verbose_name_plural = _("已取发文字号")
        ordering = ["jurisdiction", "series", "year", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "series", "year", "serial"],
                                    name="issued_number_unique"),
        ]

    def __str__(self) -> str:
        return self.number
