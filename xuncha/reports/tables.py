"""The report list and the meeting list as django-tables2 tables (``core.lists.Table``)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import Table
from xuncha.reports.models import Meeting, Report


class ReportTable(Table):
    code = tables.Column(verbose_name=_("巡察"), accessor="inspection__code", orderable=True,
                         attrs={"td": {"class": "font-monospace text-nowrap"}})
    targets = tables.Column(verbose_name=_("被巡察党组织"), accessor="pk", orderable=False,
                            attrs={"td": {"class": "col-text"}})
    team = tables.Column(verbose_name=_("巡察组"), accessor="inspection__team__name", orderable=False,
                         attrs={"td": {"class": "text-nowrap"}})
    status = tables.Column(verbose_name=_("状态"), orderable=True, attrs={"td": {"class": "text-nowrap"}})
    submitted_on = tables.DateColumn(verbose_name=_("报送"), format="Y-m-d", orderable=True)
    approved_on = tables.DateColumn(verbose_name=_("审定"), format="Y-m-d", orderable=True)

    empty_icon = "file-earmark-text"

    class Meta(Table.Meta):
        model = Report
        fields = ("code", "targets", "team", "status", "submitted_on", "approved_on")
        empty_text = _("没有巡察报告。")

    def render_code(self, record: Report) -> SafeString:
        return format_html('<a href="{}">{}</a>', reverse("reports:report-detail", args=[record.inspection_id]),
                           record.inspection.code)

    def render_targets(self, record: Report) -> str:
        return "、".join(str(t.organization) for t in record.inspection.targets.all())

    def render_status(self, record: Report) -> SafeString:
        return format_html('<span class="badge text-bg-{}">{}</span>', record.status_color,
                           record.get_status_display())


class MeetingTable(Table):
    held_on = tables.DateColumn(verbose_name=_("会议日期"), format="Y-m-d", orderable=True,
                                attrs={"td": {"class": "text-nowrap"}})
    kind = tables.Column(verbose_name=_("会议"), orderable=True, attrs={"td": {"class": "text-nowrap"}})
    chair = tables.Column(verbose_name=_("主持人"), orderable=False)
    decisions = tables.Column(verbose_name=_("听取汇报的巡察"), accessor="pk", orderable=False,
                              attrs={"td": {"class": "col-text"}})

    empty_icon = "people"

    class Meta(Table.Meta):
        model = Meeting
        fields = ("held_on", "kind", "chair", "decisions")
        empty_text = _("尚未记录会议。")

    def render_kind(self, record: Meeting) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.get_kind_display())

    def render_decisions(self, record: Meeting) -> Any:
        return format_html_join("、", "{}", ((d.inspection.code,) for d in record.decisions.all()))
