"""The lead list as a django-tables2 table: no person's name in any column (they are encrypted and need-to-know)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from xuncha.core.clock import business_today
from xuncha.core.lists import Table
from xuncha.leads.deadlines import due_state
from xuncha.leads.models import Lead
from xuncha.leads.states import DueState

DUE_COLORS: dict[str, str] = {DueState.OVERDUE: "danger", DueState.SOON: "warning", DueState.RUNNING: "light",
                              DueState.DONE: "success"}


class LeadTable(Table):
    number = tables.Column(verbose_name=_("线索编号"), orderable=True,
                           attrs={"td": {"class": "font-monospace text-nowrap"}})
    summary = tables.Column(verbose_name=_("线索摘要"))
    inspection = tables.Column(verbose_name=_("巡察"), accessor="inspection__code", orderable=True,
                               order_by=("inspection__code",), attrs={"td": {"class": "font-monospace text-nowrap"}})
    target = tables.Column(verbose_name=_("移交对象"), orderable=True)
    status = tables.Column(verbose_name=_("状态"), orderable=True, attrs={"td": {"class": "text-nowrap"}})
    referral_no = tables.Column(verbose_name=_("移交文号"), default="—", orderable=True,
                                attrs={"td": {"class": "text-nowrap"}})
    feedback_due_on = tables.DateColumn(verbose_name=_("反馈期限"), format="Y-m-d", default="—", orderable=True,
                                        attrs={"td": {"class": "text-nowrap"}})

    empty_icon = "send"

    class Meta(Table.Meta):
        model = Lead
        fields = ("number", "summary", "inspection", "target", "status", "referral_no", "feedback_due_on")
        empty_text = _("没有问题线索。")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = business_today()  # once, not per row

    def render_number(self, record: Lead, value: Any) -> Any:
        return format_html('<a href="{}">{}</a>', reverse("leads:lead-detail", args=[record.pk]), value)

    def render_target(self, record: Lead) -> Any:
        return format_html('{}<div class="small text-muted">{}</div>', record.get_target_display(),
                           record.receiver_name)

    def render_status(self, record: Lead) -> Any:
        return format_html('<span class="badge status-badge bg-{}">{}</span>', record.status_color,
                           record.get_status_display())

    def render_feedback_due_on(self, record: Lead, value: Any) -> Any:
        state = due_state(record.status, record.feedback_due_on, self.today)
        if state is None:
            return "—"
        return format_html('{} <span class="badge text-bg-{}">{}</span>', f"{value:%Y-%m-%d}", DUE_COLORS[state],
                           DueState(state).label)
