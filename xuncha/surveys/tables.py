"""The survey table of an inspection's surveys page: every cell reads the row and its annotations (no query
per row)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import Table
from xuncha.surveys.models import Survey, SurveyStatus

STATUS_STYLE: dict[str, str] = {SurveyStatus.DRAFT: "secondary", SurveyStatus.OPEN: "primary",
                                SurveyStatus.CLOSED: "success"}


class SurveyTable(Table):
    title = tables.Column(verbose_name=_("标题"), orderable=True)
    kind = tables.Column(verbose_name=_("类别"))
    tokens = tables.Column(verbose_name=_("答题码（已用/发放）"), accessor="token_count", orderable=False,
                           attrs={"td": {"class": "text-nowrap"}})
    period = tables.Column(verbose_name=_("答题时间"), accessor="opened_on", empty_values=(), orderable=False,
                           attrs={"td": {"class": "small text-nowrap"}})
    status = tables.Column(verbose_name=_("状态"), orderable=True, attrs={"td": {"class": "text-nowrap"}})

    empty_icon = "ui-checks"

    class Meta(Table.Meta):
        model = Survey
        fields = ("title", "kind", "tokens", "period", "status")
        empty_text = _("还没有测评。")

    def render_title(self, record: Survey, value: str) -> SafeString:
        return format_html('<a class="fw-semibold" href="{}">{}</a>',
                           reverse("surveys:survey-detail", args=[record.pk]), value)

    def render_tokens(self, record: Any) -> str:
        return f"{record.used_count} / {record.token_count}"

    def render_period(self, record: Survey) -> str:
        if not record.opened_on:
            return "—"
        end = record.closed_on.strftime("%Y-%m-%d") if record.closed_on else "…"
        return f"{record.opened_on:%Y-%m-%d} 至 {end}"

    def render_status(self, record: Survey) -> SafeString:
        return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_STYLE.get(record.status, "secondary"),
                           record.get_status_display())
