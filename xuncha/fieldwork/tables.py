"""The list tables of fieldwork: ``core.lists.Table`` (ADR-0018), rendered by ``components/table.html`` like every
other list. Cells read only what the list's selector loads (``select_related`` and annotations): no query per row."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import Table
from xuncha.fieldwork.models import DocumentRequest, Talk, WorkRecord

STATUS_COLORS = {
    "planned": "secondary", "rescheduled": "warning", "done": "success", "declined": "danger",
    "cancelled": "dark", "requested": "secondary", "delivered": "info", "received": "primary",
    "reviewed": "primary", "returned": "success",
}


def _badge(value: str, label: Any) -> str:
    return format_html('<span class="badge status-badge text-bg-{}">{}</span>', STATUS_COLORS.get(value, "secondary"),
                       label)


class TalkTable(Table):
    code = tables.Column(verbose_name=_("编号"), orderable=True, order_by=("sequence",),
                         attrs={"td": {"class": "font-monospace text-nowrap"}})
    name = tables.Column(verbose_name=_("谈话对象"), orderable=True, attrs={"td": {"class": "col-text"}})
    category = tables.Column(verbose_name=_("类别"), orderable=True, order_by=("category", "sequence"),
                             attrs={"td": {"class": "text-nowrap"}})
    scheduled_at = tables.Column(verbose_name=_("安排时间"), orderable=True, attrs={"td": {"class": "text-nowrap"}})
    interviewers = tables.Column(verbose_name=_("谈话人"), accessor="interviewer", orderable=False)
    status = tables.Column(verbose_name=_("进展"), orderable=True, attrs={"td": {"class": "text-nowrap"}})

    empty_icon = "chat-square-text"

    class Meta(Table.Meta):
        model = Talk
        fields = ("code", "name", "category", "scheduled_at", "interviewers", "status")
        empty_text = _("没有符合条件的谈话安排。")

    def render_code(self, record: Talk, value: Any) -> str:
        return format_html('<a href="{}">{}</a>', reverse("fieldwork:talk-detail", args=[record.pk]), value)

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


class DocumentRequestTable(Table):
    code = tables.Column(verbose_name=_("编号"), orderable=True, order_by=("sequence",),
                         attrs={"td": {"class": "font-monospace text-nowrap"}})
    title = tables.Column(verbose_name=_("调阅资料"), orderable=True, attrs={"td": {"class": "col-text"}})
    organization = tables.Column(verbose_name=_("提供单位"), accessor="organization__short_name",
                                 attrs={"td": {"class": "text-nowrap"}})
    deadline = tables.DateColumn(verbose_name=_("提供期限"), format="Y-m-d", orderable=True,
                                 attrs={"td": {"class": "text-nowrap"}})
    file_count = tables.Column(verbose_name=_("文件"), orderable=False, attrs={"td": {"class": "tabular"}})
    status = tables.Column(verbose_name=_("状态"), orderable=True, attrs={"td": {"class": "text-nowrap"}})

    empty_icon = "folder2-open"

    class Meta(Table.Meta):
        model = DocumentRequest
        fields = ("code", "title", "organization", "deadline", "file_count", "status")
        empty_text = _("没有符合条件的调阅资料。")

    def render_code(self, record: DocumentRequest, value: Any) -> str:
        return format_html('<a href="{}">{}</a>', reverse("fieldwork:document-detail", args=[record.pk]), value)

    def render_title(self, record: DocumentRequest) -> str:
        return format_html('{}<div class="small text-muted">{}</div>', record.title, record.period)

    def render_status(self, record: DocumentRequest) -> str:
        return _badge(record.status, record.get_status_display())


class WorkRecordTable(Table):
    reference = tables.Column(verbose_name=_("记录编号"), orderable=True, order_by=("sequence",),
                              attrs={"td": {"class": "font-monospace text-nowrap"}})
    held_on = tables.DateColumn(verbose_name=_("日期"), format="Y-m-d", orderable=True,
                                attrs={"td": {"class": "text-nowrap"}})
    method = tables.Column(verbose_name=_("工作方式"), orderable=True, attrs={"td": {"class": "text-nowrap"}})
    title = tables.Column(verbose_name=_("事项"), attrs={"td": {"class": "col-text"}})
    place = tables.Column(verbose_name=_("地点"), attrs={"td": {"class": "col-text"}})

    empty_icon = "journal-text"

    class Meta(Table.Meta):
        model = WorkRecord
        fields = ("reference", "held_on", "method", "title", "place")
        empty_text = _("没有符合条件的工作记录。")

    def render_reference(self, record: WorkRecord, value: Any) -> str:
        return format_html('<a href="{}">{}</a>', reverse("fieldwork:workrecord-detail", args=[record.pk]), value)
