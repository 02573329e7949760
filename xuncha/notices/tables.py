"""The notice list and the immediate-rectification items as django-tables2 tables (``core.lists.Table``)."""

from __future__ import annotations

import datetime
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import Table
from xuncha.notices.models import ImmediateItem, ItemStatus, Notice


def overdue_badge(days: int) -> SafeString:
    return format_html('<span class="badge text-bg-danger">{}</span>', f"逾期 {days} 天")


class NoticeTable(Table):
    code = tables.Column(verbose_name=_("编号"), orderable=True, order_by=("sequence",),
                         attrs={"td": {"class": "font-monospace text-nowrap"}})
    title = tables.Column(verbose_name=_("通知书"), attrs={"td": {"class": "col-text"}})
    organization = tables.Column(verbose_name=_("主送单位"), accessor="organization__short_name",
                                 attrs={"td": {"class": "text-nowrap"}})
    deadline = tables.DateColumn(verbose_name=_("回复期限"), format="Y-m-d", orderable=True,
                                 attrs={"td": {"class": "text-nowrap"}})
    status = tables.Column(verbose_name=_("状态"), orderable=True, attrs={"td": {"class": "text-nowrap"}})

    empty_icon = "envelope-exclamation"

    class Meta(Table.Meta):
        model = Notice
        fields = ("code", "title", "organization", "deadline", "status")
        empty_text = _("还没有通知书。")

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def render_code(self, record: Notice) -> Any:
        return format_html('<a href="{}">{}</a>', reverse("notices:notice-detail", args=[record.pk]),
                           record.number or record.code)

    def render_title(self, record: Notice) -> Any:
        items = ""
        if record.is_rectification:
            items = f" · 立行立改 {getattr(record, 'items_done', 0)}/{getattr(record, 'item_count', 0)} 项"
        return format_html('{}<div class="small text-muted">{}{}</div>', record.title, record.get_kind_display(),
                           items)

    def render_status(self, record: Notice) -> Any:
        badge = format_html('<span class="badge text-bg-{}">{}</span>', record.status_color,
                            record.get_status_display())
        if record.is_overdue(self.today):
            return format_html("{} {}", badge, overdue_badge(record.days_overdue(self.today)))
        return badge


class ImmediateItemTable(Table):
    number = tables.Column(verbose_name=_("通知书"), accessor="notice__number", orderable=False,
                           attrs={"td": {"class": "text-nowrap"}})
    sequence = tables.Column(verbose_name=_("序号"))
    problem = tables.Column(verbose_name=_("问题"), attrs={"td": {"class": "col-text"}})
    measures = tables.Column(verbose_name=_("整改措施"), attrs={"td": {"class": "col-text"}})
    status = tables.Column(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})

    empty_icon = "list-check"

    class Meta(Table.Meta):
        model = ImmediateItem
        fields = ("number", "sequence", "problem", "measures", "status")
        empty_text = _("还没有印发的整改通知书。")

    def render_number(self, record: ImmediateItem) -> Any:
        return format_html('<a href="{}">{}</a><div class="small text-muted">{}</div>',
                           reverse("notices:notice-detail", args=[record.notice_id]), record.notice.number,
                           record.notice.organization.short_name)

    def render_problem(self, record: ImmediateItem) -> Any:
        if not record.requirement:
            return record.problem
        return format_html('{}<div class="small text-muted">{}：{}</div>', record.problem, _("要求"),
                           record.requirement)

    def render_measures(self, record: ImmediateItem) -> Any:
        return record.measures or "—"

    def render_status(self, record: ImmediateItem) -> Any:
        if record.status == ItemStatus.DONE:
            return format_html('<span class="badge text-bg-success">{}</span><div class="small text-muted">{}</div>',
                               record.get_status_display(), f"{record.done_on:%Y-%m-%d}" if record.done_on else "")
        return format_html('<span class="badge text-bg-warning">{}</span>', record.get_status_display())
