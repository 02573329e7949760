"""The findings list table (``core.lists.Table``, ADR-0018): cells read what ``selectors.finding_list`` loads."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import Table
from xuncha.findings.models import Finding

STATUS_COLORS = {
    "draft": "secondary", "submitted": "info", "reviewed": "info", "confirmed": "primary", "adopted": "success",
    "in_report": "success", "fed_back": "dark", "rectifying": "warning",
}
SEVERITY_COLORS = {"general": "light", "serious": "warning", "grave": "danger"}


class FindingTable(Table):
    code = tables.Column(verbose_name=_("编号"), orderable=True, order_by=("sequence",),
                         attrs={"td": {"class": "font-monospace text-nowrap"}})
    title = tables.Column(verbose_name=_("问题概述"), orderable=True)
    category = tables.Column(verbose_name=_("问题类别"), orderable=True, order_by=("category__order",))
    amount = tables.Column(verbose_name=_("涉及金额（元）"), orderable=True, attrs={"td": {"class": "text-end"}})
    severity = tables.Column(verbose_name=_("程度"), orderable=True)
    status = tables.Column(verbose_name=_("状态"), orderable=True, attrs={"td": {"class": "text-nowrap"}})

    empty_icon = "clipboard-x"

    class Meta(Table.Meta):
        model = Finding
        fields = ("code", "title", "category", "amount", "severity", "status")
        empty_text = _("没有符合条件的问题。")

    def render_code(self, record: Finding, value: Any) -> str:
        return format_html('<a href="{}">{}</a>', reverse("findings:finding-detail", args=[record.pk]), value)

    def render_title(self, record: Finding) -> str:
        return format_html('{}<div class="small text-muted">{} · {} · 证据 {} 项</div>', record.title,
                           record.organization.short_name or record.organization.name, record.drafted_by,
                           getattr(record, "evidence_count", 0))

    def render_category(self, record: Finding) -> str:
        return format_html('<span class="font-monospace">{}</span> {}', record.category.code, record.category.name[:24])

    def render_amount(self, value: Any) -> str:
        return f"{value:,.2f}"

    def render_severity(self, record: Finding) -> str:
        return format_html('<span class="badge text-bg-{}">{}</span>', SEVERITY_COLORS.get(record.severity, "light"),
                           record.get_severity_display())

    def render_status(self, record: Finding) -> str:
        return format_html('<span class="badge status-badge text-bg-{}">{}</span>',
                           STATUS_COLORS.get(record.status, "secondary"), record.get_status_display())
