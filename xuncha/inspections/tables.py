"""The inspection table of the list pages (the inspection list, a round, a team, an organisation).

Every cell reads what ``InspectionQuerySet.with_related`` loads (round, team, targets with their organisation):
no query per row."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import Table
from xuncha.inspections.models import Inspection


def _date(value: Any) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


class InspectionTable(Table):
    """Code, round, team, organisations, type, planned and actual stay, stage. ``link`` makes the code a link to
    the inspection page (off where the viewer may not open it)."""

    code = tables.Column(verbose_name=_("编号"), orderable=True, attrs={"td": {"class": "text-nowrap"}})
    round = tables.Column(verbose_name=_("轮次"), accessor="round__name", attrs={"td": {"class": "small"}})
    team = tables.Column(verbose_name=_("巡察组"), accessor="team__name", default="—",
                         attrs={"td": {"class": "text-nowrap"}})
    targets = tables.Column(verbose_name=_("被巡察党组织"), accessor="pk", empty_values=())
    inspection_type = tables.Column(verbose_name=_("类型"))
    planned = tables.Column(verbose_name=_("计划进驻—撤驻"), accessor="planned_entry", orderable=True,
                            attrs={"td": {"class": "small text-nowrap"}})
    actual = tables.Column(verbose_name=_("实际进驻—撤驻"), accessor="stationed_on", empty_values=(),
                           attrs={"td": {"class": "small text-nowrap"}})
    status = tables.Column(verbose_name=_("阶段"), attrs={"td": {"class": "text-nowrap"}})

    empty_icon = "clipboard"

    class Meta(Table.Meta):
        model = Inspection
        fields = ("code", "round", "team", "targets", "inspection_type", "planned", "actual", "status")
        attrs = {"class": "table table-hover align-middle inspection-table"}
        empty_text = _("没有符合条件的巡察。")

    def __init__(self, data: Any, *, show_round: bool = False, show_team: bool = True, link: bool = True,
                 **kwargs: Any) -> None:
        exclude = [name for name, shown in (("round", show_round), ("team", show_team)) if not shown]
        super().__init__(data, exclude=exclude, **kwargs)
        self.link = link

    def render_code(self, record: Inspection, value: str) -> SafeString:
        if self.link:
            return format_html('<a href="{}" class="fw-semibold font-monospace">{}</a>',
                               reverse("planning:inspection-detail", args=[record.pk]), value)
        return format_html('<span class="font-monospace">{}</span>', value)

    def render_targets(self, record: Inspection) -> SafeString:
        targets = record.targets.all()
        if not targets:
            return format_html('<span class="text-muted">{}</span>', _("未确定"))
        return format_html_join("", "<div>{}</div>", ((t.organization.short_name or t.organization.name,)
                                                      for t in targets))

    def render_inspection_type(self, record: Inspection) -> SafeString:
        parts = [format_html('<span class="text-nowrap">{}</span>', record.get_inspection_type_display())]
        if record.is_cross:
            parts.append(format_html(' <span class="badge badge-cross">{}</span>', _("交叉")))
        if record.is_linked:
            parts.append(format_html(' <span class="badge badge-linked">{}</span>', _("联动")))
        if record.special_topic:
            parts.append(format_html('<div class="small text-muted">{}</div>', record.special_topic))
        return mark_safe("".join(parts))  # noqa: S308 (each part is escaped by format_html)

    def render_planned(self, record: Inspection) -> SafeString:
        return format_html("{}<br>{}", _date(record.planned_entry), _date(record.planned_withdrawal))

    def render_actual(self, record: Inspection) -> SafeString:
        if not record.stationed_on:
            return format_html('<span class="text-muted">{}</span>', _("未进驻"))
        return format_html("{}<br>{}", _date(record.stationed_on), _date(record.withdrawn_on) or "—")

    def render_status(self, record: Inspection) -> SafeString:
        # The markup of components/status_badge.html, without a template render per row.
        return format_html('<span class="badge status-badge status-{}">{}</span>', record.status_color,
                           record.get_status_display())
