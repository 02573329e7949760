"""The petition list as a django-tables2 table (sortable, paginated; no petitioner identity in any column)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import Table
from xuncha.petitions.models import Petition
from xuncha.petitions.workflow import STATUS_COLORS, PetitionStatus


class PetitionTable(Table):
    number = tables.Column(verbose_name=_("编号"), orderable=True,
                           attrs={"td": {"class": "font-monospace text-nowrap"}})
    received_on = tables.DateColumn(verbose_name=_("收到日期"), format="Y-m-d", orderable=True,
                                    attrs={"td": {"class": "text-nowrap"}})
    channel = tables.Column(verbose_name=_("渠道"), orderable=True)
    about_whom = tables.Column(verbose_name=_("被反映人"))
    summary = tables.Column(verbose_name=_("反映事项"))
    category = tables.Column(verbose_name=_("分类"), accessor="category__code", default="—", orderable=True,
                             order_by=("category__code",))
    priority = tables.Column(verbose_name=_("优先级"), orderable=True)
    status = tables.Column(verbose_name=_("状态"), orderable=True, attrs={"td": {"class": "text-nowrap"}})

    empty_icon = "envelope-paper"

    class Meta(Table.Meta):
        model = Petition
        fields = ("number", "received_on", "channel", "about_whom", "summary", "category", "priority", "status")
        empty_text = _("还没有信访件。")

    def render_number(self, record: Petition, value: Any) -> Any:
        return format_html('<a href="{}">{}</a>{}', reverse("petitions:petition-detail", args=[record.pk]), value,
                           format_html(' <span class="badge text-bg-warning">{}</span>', _("截止后"))
                           if record.after_cutoff else "")

    def render_channel(self, record: Petition) -> Any:
        return record.get_channel_display()

    def render_priority(self, record: Petition) -> Any:
        css = {"urgent": "danger", "high": "warning"}.get(record.priority, "light")
        return format_html('<span class="badge text-bg-{}">{}</span>', css, record.get_priority_display())

    def render_status(self, record: Petition) -> Any:
        color = STATUS_COLORS[PetitionStatus(record.status)]
        return format_html('<span class="badge status-badge bg-{}">{}</span>', color, record.get_status_display())
