"""The list tables of fieldwork (django-tables2), rendered by the app's own template
(``fieldwork/includes/table.html``): Bootstrap, scrolling sideways on a phone, the first column links."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import DocumentRequest, Talk, WorkRecord

STATUS_COLORS = {
    "planned": "secondary", "rescheduled": "warning", "done": "success", "declined": "danger",
    "requested": "secondary", "delivered": "info", "received": "primary", "reviewed": "primary",
    "returned": "success",
}


def _badge(value: str, label: Any) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_COLORS.get(value, "secondary"), label)


class TalkTable(tables.Table):
    code = tables.Column(verbose_name=_("编号"), linkify=lambda record: reverse("fieldwork:talk-detail",
                                                                               args=[record.pk]))
    name = tables.Column(verbose_name=_("谈话对象"))
    category = tables.Column(verbose_name=_("类别"))
    scheduled_at = tables.Column(verbose_name=_("安排时间"))
    interviewers = tables.Column(verbose_name=_("谈话人"), accessor="interviewer", orderable=False)
    status = tables.Column(verbose_name=_("进展"))

    class Meta:
        model = Talk
        fields = ("code", "name", "category", "scheduled_at", "interviewers", "status")
        orderable = False

    def render_name(self, record: Talk) -> str:
        return format_html('{}<div class="small text-muted">{}</div>', record.name, record.post)

    def render_category(self, record: Talk) -> str:
        return format_html('{}<div class="small text-muted">{}</div>', record.get_category_display(),
                           record.get_talk_type_display())

    def render_scheduled_at(self, value: Any) -> str:
        return timezone.localtime(value).strftime("%m-%d %H:%M")

    def render_interviewers(self, record: Talk) -> str:
        names = [p.name for p in (record.interviewer, record.recorder) if p is not None]
        return "、".join(names)

    def render_status(self, record: Talk) -> str:
        return _badge(record.status, record.get_status_display())


class DocumentRequestTable(tables.Table):
    code = tables.Column(verbose_name=_("编号"), linkify=lambda record: reverse("fieldwork:document-detail",
                                                                               args=[record.pk]))
    title = tables.Column(verbose_name=_("调阅资料"))
    organization = tables.Column(verbose_name=_("提供单位"), accessor="organization__short_name")
    deadline = tables.DateColumn(verbose_name=_("提供期限"), format="Y-m-d")
    file_count = tables.Column(verbose_name=_("文件"), orderable=False)
    status = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = DocumentRequest
        fields = ("code", "title", "organization", "deadline", "file_count", "status")
        orderable = False

    def render_title(self, record: DocumentRequest) -> str:
        return format_html('{}<div class="small text-muted">{}</div>', record.title, record.period)

    def render_status(self, record: DocumentRequest) -> str:
        return _badge(record.status, record.get_status_display())


class WorkRecordTable(tables.Table):
    reference = tables.Column(verbose_name=_("记录编号"),
                              linkify=lambda record: reverse("fieldwork:workrecord-detail", args=[record.pk]))
    held_on = tables.DateColumn(verbose_name=_("日期"), format="Y-m-d")
    method = tables.Column(verbose_name=_("工作方式"))
    title = tables.Column(verbose_name=_("事项"))
    place = tables.Column(verbose_name=_("地点"))

    class Meta:
        model = WorkRecord
        fields = ("reference", "held_on", "method", "title", "place")
        orderable = False
